/**
 * Has a dashboard's hub caught up with its cluster? Compares the hub's live pods and events with
 * a list of the source (resourceVersions of pods, uids and counts of events), so a test can move
 * simulated time only once every intermediate state was seen through the real watch path.
 */
import type { Hub } from '@/lib/server/hub';

interface RawMeta {
  metadata?: { uid?: string; namespace?: string; name?: string; resourceVersion?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  count?: number;
}

/** True when the hub holds exactly the source's pods, each at the source's resourceVersion. */
export function hasPods(hub: Hub, rawPods: readonly unknown[]): boolean {
  if (hub.size.live !== rawPods.length) return false;
  return rawPods.every((raw) => {
    const meta = (raw as RawMeta).metadata;
    const entry = hub.livePod(`${meta?.namespace}/${meta?.name}`);
    return entry !== undefined && entry.digest.resourceVersion === meta?.resourceVersion;
  });
}

/** True when every pod event of the source is in the hub with the same count (bounded lists aside). */
export function hasEvents(hub: Hub, rawEvents: readonly unknown[], maxPerPod = 50): boolean {
  const expected = new Map<string, RawMeta[]>();
  for (const raw of rawEvents as RawMeta[]) {
    if (raw.involvedObject?.kind !== 'Pod') continue;
    const key = `${raw.involvedObject.namespace}/${raw.involvedObject.name}`;
    expected.set(key, [...(expected.get(key) ?? []), raw]);
  }
  for (const [key, events] of expected) {
    const held = hub.eventsOf(key);
    const matched = events.filter((e) => held.some((h) => h.uid === e.metadata?.uid && h.count === (e.count ?? 1)));
    if (matched.length < Math.min(events.length, maxPerPod)) return false;
  }
  return true;
}
