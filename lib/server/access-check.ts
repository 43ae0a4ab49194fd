/**
 * Runs the access review (every grant of the chart's ClusterRole, by SelfSubjectAccessReview) at
 * start-up, after each reconnect, and every `recheckMs` while a grant is missing (a grant added
 * later, e.g. `get`, may never cause a reconnect). A server that cannot answer (the simulated
 * cluster's 404) means "assume granted"; any other failure keeps the previous answer until the
 * next reconnect asks again.
 */
import 'server-only';
import { describeMissingGrant, reviewAccess } from '../k8s/access-review';
import type { Clock } from '../k8s/clock';
import type { KubeTransport } from '../k8s/transport-types';
import type { Hub } from './hub';

/** A running checker: `recheck()` asks again (coalesced while one review is under way). */
export interface AccessCheck {
  recheck(): void;
  stop(): void;
}

export interface AccessCheckOptions {
  transport: KubeTransport;
  clock: Clock;
  namespaces: readonly string[];
  /** Previous-run logs are enabled: `get pods/log` is reviewed too. */
  logs?: boolean;
  /** While a grant is missing, ask again this often; default 5 minutes. */
  recheckMs?: number;
}

/** Starts the first review at once. */
export function startAccessCheck(hub: Hub, options: AccessCheckOptions): AccessCheck {
  const controller = new AbortController();
  let running = false;
  let again = false;
  let cancelTimer = () => {};
  const reviewOnce = async (): Promise<boolean> => {
    const report = await reviewAccess(options.transport, options.namespaces, controller.signal, { logs: options.logs === true });
    if (controller.signal.aborted) return false;
    if (report.checked) hub.setPermissions(report.missing.map((m) => ({ reason: describeMissingGrant(m), blocking: m.blocking })));
    else if (report.assumeGranted) hub.setPermissions([]);
    return report.checked && report.missing.length > 0;
  };
  const run = async (): Promise<void> => {
    running = true;
    let missing = false;
    do {
      again = false;
      missing = await reviewOnce();
    } while (again && !controller.signal.aborted);
    running = false;
    cancelTimer();
    if (missing && !controller.signal.aborted) cancelTimer = options.clock.setTimer(recheck, options.recheckMs ?? 300_000);
  };
  function recheck(): void {
    if (controller.signal.aborted) return;
    if (running) again = true;
    else void run();
  }
  recheck();
  return {
    recheck,
    stop: () => {
      controller.abort();
      cancelTimer();
    },
  };
}
