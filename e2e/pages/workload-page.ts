import type { Locator, Page } from '@playwright/test';
import { AppShell } from './app-shell';

export class WorkloadPage extends AppShell {
  readonly replicas: Locator;
  readonly advice: Locator;
  readonly findingGroups: Locator;

  constructor(page: Page) {
    super(page);
    this.replicas = page.getByTestId('replica');
    this.advice = page.getByTestId('probe-advice');
    this.findingGroups = page.getByTestId('finding-group');
  }

  histogram(container: string, measure: 'started' | 'ready'): Locator {
    return this.page.getByTestId(`histogram-${container}-${measure}`);
  }

  adviceFor(container: string): Locator {
    return this.page.locator(`[data-testid="probe-advice"][data-container="${container}"]`);
  }

  /** Pod names in the order shown. */
  async replicaNames(): Promise<string[]> {
    return this.replicas.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-pod') ?? ''));
  }

  async replicaTaxes(): Promise<number[]> {
    return this.replicas.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-tax-ms') ?? Number.NaN)));
  }
}
