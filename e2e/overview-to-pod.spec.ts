import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

test('an SRE follows a critical finding from the overview to the pod that has it', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await overview.expectLive();
  await expect.poll(() => overview.criticalCount(), { timeout: 90_000 }).toBeGreaterThan(0);
  await expect(overview.fleet).toContainText('sidecar containers run beside');
  await overview.screenshot('overview');

  await overview.critical.click();
  await expect(page).toHaveURL(/\/pods\?.*severity=critical/);
  const pods = new PodsPage(page);
  await expect(pods.rows.first()).toBeVisible();
  await expect(pods.rows.first().getByTitle(/\d+ critical/)).toBeVisible();
  await pods.screenshot('pods-critical');

  await pods.rows.first().getByRole('link').first().click();
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  const critical = pod.findings.and(page.locator('[data-severity="critical"]')).first();
  await expect(critical).toBeVisible();
  await pod.screenshot('pod-with-critical-finding');

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = critical.locator('button[data-copy-text]').first();
  await expect(copy).toHaveText('Copy fix');
  const expected = await copy.getAttribute('data-copy-text');
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(expected).toBeTruthy();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
});

test('the overview shows the sidecars in trouble and links each to its pod', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  const troubledLink = overview.troubled.getByRole('link').first();
  await expect(troubledLink).toBeVisible({ timeout: 90_000 });
  const podName = await troubledLink.innerText();
  await troubledLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(podName);
});
