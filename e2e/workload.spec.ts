import { expect, test } from '@playwright/test';
import { SUBPATH } from '../playwright.config';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';
import { WorkloadPage } from './pages/workload-page';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const STOREFRONT = /^storefront-[a-z0-9]+-[a-z0-9]+$/;

test('the workload page lines up six replicas, shows the spread of their startup, and gives probe advice to copy', async ({ page }) => {
  test.setTimeout(180_000);
  const pods = new PodsPage(page);
  await pods.goto('namespace=storefront');
  await expect(pods.row(STOREFRONT)).toHaveCount(6, { timeout: 60_000 }); // a rolling update: from 10 s on, one every 2 s
  await pods.row(STOREFRONT).first().getByTestId('pod-workload').click();
  await expect(page).toHaveURL(/\/workloads\/storefront\/Deployment\/storefront$/);

  const workload = new WorkloadPage(page);
  await workload.expectLive();
  await expect(workload.replicas).toHaveCount(6);
  // One replica waits on istio-init for 9 s and warms a cold cache: it stands out, first by startup tax.
  await expect(workload.replicas.first()).toHaveAttribute('data-slow', 'true', { timeout: 60_000 });
  await expect(workload.replicas.filter({ has: page.getByText('slow', { exact: true }) })).toHaveCount(1);
  const taxes = await workload.replicaTaxes();
  expect(taxes).toEqual([...taxes].sort((a, b) => b - a));
  expect(taxes[0]).toBeGreaterThanOrEqual(2 * (taxes[3] ?? Infinity)); // the median of six, nearest rank
  // Aligned: every replica draws its three containers on the same axis from its own pod start.
  const lanes = workload.replicas.first().getByTestId('compact-lane');
  await expect(lanes).toHaveCount(3);
  for (const container of ['storefront', 'istio-proxy']) {
    await expect(lanes.and(page.locator(`[data-container="${container}"]`)).locator('[data-state="ready"]')).toHaveCount(1, { timeout: 60_000 });
  }

  const ready = workload.histogram('storefront', 'ready');
  await expect(ready).toHaveAttribute('data-samples', '6', { timeout: 60_000 });
  const counts = (await ready.getAttribute('data-counts'))?.split(',').map(Number) ?? [];
  expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
  expect(Number(await ready.getAttribute('data-p99'))).toBeGreaterThan(2 * Number(await ready.getAttribute('data-p50')));
  await expect(ready).toContainText('p99');
  await expect(ready.locator('.recharts-bar-rectangle').first()).toBeVisible();

  await page.getByRole('group', { name: 'Sort replicas' }).getByRole('button', { name: 'Name' }).click();
  await expect(page).toHaveURL(/\?sort=name$/);
  const names = await workload.replicaNames();
  expect(names).toEqual([...names].sort());

  const native = workload.adviceFor('istio-proxy');
  await expect(native).toHaveAttribute('data-kind', 'make-native-sidecar');
  await native.getByRole('button', { name: 'Copy YAML' }).click();
  await expect(native.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // istio-proxy is injected (Istio 1.21.2): the advice is istiod's own switch, not a hand edit the
  // webhook would undo on the next pod; the per-pod annotation needs 1.24, so it comes second.
  await expect(native).toContainText("Make istio-proxy a native sidecar through Istio's injector");
  await expect(native).toContainText('Or: inject istio-proxy as a native sidecar for this workload');
  expect(copied).toContain('ENABLE_NATIVE_SIDECARS: "true"');
  expect(copied).not.toContain('initContainers');
  await expect(workload.adviceFor('storefront')).toHaveAttribute('data-kind', 'readiness-before-serving');
  await expect(page.locator('[data-testid="finding-group"][data-finding="legacy-sidecar"]')).toHaveAttribute('data-pods', '6');
  await workload.screenshot('workload-storefront');
});

test("the crash-looping istio-proxy's finding shows the last lines of its previous run", async ({ page }) => {
  test.setTimeout(240_000);
  const pods = new PodsPage(page);
  await pods.goto('namespace=mesh');
  await pods.openPod(/^payments-/);
  const pod = new PodPage(page);
  const finding = pod.finding('sidecar-crashloop');
  await expect(finding).toBeVisible({ timeout: 180_000 });
  const log = finding.getByTestId('previous-log');
  await expect(log.getByTestId('kubectl-logs-command')).toHaveText(/^kubectl logs -n mesh payments-\S+ -c istio-proxy --previous --tail=200$/);
  await log.getByRole('button', { name: 'Show the log' }).click();
  const lines = log.getByTestId('previous-log-lines');
  await expect(lines).toContainText('failed to sign CSR');
  await expect(lines).toContainText('Envoy exited with error: exit status 1; pilot-agent exiting');
  await log.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/previous-log.png', fullPage: false });
});

test('with logs disabled, the pod page shows the kubectl command and the server reads no log', async ({ page }) => {
  test.setTimeout(240_000);
  const base = `http://127.0.0.1:${SUBPATH.port}${SUBPATH.basePath}`;
  await page.goto(`${base}/pods?namespace=mesh`);
  await page.getByLabel('Token').fill(SUBPATH.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const pods = new PodsPage(page);
  await expect(pods.row(/^payments-/)).toHaveCount(1);
  await pods.openPod(/^payments-/);
  const pod = new PodPage(page);
  const log = pod.restartHistory.locator('[data-testid="previous-log"][data-container="istio-proxy"]');
  await expect(log).toBeVisible({ timeout: 120_000 });
  const command = log.getByTestId('kubectl-logs-command');
  await expect(command).toHaveText(/^kubectl logs -n mesh payments-\S+ -c istio-proxy --previous --tail=200$/);
  const answer = page.waitForResponse((r) => r.url().includes('/logs?container=istio-proxy'));
  await log.getByRole('button', { name: 'Show the log' }).click();
  expect(await (await answer).json()).toMatchObject({ enabled: false, command: await command.textContent() });
  await expect(log.getByTestId('logs-disabled')).toContainText('SIDECARSCOPE_LOGS_ENABLED is off');
  await expect(log.getByTestId('previous-log-lines')).toHaveCount(0);
  await log.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/previous-log-disabled.png' });
});

test('keys move through the pods list as in k9s, and the views keep their state in the URL', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=storefront');
  await expect(pods.row(STOREFRONT)).toHaveCount(6, { timeout: 60_000 });
  await page.keyboard.press('/');
  await expect(pods.search).toBeFocused();
  await page.keyboard.type('storefront');
  await expect(page).toHaveURL(/q=storefront/);
  await page.keyboard.press('Escape');
  await expect(pods.search).not.toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(pods.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(pods.rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(pods.rows.nth(1)).toHaveAttribute('aria-selected', 'false');
  const selected = await pods.rows.nth(0).getAttribute('data-pod');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/pods/${selected}$`));
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  await pod.timeline.getByRole('button', { name: 'Whole life' }).click();
  await expect(page).toHaveURL(new RegExp(`/pods/${selected}\\?zoom=all$`));
  await page.reload();
  await expect(pod.timeline.getByRole('button', { name: 'Whole life' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/pods\?namespace=storefront&q=storefront$/);
});
