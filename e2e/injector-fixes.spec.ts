import { expect, test } from '@playwright/test';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

test("an injected linkerd-proxy gets Linkerd's own settings, and Copy fix copies only the one that applies", async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=meshed&q=inventory');
  const inventory = /^inventory-/;
  await expect(pods.row(inventory).first()).toBeVisible({ timeout: 60_000 });
  await pods.openPod(inventory);

  const pod = new PodPage(page);
  const race = pod.finding('startup-race');
  await expect(race).toBeVisible({ timeout: 60_000 });
  await expect(race).toHaveAttribute('open', '');
  await expect(race.getByText('injected by', { exact: true })).toBeVisible();
  await expect(race).toContainText('Linkerd (annotation linkerd.io/proxy-version: stable-2.14.10; image cr.l5d.io/linkerd/proxy:stable-2.14.10)');

  const snippets = race.getByTestId('fix-snippet');
  await expect(snippets.first()).toHaveAttribute('data-applies', 'true');
  await expect(snippets.first()).toContainText('config.linkerd.io/proxy-await: "enabled"');
  expect(await snippets.count()).toBeGreaterThan(1);

  const fromPod = race.getByTestId('fix-value').and(page.locator('[data-origin="pod"]'));
  await expect(fromPod.filter({ hasText: 'readiness endpoint.httpGet.path' })).toContainText('/ready');
  await expect(fromPod.filter({ hasText: 'readiness endpoint.httpGet.port' })).toContainText('4191');
  await expect(fromPod.first()).toContainText('from the pod');

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const copy = race.getByTestId('fix').locator('button[data-copy-text]').first();
  await expect(copy).toHaveText('Copy fix');
  const firstSnippet = (await snippets.first().locator('code').innerText()).trim();
  await copy.click();
  await expect(copy).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(firstSnippet);
  expect(copied).not.toContain('await: true');
  await race.scrollIntoViewIfNeeded();
  await race.screenshot({ path: 'e2e/screenshots/injector-fix-startup-race.png' });

  const legacy = pod.finding('legacy-sidecar');
  await legacy.locator('summary').click();
  await expect(legacy).toContainText("this pod's Linkerd is stable-2.14.10: upgrade first");
  await expect(legacy.getByTestId('fix-snippet').first()).toContainText('config.alpha.linkerd.io/proxy-enable-native-sidecar: "true"');
  const second = legacy.getByTestId('fix-snippet').nth(1);
  await second.getByRole('button').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe((await second.locator('code').innerText()).trim());

  const resources = pod.finding('sidecar-no-resources');
  await resources.locator('summary').click();
  await expect(resources.getByTestId('fix-snippet').first()).toContainText('config.linkerd.io/proxy-memory-request:', { timeout: 60_000 });
  await expect(resources.getByTestId('fix-value').and(page.locator('[data-origin="observed"]')).filter({ hasText: 'requests.memory' })).toContainText(
    'observed',
  );
  await expect(resources.getByTestId('fix-value').and(page.locator('[data-origin="suggested"]')).filter({ hasText: 'limits.memory' })).toContainText('+ 25%');
  await pod.screenshot('pod-injector-fixes');
});

test('a sidecar the user owns gets its startupProbe from its own readinessProbe, marked as from the pod', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=cronjobs&q=sidecar-cronjob-');
  const legacy = /^sidecar-cronjob-\d/;
  await expect(pods.row(legacy).first()).toBeVisible({ timeout: 90_000 });
  await pods.openPod(legacy);
  const race = new PodPage(page).finding('startup-race');
  await expect(race).toBeVisible({ timeout: 60_000 });
  await expect(race.getByTestId('fix-snippet').first()).toContainText("httpGet: { path: /, port: 8081 }   # from slow-sidecar's readinessProbe");
  await expect(race.getByTestId('fix-value').and(page.locator('[data-origin="pod"]')).filter({ hasText: 'startupProbe.httpGet.port' })).toContainText('8081');
  await expect(race.getByTestId('fix-value').and(page.locator('[data-origin="suggested"]')).first()).toContainText('suggestion');
  await expect(race).not.toContainText('PLACEHOLDER');
});
