/**
 * Runs the access review (every grant of the chart's ClusterRole, by SelfSubjectAccessReview) at
 * start-up and again after each reconnect, and hands the missing grants to the hub. A server that
 * cannot answer (the simulated cluster's 404) means "assume granted"; any other failure keeps the
 * previous answer until the next reconnect asks again.
 */
import 'server-only';
import { describeMissingGrant, reviewAccess } from '../k8s/access-review';
import type { KubeTransport } from '../k8s/transport-types';
import type { Hub } from './hub';

/** A running checker: `recheck()` asks again (coalesced while one review is under way). */
export interface AccessCheck {
  recheck(): void;
  stop(): void;
}

/** Starts the first review at once. */
export function startAccessCheck(hub: Hub, transport: KubeTransport, namespaces: readonly string[]): AccessCheck {
  const controller = new AbortController();
  let running = false;
  let again = false;
  const run = async (): Promise<void> => {
    running = true;
    do {
      again = false;
      const report = await reviewAccess(transport, namespaces, controller.signal);
      if (controller.signal.aborted) return;
      if (report.checked) hub.setPermissions(report.missing.map((m) => ({ reason: describeMissingGrant(m), blocking: m.blocking })));
      else if (report.assumeGranted) hub.setPermissions([]);
    } while (again && !controller.signal.aborted);
    running = false;
  };
  const recheck = () => {
    if (controller.signal.aborted) return;
    if (running) again = true;
    else void run();
  };
  recheck();
  return { recheck, stop: () => controller.abort() };
}
