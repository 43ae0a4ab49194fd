import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';

test('the theme toggle is reachable by keyboard and the choice survives a reload', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  const html = page.locator('html');
  const startsDark = ((await html.getAttribute('class')) ?? '').includes('dark');

  for (let i = 0; i < 10 && !(await overview.themeToggle.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(overview.themeToggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(html).toHaveClass(startsDark ? /^(?!.*dark)/ : /dark/);

  await page.reload();
  await expect(overview.heading).toBeVisible();
  await expect(html).toHaveClass(startsDark ? /^(?!.*dark)/ : /dark/);
  await overview.expectLive();
  await overview.screenshot(startsDark ? 'overview-light' : 'overview-dark');
});
