import { expect, test, type Response } from '@playwright/test';
import { SUBPATH } from '../playwright.config';
import { OverviewPage } from './pages/overview-page';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

/**
 * The dashboard as an ingress serves it at `/sidecars`, protected by SIDECARSCOPE_TOKEN: every
 * link, asset, API call and the live stream must stay under the sub-path, behind the sign-in.
 */
test('under /sidecars with a token: sign in, then overview, pods, a pod and the live stream all work', async ({ page }) => {
  const outside: string[] = [];
  const failed: string[] = [];
  page.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (url.port !== String(SUBPATH.port)) return;
    if (!url.pathname.startsWith(`${SUBPATH.basePath}/`) && url.pathname !== SUBPATH.basePath) outside.push(url.pathname);
    if (response.status() >= 400) failed.push(`${response.status()} ${url.pathname}`);
  });

  const api = await page.request.get(`${SUBPATH.basePath}/api/summary`);
  expect(api.status()).toBe(401);
  expect(api.headers()['www-authenticate']).toContain('Bearer');

  const first = await page.goto(`${SUBPATH.basePath}/pods?namespace=shop`);
  expect(first?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByRole('heading', { name: 'Sidecarscope' })).toBeVisible();
  await page.getByLabel('Token').fill('not-the-token-at-all-0000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That token is not valid.');
  await page.getByLabel('Token').fill(SUBPATH.token);
  failed.length = 0; // the sign-in page itself answers 401 until then
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Back where the SRE was going, under the sub-path, with the token nowhere in the address.
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${SUBPATH.port}${SUBPATH.basePath}/pods\\?namespace=shop$`));
  const pods = new PodsPage(page);
  await expect(pods.table).toBeVisible();
  await pods.expectLive();
  await expect(pods.rows.first()).toBeVisible();
  await pods.screenshot('sub-path-pods');

  await pods.rows.first().getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`${SUBPATH.basePath}/pods/shop/`));
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  await pod.expectLive();

  await page.getByRole('link', { name: 'Overview' }).first().click();
  await expect(page).toHaveURL(new RegExp(`${SUBPATH.basePath}/?$`));
  const overview = new OverviewPage(page);
  await expect(overview.heading).toBeVisible();
  await overview.expectLive();
  await overview.screenshot('sub-path-overview');

  expect(outside, 'requests that left the sub-path').toEqual([]);
  expect(failed, 'requests that failed').toEqual([]);
});
