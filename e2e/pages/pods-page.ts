import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

export class PodsPage extends AppShell {
  readonly table: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly search: Locator;
  readonly namespace: Locator;
  readonly finding: Locator;
  readonly sidecars: Locator;

  constructor(page: Page) {
    super(page);
    this.table = page.getByRole('table', { name: 'Pods' });
    this.rows = page.getByTestId('pod-row');
    this.total = page.getByTestId('pods-total');
    this.search = page.getByRole('searchbox');
    this.namespace = page.getByLabel('Namespace');
    this.finding = page.getByLabel('Finding');
    this.sidecars = page.getByLabel('Sidecars');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/pods${query ? `?${query}` : ''}`);
    await expect(this.table).toBeVisible();
  }

  row(namePattern: RegExp): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name: namePattern }) });
  }

  /** Namespaces of the rows on screen, read from their `namespace/name` attribute. */
  async visibleNamespaces(): Promise<string[]> {
    const ids = await this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
    return ids.map((id) => id.split('/')[0] ?? '');
  }

  async openPod(namePattern: RegExp): Promise<void> {
    await this.row(namePattern).first().getByRole('link', { name: namePattern }).click();
  }
}
