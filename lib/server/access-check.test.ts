import { afterEach, describe, expect, it } from 'vitest';
import { FakeApi, settle } from '../k8s/testing/fake-api';
import { ManualClock } from '../sim/clock';
import { K8sError } from '../k8s/errors';
import { CHART_GRANTS } from '../k8s/access-review';
import { startAccessCheck, type AccessCheck } from './access-check';
import { aHub } from './testing/hub-fixture';

/** How often a missing grant is asked about again (the default `recheckMs`). */
const RECHECK_MS = 300_000;

let check: AccessCheck | undefined;
afterEach(() => check?.stop());

/** A fake answering reviews from `denied` (`verb resource` of the core group), counting them. */
function reviewing(denied: Set<string>): { api: FakeApi; reviews: () => number } {
  const api = new FakeApi();
  let count = 0;
  api.postJson = (_path, body) => {
    count += 1;
    const { verb, resource, group } = (body as { spec: { resourceAttributes: { verb: string; resource: string; group: string } } }).spec.resourceAttributes;
    return Promise.resolve({ status: { allowed: group !== '' || !denied.has(`${verb} ${resource}`) } });
  };
  return { api, reviews: () => count };
}

function setup(denied: Set<string>) {
  const { hub } = aHub();
  const clock = new ManualClock(undefined, { instantDelays: true });
  const { api, reviews } = reviewing(denied);
  check = startAccessCheck(hub, { transport: api, clock, namespaces: [] });
  return { hub, clock, api, reviews };
}

describe('startAccessCheck', () => {
  it('hands the hub one sentence per missing grant', async () => {
    const { hub } = setup(new Set(['get pods', 'watch events']));
    await settle();
    expect(hub.status.missingPermissions()).toEqual([
      'missing RBAC permission: get pods (core) at cluster scope — grant it with the ClusterRole in deploy/',
      'missing RBAC permission: watch events (core) at cluster scope — grant it with the ClusterRole in deploy/; until then pod events are not shown',
    ]);
  });

  it('asks again later while a grant is missing, and sees it granted', async () => {
    const denied = new Set(['get pods']);
    const { hub, clock } = setup(denied);
    await settle();
    expect(hub.status.missingPermissions()).toHaveLength(1);
    denied.clear();
    clock.advance(RECHECK_MS);
    await settle();
    expect(hub.status.missingPermissions()).toEqual([]);
  });

  it('does not keep asking once everything is granted', async () => {
    const { clock, reviews } = setup(new Set());
    await settle();
    const asked = reviews();
    clock.advance(RECHECK_MS);
    await settle();
    expect(reviews()).toBe(asked);
  });

  it('runs one more review, not one per call, when asked again during a review', async () => {
    const { reviews } = setup(new Set());
    check?.recheck();
    check?.recheck();
    await settle();
    expect(reviews()).toBe(2 * CHART_GRANTS.length);
  });

  it('keeps the previous answer when a review fails for another reason than 404', async () => {
    const { hub, api } = setup(new Set(['list events']));
    await settle();
    api.postJson = () => Promise.reject(new K8sError('unreachable', 'POST x: cluster unreachable'));
    check?.recheck();
    await settle();
    expect(hub.status.missingPermissions()).toHaveLength(1);
  });
});
