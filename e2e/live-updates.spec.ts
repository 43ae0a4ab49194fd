import { expect, test } from '@playwright/test';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

test('a crash-looping sidecar restarts on screen without a reload', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=mesh&q=payments');
  await pods.openPod(/^payments-/);
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  await pod.expectLive();
  await pod.markDocument();

  const restarts = page
    .getByTestId('pod-facts')
    .getByText(/^Restarts/)
    .locator('strong');
  const before = Number(await restarts.innerText());
  await expect.poll(async () => Number(await restarts.innerText()), { timeout: 90_000 }).toBeGreaterThan(before);
  await expect(pod.lane('istio-proxy').locator('[data-testid="marker"][data-kind="restart"]').first()).toBeAttached();
  await pod.expectSameDocument();
  await pod.screenshot('pod-crashloop-live');
});

test('new pods appear in the list as the cluster creates them', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=cronjobs&sort=age');
  await expect(pods.rows.first()).toBeVisible();
  await pods.markDocument();
  const first = await pods.rows.first().getAttribute('data-pod');
  // The CronJobs of seed 002 start a new Job every minute.
  await expect.poll(() => pods.rows.first().getAttribute('data-pod'), { timeout: 90_000 }).not.toBe(first);
  await pods.expectSameDocument();
});
