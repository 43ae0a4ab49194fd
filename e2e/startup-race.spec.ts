import { expect, test } from '@playwright/test';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

test('the seed 002 race shows the app lane running before the legacy sidecar serves', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=cronjobs&finding=startup-race');
  const racePod = /^sidecar-cronjob-\d+-[a-z0-9]+$/;
  await expect(pods.row(racePod).first()).toBeVisible({ timeout: 90_000 });
  await pods.openPod(racePod);

  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  await expect(pod.finding('startup-race')).toBeVisible();
  const sidecar = await pod.laneTimes('slow-sidecar');
  const app = await pod.laneTimes('sidecar-user');
  expect(sidecar.kind).toBe('legacy-sidecar');
  expect(app.kind).toBe('main');
  expect(app.firstRunningAt).toBeDefined();
  // The app ran while the sidecar was not yet serving (ready), or before it ever was.
  expect(app.firstRunningAt ?? 0).toBeLessThan(sidecar.readyAt ?? Number.POSITIVE_INFINITY);

  const firstRun = pod.lane('sidecar-user').locator('[data-testid="segment"]:not([data-state="waiting"])').first();
  await firstRun.hover();
  const tip = page.getByTestId('timeline-tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/(reported, 1 s|observed, 1 ms) resolution/);
  await pod.screenshot('pod-startup-race');
});

test('with a startupProbe the native sidecar is started before the app runs', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=cronjobs&q=sidecar-cronjob-probe');
  const probePod = /^sidecar-cronjob-probe-\d+-[a-z0-9]+$/;
  await expect(pods.row(probePod).first()).toBeVisible({ timeout: 60_000 });
  await pods.openPod(probePod);

  const pod = new PodPage(page);
  await expect(pod.lane('sidecar-user')).toHaveAttribute('data-first-running-at', /\d+/, { timeout: 60_000 });
  const sidecar = await pod.laneTimes('slow-sidecar');
  const app = await pod.laneTimes('sidecar-user');
  expect(sidecar.kind).toBe('native-sidecar');
  expect(sidecar.startedAt).toBeDefined();
  expect(app.firstRunningAt ?? 0).toBeGreaterThanOrEqual(sidecar.startedAt ?? Number.POSITIVE_INFINITY);
  await expect(pod.finding('startup-race')).toHaveCount(0);
  await pod.screenshot('pod-native-startup-probe');
});
