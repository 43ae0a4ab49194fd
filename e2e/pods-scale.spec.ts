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
