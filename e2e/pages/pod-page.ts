import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app-shell';

export interface LaneTimes {
  kind: string | null;
  firstRunningAt?: number;
  startedAt?: number;
  readyAt?: number;
}

const toNumber = (value: string | null) => (value === null || value === '' ? undefined : Number(value));

export class PodPage extends AppShell {
  readonly timeline: Locator;
  readonly findings: Locator;
  readonly restartHistory: Locator;
  readonly events: Locator;
  readonly status: Locator;

  constructor(page: Page) {
    super(page);
    this.timeline = page.getByTestId('timeline');
    this.findings = page.getByTestId('finding');
    this.restartHistory = page.getByTestId('pod-restarts');
    this.events = page.getByTestId('pod-events');
    this.status = page.getByTestId('pod-facts').getByTestId('pod-status');
  }

  async goto(namespace: string, name: string): Promise<void> {
    await this.page.goto(`/pods/${namespace}/${name}`);
    await expect(this.timeline).toBeVisible();
  }

  lane(container: string): Locator {
    return this.page.locator(`[data-testid="lane"][data-container="${container}"]`);
  }

  async laneTimes(container: string): Promise<LaneTimes> {
    const lane = this.lane(container);
    await expect(lane).toHaveCount(1);
    return {
      kind: await lane.getAttribute('data-kind'),
      firstRunningAt: toNumber(await lane.getAttribute('data-first-running-at')),
      startedAt: toNumber(await lane.getAttribute('data-started-at')),
      readyAt: toNumber(await lane.getAttribute('data-ready-at')),
    };
  }

  finding(id: string): Locator {
    return this.page.locator(`[data-testid="finding"][data-finding="${id}"]`);
  }

  memoryChart(container: string): Locator {
    return this.page.getByTestId(`memory-chart-${container}`);
  }

  async showWholeLife(): Promise<void> {
    await this.timeline.getByRole('button', { name: 'Whole life' }).click();
  }
}
