import { expect, test } from '@playwright/test';
import { PodsPage } from './pages/pods-page';

const PRELOAD = '__sidecarscopePreload';

test("opening the pods list fetches its first page from the HTML and no other page's payload", async ({ page }) => {
  const prefetches: string[] = [];
  page.on('request', (request) => {
    if (request.headers()['rsc'] === '1' || request.url().includes('_rsc=')) prefetches.push(request.url());
  });
  const pods = new PodsPage(page);
  await pods.goto();
  await expect(pods.rows.first()).toBeVisible();
  // The inline script started the unfiltered first page; the list took that answer (once).
  expect(await page.evaluate((key) => Object.keys((window as unknown as Record<string, object | undefined>)[key] ?? { 'no preload ran': 1 }), PRELOAD)).toEqual(
    [],
  );
  await page.waitForTimeout(1_500);
  expect(prefetches).toEqual([]);
});

test('a filtered pods list is not preloaded with the unfiltered page', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=mesh');
  await expect(pods.rows.first()).toBeVisible();
  expect(await page.evaluate((key) => (window as unknown as Record<string, unknown>)[key] === undefined, PRELOAD)).toBe(true);
});
