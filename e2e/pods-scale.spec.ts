import { expect, test, type Route } from '@playwright/test';
import { PodsPage } from './pages/pods-page';

const TOTAL = 100_000;

function row(i: number) {
  return {
    uid: `uid-${i}`,
    namespace: 'scale',
    name: `scale-pod-${String(i).padStart(6, '0')}`,
    workload: { kind: 'Deployment', name: 'scale' },
    phase: 'Running',
    status: 'Running',
    ready: '2/2',
    restarts: 0,
    deleted: false,
    containers: [
      { name: 'istio-proxy', kind: 'native-sidecar', signal: 'native' },
      { name: 'app', kind: 'main' },
    ],
    findings: { critical: 0, warning: 0, info: 0 },
    findingIds: [],
  };
}

/** Serves a 100,000-pod list page by page, as the API would; everything else is the real server. */
async function servePages(route: Route, requested: number[]): Promise<void> {
  const params = new URL(route.request().url()).searchParams;
  const offset = Number(params.get('offset') ?? 0);
  const limit = Number(params.get('limit') ?? 100);
  requested.push(offset);
  const rows = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, k) => row(offset + k));
  await route.fulfill({ json: { total: TOTAL, offset, limit, rows } });
}

test('a list of 100,000 pods renders only the rows on screen and fetches only their pages', async ({ page }) => {
  const requested: number[] = [];
  await page.route('**/api/pods?*', (route) => servePages(route, requested));
  const pods = new PodsPage(page);
  await pods.goto();
  await expect(pods.total).toHaveText('100,000 pods');
  await expect(pods.rows.first()).toContainText('scale-pod-000000');
  expect(await pods.rows.count()).toBeLessThan(100);

  const scroller = page.getByTestId('pods-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(pods.row(/^scale-pod-099999$/)).toBeVisible();
  expect(await pods.rows.count()).toBeLessThan(100);
  expect(requested).toContain(99_900);
  expect(new Set(requested).size).toBeLessThan(10);
  await pods.screenshot('pods-100k-bottom');
});

test("a cluster's 2,000 workloads are put into the filter's list when it is opened, and can be chosen", async ({ page }) => {
  const workloads = Array.from({ length: 2_000 }, (_, i) => ({ namespace: 'scale', kind: 'Deployment', name: `scale-${String(i).padStart(4, '0')}` }));
  await page.route('**/api/facets', (route) => route.fulfill({ json: { namespaces: ['scale'], workloads } }));
  await page.route('**/api/pods?*', (route) => servePages(route, []));
  const pods = new PodsPage(page);
  await pods.goto('workload=Deployment%2Fscale-0007');
  const select = page.getByLabel('Workload');
  const options = select.locator('option');
  // Before it is opened: all workloads, the chosen one (shown as the value) and how many there are.
  await expect(options).toHaveText(['All workloads', 'Deployment/scale-0007', '2,000 workloads: open the list']);
  await expect(select).toHaveValue('Deployment/scale-0007');

  await select.focus();
  await expect(options).toHaveCount(2_001);
  await expect(select).toHaveValue('Deployment/scale-0007');
  await select.selectOption('Deployment/scale-1999');
  await expect(page).toHaveURL(/workload=Deployment%2Fscale-1999/);
  await expect(select).toHaveValue('Deployment/scale-1999');
});
