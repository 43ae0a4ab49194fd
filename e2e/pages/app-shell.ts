import { expect, type Locator, type Page } from '@playwright/test';

/** What every page has: the nav, the theme toggle, the live indicator. */
export class AppShell {
  readonly live: Locator;
  readonly themeToggle: Locator;

  constructor(readonly page: Page) {
    this.live = page.getByTestId('live-indicator');
    this.themeToggle = page.getByTestId('theme-toggle');
  }

  async expectLive(): Promise<void> {
    await expect(this.live).toHaveAttribute('data-tone', 'ok');
    await expect(this.live).toHaveText(/Live/);
  }

  /** Marks the document so a test can tell a live update from a reload. */
  async markDocument(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __sidecarscopeMark?: boolean }).__sidecarscopeMark = true;
    });
  }

  async expectSameDocument(): Promise<void> {
    const marked = await this.page.evaluate(() => (window as unknown as { __sidecarscopeMark?: boolean }).__sidecarscopeMark === true);
    expect(marked, 'the page was reloaded').toBe(true);
  }

  /** Saves a full-page screenshot once the live indicator has settled (live, or saying why not). */
  async screenshot(name: string): Promise<void> {
    await expect(this.live).not.toHaveAttribute('data-tone', 'pending');
    await this.page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
  }
}
