import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';

test('when the live stream cannot be reached the indicator says it is reconnecting', async ({ page }) => {
  await page.route('**/api/stream*', (route) => route.abort('connectionrefused'));
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.live).toHaveText(/Reconnecting since \d\d:\d\d:\d\d UTC/);
  await expect(overview.live).toHaveAttribute('data-tone', 'warn');
});

test('without a metrics API the overview says how to install metrics-server', async ({ page }) => {
  await page.route('**/api/stream*', (route) => route.abort('connectionrefused'));
  await page.route('**/api/summary', async (route) => {
    const response = await route.fetch();
    const summary = (await response.json()) as { metrics: unknown };
    summary.metrics = { available: false, reason: 'the server could not find the requested resource (metrics.k8s.io)' };
    await route.fulfill({ response, json: summary });
  });
  const overview = new OverviewPage(page);
  await overview.goto();
  const notice = page.getByTestId('state-empty').filter({ hasText: 'no metrics API' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml');
  await overview.screenshot('overview-no-metrics');
});

test('a pod the dashboard does not know says so and links to its namespace', async ({ page }) => {
  await page.goto('/pods/shop/no-such-pod-here');
  await expect(page.getByTestId('state-empty')).toContainText('This pod is not in the cluster');
  await page.getByRole('link', { name: 'See the pods of shop' }).click();
  await expect(page).toHaveURL(/\/pods\?namespace=shop/);
});
