/**
 * core/v1 Events as the kubelet and scheduler write them: kubelet events aggregate by
 * (reason, fieldPath, message) into one object with `count` and `firstTimestamp`/`lastTimestamp`;
 * the scheduler's `Scheduled` comes through events.k8s.io, so it has `eventTime` and no counts.
 * Message texts follow kubelet v1.33:
 * https://github.com/kubernetes/kubernetes/blob/v1.33.0/pkg/kubelet/events/event.go
 */
import type { KubeObject, Pod } from '../kube-types';
import type { SimRandom } from '../random';
import { toMicroTime, toRfc3339 } from '../time-format';
import type { ClusterWriter } from '../writer';

export type EventReason = 'Scheduled' | 'Pulling' | 'Pulled' | 'Created' | 'Started' | 'Unhealthy' | 'Killing' | 'BackOff' | 'Failed';

interface Aggregate {
  object: KubeObject;
  count: number;
}

export class EventRecorder {
  private readonly seen = new Map<string, Aggregate>();

  constructor(
    private readonly pod: Pod,
    private readonly writer: ClusterWriter,
    private readonly random: SimRandom,
  ) {}

  /** A kubelet event about one container (`fieldPath` `spec.containers{name}`) or the pod. */
  kubelet(now: number, type: 'Normal' | 'Warning', reason: EventReason, message: string, fieldPath?: string): void {
    const key = `${reason}\u0000${fieldPath ?? ''}\u0000${message}`;
    const known = this.seen.get(key);
    const stamp = toRfc3339(now);
    if (known) {
      known.count++;
      known.object = { ...known.object, count: known.count, lastTimestamp: stamp };
      this.writer.apply({ type: 'upsert-event', object: known.object });
      return;
    }
    const object: KubeObject = {
      ...this.base(now, reason, message, type, fieldPath),
      source: { component: 'kubelet', host: this.pod.spec.nodeName },
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      eventTime: null,
      reportingComponent: 'kubelet',
      reportingInstance: this.pod.spec.nodeName ?? '',
    };
    this.seen.set(key, { object, count: 1 });
    this.writer.apply({ type: 'upsert-event', object });
  }

  /** The scheduler's `Scheduled` event. */
  scheduled(now: number, nodeName: string): void {
    const { namespace, name } = this.pod.metadata;
    const object: KubeObject = {
      ...this.base(now, 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`, 'Normal'),
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: toMicroTime(now),
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: `default-scheduler-${nodeName}`,
    };
    this.writer.apply({ type: 'upsert-event', object });
  }

  private base(now: number, reason: string, message: string, type: string, fieldPath?: string): KubeObject {
    const { namespace, name, uid } = this.pod.metadata;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${this.random.hex(16)}`, namespace, uid: this.random.uid(), creationTimestamp: toRfc3339(now) },
      involvedObject: { kind: 'Pod', namespace, name, uid, apiVersion: 'v1', ...(fieldPath ? { fieldPath } : {}) },
      reason,
      message,
      type,
    };
  }
}
