import { expect, test } from '@playwright/test';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

test('the OOM-killing logger sidecar shows its memory reaching the limit', async ({ page }) => {
  test.setTimeout(360_000);
  const pods = new PodsPage(page);
  await pods.goto('namespace=shop&q=checkout');
  const checkout = /^checkout-/;
  await expect(pods.row(checkout).first()).toBeVisible();
  await pods.openPod(checkout);

  const pod = new PodPage(page);
  // fluent-bit grows ~72Mi a minute towards its 256Mi limit: the first OOM kill takes about 3 minutes.
  await expect(pod.restartHistory).toContainText('OOMKilled', { timeout: 300_000 });
  const chart = pod.memoryChart('fluent-bit');
  await chart.scrollIntoViewIfNeeded();
  await expect(chart).toHaveAttribute('data-limit', '256'); // MiB
  const ofLimit = Number(await chart.getAttribute('data-of-limit'));
  expect(ofLimit).toBeGreaterThanOrEqual(0.9);
  await expect(pod.finding('sidecar-oomkilled')).toBeVisible();
  const kill = pod.lane('fluent-bit').locator('[data-testid="marker"][data-kind="oom-killed"], [data-testid="segment"][data-state="terminated"]');
  await expect(kill.first()).toBeVisible();
  await pod.screenshot('pod-oom-logger');
  await chart.screenshot({ path: 'e2e/screenshots/oom-logger-memory-chart.png' });
});
