import { expect, test } from '@playwright/test';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

/** Seed 002: `sidecar-user` curls `slow-sidecar` once, and `slow-sidecar` serves 5 s after it starts. */
const legacyPod = /^sidecar-cronjob-\d+-[a-z0-9]+$/;
const nativeNoProbePod = /^sidecar-cronjob-native-\d+-[a-z0-9]+$/;
const nativeProbePod = /^sidecar-cronjob-probe-\d+-[a-z0-9]+$/;

/**
 * Opens the newest finished pod of one form. With `watchedRun`, waits for a second run: the first
 * may have finished before the dashboard started watching, and then only reported (1 s) times
 * exist — a native sidecar's `started` flip, which carries no timestamp, is then unknown.
 */
async function openFinishedPod(pods: PodsPage, name: RegExp, status: RegExp, watchedRun = false): Promise<void> {
  await pods.goto('namespace=cronjobs&q=sidecar-cronjob&sort=age');
  const rows = pods.row(name).filter({ has: pods.page.getByTestId('pod-status').getByText(status) });
  await expect(rows.first()).toBeVisible({ timeout: 90_000 });
  if (watchedRun) await expect.poll(() => rows.count(), { timeout: 100_000 }).toBeGreaterThanOrEqual(2);
  await rows.first().getByRole('link').first().click();
}

test('the seed 002 race is on the timeline: the app lane runs before the sidecar lane is ready to serve', async ({ page }) => {
  const pods = new PodsPage(page);
  await openFinishedPod(pods, legacyPod, /Error/);

  const pod = new PodPage(page);
  await expect(pod.lane('sidecar-user')).toHaveAttribute('data-first-running-at', /\d+/);
  const sidecar = await pod.laneTimes('slow-sidecar');
  const app = await pod.laneTimes('sidecar-user');
  expect(sidecar.firstRunningAt).toBeDefined();
  expect(app.firstRunningAt ?? 0).toBeLessThan(sidecar.readyAt ?? Number.POSITIVE_INFINITY);
  await expect(pod.lane('sidecar-user').locator('[data-testid="segment"][data-state="terminated"]')).toHaveCount(1);

  const firstRun = pod.lane('sidecar-user').locator('[data-testid="segment"]:not([data-state="waiting"])').first();
  await firstRun.focus();
  const tip = page.getByTestId('timeline-tip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/(reported, 1 s|observed, 1 ms) resolution/);
  await pod.screenshot('pod-startup-race-legacy');
});

test('the legacy form of the seed 002 race is recognised: slow-sidecar is a legacy sidecar and the race a finding', async ({ page }) => {
  const pods = new PodsPage(page);
  await openFinishedPod(pods, legacyPod, /Error/);
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  expect((await pod.laneTimes('slow-sidecar')).kind).toBe('legacy-sidecar');
  await expect(pod.finding('startup-race')).toBeVisible();
});

test('a native sidecar without startupProbe is started at once, and the race is a critical finding', async ({ page }) => {
  const pods = new PodsPage(page);
  await openFinishedPod(pods, nativeNoProbePod, /Error/);
  const pod = new PodPage(page);
  await expect(pod.finding('startup-race')).toHaveAttribute('data-severity', 'critical');
  await expect(pod.finding('sidecar-no-startup-probe')).toBeVisible();
  const sidecar = await pod.laneTimes('slow-sidecar');
  const app = await pod.laneTimes('sidecar-user');
  expect(sidecar.kind).toBe('native-sidecar');
  expect(app.firstRunningAt ?? 0).toBeGreaterThanOrEqual(sidecar.startedAt ?? Number.POSITIVE_INFINITY);
  await pod.screenshot('pod-startup-race-native');
});

test('with a startupProbe the native sidecar is started before the app runs, and no race is reported', async ({ page }) => {
  test.setTimeout(240_000);
  const pods = new PodsPage(page);
  await openFinishedPod(pods, nativeProbePod, /Completed/, true);
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  const sidecar = await pod.laneTimes('slow-sidecar');
  const app = await pod.laneTimes('sidecar-user');
  expect(sidecar.kind).toBe('native-sidecar');
  expect(sidecar.startedAt).toBeDefined();
  expect(app.firstRunningAt ?? 0).toBeGreaterThanOrEqual(sidecar.startedAt ?? Number.POSITIVE_INFINITY);
  await expect(pod.finding('startup-race')).toHaveCount(0);
  await pod.screenshot('pod-native-startup-probe');
});
