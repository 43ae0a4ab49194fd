import { expect, test } from '@playwright/test';
import { PodsPage } from './pages/pods-page';

test('filtering the pods list keeps the filters in a link that opens the same list', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto();
  await expect(pods.rows.first()).toBeVisible();

  await pods.namespace.selectOption('mesh');
  await expect(page).toHaveURL(/namespace=mesh/);
  await expect(pods.rows.first()).toBeVisible();
  await expect.poll(() => pods.visibleNamespaces()).toEqual(expect.arrayContaining(['mesh']));
  expect(new Set(await pods.visibleNamespaces())).toEqual(new Set(['mesh']));

  await pods.search.fill('payments');
  await expect(page).toHaveURL(/q=payments/);
  await expect(pods.rows.first()).toContainText('payments');

  await page.getByRole('button', { name: 'Restarts' }).click();
  await expect(page).toHaveURL(/sort=restarts/);
  await pods.screenshot('pods-filtered');

  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(pods.namespace).toHaveValue('mesh');
  await expect(pods.search).toHaveValue('payments');
  await expect(pods.rows.first()).toContainText('payments');
});

test('a filter that matches nothing says so and offers to clear it', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('q=no-such-pod-anywhere');
  await expect(page.getByTestId('state-empty')).toContainText('No pod matches these filters.');
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(pods.rows.first()).toBeVisible();
  await expect(pods.search).toHaveValue('');
});
