/** A hub on a manual clock with the fake model, plus helpers to feed it raw pods. */
import { aContainer, aPod, type PodOptions } from '../../model/testing/builders';
import { Hub, type HubOptions } from '../hub';
import { fakeModel, zeroFleet } from './fake-model';

export interface HubFixture {
  hub: Hub;
  clock: { time: number };
  pod(options: PodOptions): unknown;
}

/** A hub whose clock the test moves by hand. */
export function aHub(overrides: Partial<HubOptions> = {}): HubFixture {
  const clock = { time: 1_700_000_000_000 };
  const hub = new Hub({
    model: fakeModel,
    now: () => clock.time,
    cluster: { name: 'test', mode: 'demo' },
    retentionMs: 3_600_000,
    maxDeleted: 100,
    metricsHistoryMs: 3_600_000,
    emptyFleet: zeroFleet(),
    ...overrides,
  });
  return { hub, clock, pod: (options) => aPod({ containers: [aContainer('app')], ...options }) };
}
