/**
 * The few shapes every scenario is made of: a bare pod, a Deployment's pods, a CronJob's (or a
 * Job's) pods, and a pod that is deleted and replaced on a cycle so shutdowns keep happening.
 */
import type { SimClock } from '../clock';
import type { ContainerSpec } from '../kube-types';
import type { Behaviour } from '../kubelet/behaviour';
import type { PodDraft } from '../kubelet/pod-builder';
import type { PodRunner } from '../kubelet/pod-runner';
import type { SimRandom } from '../random';

export const SCENARIO_LABEL = 'sidecarscope.io/scenario';

/**
 * What a scenario may do with a pod it started: delete it (gracefully, as `kubectl delete` does).
 * The simulated kubelet's {@link PodRunner} is one; test/kubelet runs the same scenarios on a
 * real kubelet through another.
 */
export type ScenarioPod = Pick<PodRunner, 'delete'>;

export interface ScenarioContext {
  clock: SimClock;
  random: SimRandom;
  /** Creates the pod and hands it to the kubelet (the simulated one, or a real one in test/kubelet). */
  runPod(draft: PodDraft, behaviours?: Record<string, Behaviour>): ScenarioPod;
}

export interface Scenario {
  name: string;
  namespace: string;
  summary: string;
  /**
   * The pod the scenario runs (its replicas and Jobs are copies of it). The model's tests build
   * their captures of the same scenario from it (`fromTemplate`), so the pod is declared once.
   */
  template?: PodTemplate;
  start(ctx: ScenarioContext): void;
}

export type PodTemplate = Omit<PodDraft, 'name' | 'namespace' | 'uid' | 'owner' | 'generateName'>;

export interface WorkloadSpec {
  scenario: string;
  namespace: string;
  name: string;
  template: PodTemplate;
  behaviours?: Record<string, Behaviour>;
}

function labelled(spec: WorkloadSpec, extra: Record<string, string>): Record<string, string> {
  return { ...extra, ...spec.template.labels, [SCENARIO_LABEL]: spec.scenario };
}

/** A pod with no controller, as `kubectl apply -f pod.yaml` makes. */
export function barePod(ctx: ScenarioContext, spec: WorkloadSpec): ScenarioPod {
  const draft: PodDraft = { ...spec.template, name: spec.name, namespace: spec.namespace, uid: ctx.random.uid(), labels: labelled(spec, {}) };
  return ctx.runPod(draft, spec.behaviours);
}

/** Creates the pods of a Deployment (through its ReplicaSet); returns a function making one more replica. */
export function deployment(ctx: ScenarioContext, spec: WorkloadSpec, replicas = 1): () => ScenarioPod {
  const hash = ctx.random.suffix(10);
  const rs = { kind: 'ReplicaSet' as const, name: `${spec.name}-${hash}`, uid: ctx.random.uid() };
  const make = () =>
    ctx.runPod(
      {
        ...spec.template,
        name: `${rs.name}-${ctx.random.suffix(5)}`,
        generateName: `${rs.name}-`,
        namespace: spec.namespace,
        uid: ctx.random.uid(),
        owner: rs,
        labels: labelled(spec, { app: spec.name, 'pod-template-hash': hash }),
      },
      spec.behaviours,
    );
  for (let i = 0; i < replicas; i++) make();
  return make;
}

/** One Job's pod (`job-name`, `controller-uid` labels, owned by the Job). */
export function jobPod(ctx: ScenarioContext, spec: WorkloadSpec, jobName: string): ScenarioPod {
  const job = { kind: 'Job' as const, name: jobName, uid: ctx.random.uid() };
  const labels = { 'batch.kubernetes.io/controller-uid': job.uid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': job.uid, 'job-name': jobName };
  return ctx.runPod(
    {
      ...spec.template,
      name: `${jobName}-${ctx.random.suffix(5)}`,
      generateName: `${jobName}-`,
      namespace: spec.namespace,
      uid: ctx.random.uid(),
      owner: job,
      labels: labelled(spec, labels),
    },
    spec.behaviours,
  );
}

/** A CronJob: a new Job (named after the scheduled minute) every `everyMs`; keeps the newest `keep`. */
export function cronJob(ctx: ScenarioContext, spec: WorkloadSpec, everyMs = 60_000, keep = 3): void {
  const runs: ScenarioPod[] = [];
  const tick = () => {
    const minute = Math.floor(ctx.clock.now() / 60_000);
    runs.push(jobPod(ctx, spec, `${spec.name}-${minute}`));
    while (runs.length > keep) runs.shift()?.delete();
    ctx.clock.setTimer(tick, everyMs);
  };
  tick();
}

/** Runs a pod for `lifetimeMs`, deletes it and starts its replacement, forever. */
export function recycle(ctx: ScenarioContext, make: () => ScenarioPod, lifetimeMs: number, firstLifetimeMs = lifetimeMs): void {
  const cycle = (runner: ScenarioPod, ms: number) =>
    ctx.clock.setTimer(() => {
      runner.delete();
      cycle(make(), lifetimeMs);
    }, ms);
  cycle(make(), firstLifetimeMs);
}

export type ContainerExtras = Omit<Partial<ContainerSpec>, 'ports'> & { ports?: number[] };

/** A container with ports given as numbers. */
export function container(name: string, image: string, rest: ContainerExtras = {}): ContainerSpec {
  const { ports, ...others } = rest;
  return { name, image, ...(ports ? { ports: ports.map((containerPort) => ({ containerPort, protocol: 'TCP' as const })) } : {}), ...others };
}

export function resources(requests: [string, string], limits?: [string, string]): ContainerSpec['resources'] {
  return {
    requests: { cpu: requests[0], memory: requests[1] },
    ...(limits ? { limits: { cpu: limits[0], memory: limits[1] } } : {}),
  };
}

export const emptyDir = (name: string) => ({ name, emptyDir: {} });
