import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

export class OverviewPage extends AppShell {
  readonly heading: Locator;
  readonly critical: Locator;
  readonly troubled: Locator;
  readonly fleet: Locator;
  readonly startupTax: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Overview' });
    this.critical = page.getByTestId('severity-critical');
    this.troubled = page.getByTestId('troubled-sidecars');
    this.fleet = page.getByTestId('sidecar-fleet');
    this.startupTax = page.getByTestId('startup-tax');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.heading).toBeVisible();
  }

  async criticalCount(): Promise<number> {
    const text = await this.critical.locator('p.text-3xl').innerText();
    return Number(text);
  }
}
