/**
 * Point-in-time markers: restarts and OOM kills from runs, events attached to the container they
 * name (probe failures, Killing, BackOff), and pod-level conditions and deletion.
 */
import type { EventDigest, Marker, MarkerKind, PodDigest, PodObservations } from '../types';
import type { Run } from './runs';
import { deletionOf } from './order';
import { observed, reported } from './stamps';

const EVENT_KINDS: Readonly<Record<string, MarkerKind>> = {
  Unhealthy: 'probe-failed',
  Killing: 'killing',
  BackOff: 'back-off',
  Scheduled: 'scheduled',
  OOMKilling: 'oom-killed',
};

/** Pod conditions shown on the timeline. */
export const TIMELINE_CONDITIONS: readonly string[] = ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];

function exitText(run: Run): string {
  return [run.reason, run.exitCode === undefined ? undefined : `exit ${run.exitCode}`].filter(Boolean).join(', ');
}

/** Markers of one container's runs: each termination that led to a restart, OOM kills, flips. */
export function runMarkers(runs: readonly Run[], restartCount: number): Marker[] {
  const markers: Marker[] = [];
  for (const run of runs) {
    if (run.finishedAt && run.attempt < restartCount) {
      markers.push({ kind: 'restart', at: run.finishedAt, label: `restart #${run.attempt + 1}`, detail: exitText(run) });
    } else if (run.finishedAt) {
      markers.push({ kind: 'terminated', at: run.finishedAt, label: 'terminated', detail: exitText(run) });
    }
    if (run.finishedAt && run.reason === 'OOMKilled') markers.push({ kind: 'oom-killed', at: run.finishedAt, label: 'OOMKilled', detail: exitText(run) });
    if (run.started && run.started.source === 'observed') markers.push({ kind: 'started', at: run.started, label: 'started' });
    if (run.ready && run.ready.source === 'observed') markers.push({ kind: 'ready', at: run.ready, label: 'ready' });
  }
  return markers;
}

/** An event as a marker, at its last occurrence; undefined when it carries no time. */
export function eventMarker(event: EventDigest): Marker | undefined {
  const at = event.lastAt ?? event.firstAt;
  if (at === undefined) return undefined;
  const count = event.count > 1 ? ` ×${event.count}` : '';
  return { kind: EVENT_KINDS[event.reason] ?? 'event', at: reported(at), label: `${event.reason}${count}`, detail: event.message };
}

/** Pod-level markers: creation, timeline conditions, deletion requested and object gone. */
export function podMarkers(pod: PodDigest, observations: PodObservations | undefined, events: readonly EventDigest[]): Marker[] {
  const markers: Marker[] = [];
  if (pod.createdAt !== undefined) markers.push({ kind: 'created', at: reported(pod.createdAt), label: 'created' });
  for (const condition of pod.conditions) {
    if (!TIMELINE_CONDITIONS.includes(condition.type) || condition.lastTransitionTime === undefined) continue;
    const kind: MarkerKind = condition.type === 'PodScheduled' && condition.status === 'True' ? 'scheduled' : 'condition';
    markers.push({
      kind,
      at: reported(condition.lastTransitionTime),
      label: `${condition.type}=${condition.status}`,
      ...(condition.reason ? { detail: condition.reason } : {}),
    });
  }
  const deletion = deletionOf(pod, observations);
  if (deletion !== undefined) {
    const { deadline, gracePeriodSeconds: grace } = deletion;
    markers.push({ kind: 'deleted', at: reported(deadline - grace * 1000), label: 'deletion requested', detail: `grace period ${grace}s` });
    if (grace > 0) markers.push({ kind: 'event', at: reported(deadline), label: 'grace period ends', detail: 'metadata.deletionTimestamp' });
  }
  const gone = observations?.transitions.find((transition) => transition.kind === 'deleted' && !transition.untimed);
  if (gone) markers.push({ kind: 'deleted', at: observed(gone.at), label: 'pod object removed' });
  for (const event of events) {
    if (event.container !== undefined) continue;
    const marker = eventMarker(event);
    if (marker) markers.push(marker);
  }
  return markers.sort((a, b) => a.at.at - b.at.at);
}
