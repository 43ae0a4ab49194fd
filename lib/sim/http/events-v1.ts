/**
 * core/v1 Events seen through `events.k8s.io/v1`, as the API server converts them: `regarding`,
 * `note`, `reportingController`, and the old counters under `deprecated*`.
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/apis/events/v1/conversion.go
 */
import type { KubeObject } from '../kube-types';

export function toEventsV1(event: KubeObject): KubeObject {
  const source = (event.source ?? {}) as { component?: string; host?: string };
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: event.metadata,
    eventTime: event.eventTime ?? null,
    reportingController: (event.reportingComponent as string | undefined) || source.component || '',
    reportingInstance: (event.reportingInstance as string | undefined) || source.host || '',
    ...(event.action ? { action: event.action } : {}),
    reason: event.reason,
    regarding: event.involvedObject,
    note: event.message,
    type: event.type,
    ...(source.component ? { deprecatedSource: source } : {}),
    deprecatedFirstTimestamp: event.firstTimestamp ?? null,
    deprecatedLastTimestamp: event.lastTimestamp ?? null,
    deprecatedCount: event.count ?? 0,
  };
}

/** events.k8s.io field selectors (`regarding.name=x`) in terms of the stored core fields. */
export function toCoreEventFields(selector: string): string {
  return selector
    .replace(/\bregarding\./g, 'involvedObject.')
    .replace(/\bnote\b/g, 'message')
    .replace(/\breportingController\b/g, 'reportingComponent');
}
