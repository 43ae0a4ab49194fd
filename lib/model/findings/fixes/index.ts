/**
 * The fix of each finding, built from the pod in front of it: the injector's own setting for an
 * injected sidecar, an edit of the pod template for one the user owns; values from the spec and
 * from observation, suggestions and placeholders marked as such.
 */
import { recogniseInjector, type InjectedBy } from '../../injectors';
import { imageRepository } from '../../sidecar-signals';
import type { ContainerSpecDigest, FixValue, PodDigest } from '../../types';
import type { RuleContext } from '../context';
import { memoryAdvice } from './advice';
import { fenced, injectorFix, withValues, type FixResult } from './compose';
import { nativeSidecarSnippet, resourcesSnippet, startupProbeSnippet } from './manual';
import { probeHandlerFromSpec } from './probe';
import { measureCommands, planResources, summariseUsage, type ResourcePlan } from './resources';

export { probeHandlerFromSpec, type DerivedProbe } from './probe';
export type { FixResult } from './compose';

/** The injector that wrote this container, when it is a sidecar one did. */
export function injectorOf(pod: PodDigest, container: ContainerSpecDigest): InjectedBy | undefined {
  return container.kind === 'main' || container.kind === 'init' ? undefined : recogniseInjector(pod, container);
}

function probeValues(container: ContainerSpecDigest, injected: InjectedBy): FixValue[] {
  const probe = probeHandlerFromSpec(container, injected.profile.readiness, injected.profile.name);
  return probe.isPlaceholder ? [] : probe.values.map((value) => ({ ...value, name: value.name.replace(/^startupProbe/, 'readiness endpoint') }));
}

/** `startup-race` and `sidecar-no-startup-probe`: hold the app until the sidecar serves. */
export function startupFix(context: RuleContext, sidecar: ContainerSpecDigest): FixResult {
  return memoFix(context.input.pod, sidecar, 'startup', () => buildStartupFix(context, sidecar));
}

function buildStartupFix(context: RuleContext, sidecar: ContainerSpecDigest): FixResult {
  const { pod } = context.input;
  const injected = injectorOf(pod, sidecar);
  const retry = 'Also let the app retry its first connection.';
  if (injected) {
    const purpose = `Let ${injected.profile.name} hold the app until ${sidecar.name} is ready (its readiness endpoint: ${probeHandlerFromSpec(sidecar, injected.profile.readiness, injected.profile.name).handler}).`;
    const options = sidecar.kind === 'legacy-sidecar' ? [injected.profile.holdApplication, injected.profile.nativeSidecar] : [injected.profile.holdApplication];
    return injectorFix(pod, sidecar.name, injected, purpose, options, probeValues(sidecar, injected), retry);
  }
  if (sidecar.kind === 'legacy-sidecar') {
    const snippet = nativeSidecarSnippet(sidecar, 'required');
    return withValues(
      `Declare ${sidecar.name} as a native sidecar with a startupProbe, so the kubelet starts the app only once it serves (Kubernetes ≥ 1.29):\n${fenced(snippet.yaml)}\n${retry}`,
      snippet.values,
    );
  }
  const snippet = startupProbeSnippet(sidecar);
  return withValues(
    `Add a startupProbe that succeeds once ${sidecar.name} serves: the kubelet then starts the next containers only after it:\n${fenced(snippet.yaml)}\n${retry}`,
    snippet.values,
  );
}

const NATIVE_PURPOSE: Readonly<Record<'legacy' | 'job' | 'shutdown', string>> = {
  legacy: 'Switch its injector to native sidecars: started before the app, stopped after it, and no longer keeping Jobs alive.',
  job: 'Switch its injector to native sidecars: a native sidecar is stopped once the main containers finish, so the Job completes.',
  shutdown: 'Switch its injector to native sidecars (stopped after the app), or keep the proxy up while the app drains.',
};

/** `legacy-sidecar`, `job-blocked-by-sidecar`, `sidecar-stopped-before-app`: make it a native sidecar. */
export function nativeFix(context: RuleContext, sidecar: ContainerSpecDigest, why: 'legacy' | 'job' | 'shutdown', drainSeconds?: number): FixResult {
  const { pod } = context.input;
  return memoFix(pod, sidecar, `native\u0000${why}\u0000${drainSeconds ?? ''}\u0000${pod.terminationGracePeriodSeconds}`, () =>
    buildNativeFix(context, sidecar, why, drainSeconds),
  );
}

function buildNativeFix(context: RuleContext, sidecar: ContainerSpecDigest, why: 'legacy' | 'job' | 'shutdown', drainSeconds?: number): FixResult {
  const { pod } = context.input;
  const injected = injectorOf(pod, sidecar);
  if (injected) {
    const { profile } = injected;
    const options = [profile.nativeSidecar, ...(why === 'shutdown' && profile.shutdown ? [profile.shutdown] : [])];
    const purpose = 'none' in profile.nativeSidecar ? '' : (profile.nativePurpose ?? NATIVE_PURPOSE[why]);
    return injectorFix(pod, sidecar.name, injected, purpose, options);
  }
  const snippet = nativeSidecarSnippet(sidecar, 'if-in-spec');
  const lead =
    why === 'job'
      ? `Declare ${sidecar.name} as a native sidecar (Kubernetes ≥ 1.29): it is stopped once the main containers finish.`
      : why === 'shutdown'
        ? `Make ${sidecar.name} a native sidecar: it is stopped after the app, in reverse order.`
        : `Move ${sidecar.name} to initContainers with restartPolicy: Always (Kubernetes ≥ 1.29).`;
  let fix = `${lead}\n${fenced(snippet.yaml)}`;
  const values = [...snippet.values];
  if (why === 'shutdown') {
    const seconds = Math.max(5, Math.min(drainSeconds === undefined ? 15 : Math.ceil(drainSeconds) + 5, pod.terminationGracePeriodSeconds - 1));
    fix += `\nOr, while it stays a regular container, delay its exit with a preStop hook:\n${fenced(`${sidecar.list}:\n- name: ${sidecar.name}\n  lifecycle:\n    preStop:\n      exec: { command: ["sleep", "${seconds}"] }   # suggested`)}`;
    values.push({
      name: 'preStop sleep',
      value: `${seconds}`,
      origin: 'suggested',
      basis:
        drainSeconds === undefined
          ? `within the pod's ${pod.terminationGracePeriodSeconds} s grace period`
          : `the app drained ${Math.ceil(drainSeconds)} s after ${sidecar.name} stopped, + 5 s, within the ${pod.terminationGracePeriodSeconds} s grace period`,
    });
  }
  return withValues(fix, values);
}

export type ResourceCase = 'oom' | 'missing' | 'over-request' | 'near-limit';

/**
 * Fix texts by container spec (while the pod's annotations are the same object), then by
 * everything else they depend on: pods of one template share spec and annotations in the hub, so
 * a fleet builds each text once. At most 32 texts per spec.
 */
const FIXES = new WeakMap<ContainerSpecDigest, { annotations: PodDigest['annotations']; fixes: Map<string, FixResult> }>();
const FIXES_PER_SPEC = 32;

function memoFix(pod: PodDigest, container: ContainerSpecDigest, key: string, build: () => FixResult): FixResult {
  let cache = FIXES.get(container);
  if (!cache || cache.annotations !== pod.annotations || cache.fixes.size >= FIXES_PER_SPEC) {
    cache = { annotations: pod.annotations, fixes: new Map() };
    FIXES.set(container, cache);
  }
  const full = `${key}\u0000${pod.namespace}\u0000${pod.workload.kind}\u0000${pod.workload.name}`;
  const hit = cache.fixes.get(full);
  if (hit) return hit;
  const built = build();
  cache.fixes.set(full, built);
  return built;
}

/** Memory and CPU fixes from observation; an OOM-killed container's limit only goes up. */
export function resourceFix(context: RuleContext, container: ContainerSpecDigest, which: ResourceCase): FixResult {
  const { pod, metrics } = context.input;
  const limit = container.resources.limits.memoryBytes;
  const plan = planResources({
    container: container.name,
    usage: summariseUsage(metrics, container.name),
    ...(which === 'oom' && limit !== undefined ? { killedAtLimitBytes: limit } : {}),
    ...(limit === undefined ? {} : { currentLimitBytes: limit }),
    want: { limit: which !== 'over-request', requests: which !== 'near-limit' },
  });
  const measured = plan.notes.length > 0 ? pod.name : '';
  const key = [
    'resources',
    which,
    plan.memoryLimit,
    plan.memoryRequest,
    plan.cpuRequest,
    ...plan.values.map((value) => value.basis),
    ...plan.notes,
    measured,
  ].join('\u0000');
  return memoFix(pod, container, key, () => buildResourceFix(context, container, which, plan));
}

function buildResourceFix(context: RuleContext, container: ContainerSpecDigest, which: ResourceCase, plan: ResourcePlan): FixResult {
  const { pod } = context.input;
  const injected = injectorOf(pod, container);
  const advice = which === 'oom' || which === 'near-limit' ? memoryAdvice(container, injected) : undefined;
  const measure =
    plan.notes.length > 0 ? `${plan.notes.join(' ')} Measure it with:\n${fenced(measureCommands(pod.namespace, pod.name, container.name), 'sh')}` : undefined;
  const hasFigures = plan.memoryLimit !== undefined || plan.memoryRequest !== undefined || plan.cpuRequest !== undefined;
  if (injected) {
    const purpose = hasFigures
      ? `Set its resources through ${injected.profile.name}'s own settings, with figures from what was observed:`
      : `Its resources are set through ${injected.profile.name}'s own settings (see docs/fixes.md), once measured.`;
    const options = hasFigures ? [injected.profile.resources(plan)] : [];
    return injectorFix(pod, container.name, injected, [purpose, advice].filter(Boolean).join(' '), options, plan.values, measure);
  }
  const snippet = resourcesSnippet(container, plan);
  const parts = [
    advice,
    snippet
      ? `${which === 'oom' ? 'Give it a memory limit above the one it was killed at' : 'Set its resources from what was observed'}:\n${fenced(snippet.yaml)}`
      : undefined,
    measure,
  ].filter((part): part is string => part !== undefined);
  return withValues(parts.join('\n'), plan.values);
}

const DIGEST = /@(sha256:[0-9a-f]{64})$/;

/** `unpinned-sidecar-image`: the digest the pod runs, or the injector's own pin. */
export function imageFix(context: RuleContext, sidecar: ContainerSpecDigest): FixResult {
  const { pod } = context.input;
  const injected = injectorOf(pod, sidecar);
  if (injected) {
    return {
      fix: `${sidecar.name} is written by ${injected.profile.name}'s injector (detected by ${injected.signals.join('; ')}): its image comes from the injector's configuration, so pin the proxy version there (install the injector at a fixed release) rather than in the pod.`,
    };
  }
  const digest = DIGEST.exec(context.statusOf(sidecar.name)?.imageID ?? '')?.[1];
  if (digest) {
    const image = `${imageRepository(sidecar.image)}@${digest}`;
    return withValues(
      `Pin the image to the digest this pod runs (status.imageID), or to a version tag:\n${fenced(`${sidecar.list}:\n- name: ${sidecar.name}\n  image: ${image}   # the digest this pod runs`)}`,
      [{ name: 'image', value: image, origin: 'pod', basis: `status.imageID of ${sidecar.name}` }],
    );
  }
  const image = `${imageRepository(sidecar.image)}:VERSION`;
  return withValues(
    `Pin a version tag or a digest (the pod does not report the digest it runs yet):\n${fenced(`${sidecar.list}:\n- name: ${sidecar.name}\n  image: ${image}   # PLACEHOLDER: the version you tested`)}`,
    [{ name: 'image tag', value: 'VERSION', origin: 'placeholder', basis: 'no digest reported for it yet' }],
  );
}

/**
 * `sidecar-dropped-restart-policy`: another webhook dropped `restartPolicy` from an injected
 * native sidecar. Until it is upgraded, the injector's own switch set to "false" brings the
 * workload back to a regular sidecar (the annotations above read "false" as off).
 */
export function droppedPolicyFix(context: RuleContext, container: ContainerSpecDigest): (FixResult & { injected: InjectedBy }) | undefined {
  const { pod } = context.input;
  const injected = recogniseInjector(pod, container);
  if (!injected || 'none' in injected.profile.nativeSidecar) return undefined;
  const back = injected.profile.nativeSidecar
    .filter((setting) => setting.scope === 'pod annotation')
    .map((setting) => ({
      ...setting,
      title: 'until then, inject it as a regular container again for this workload',
      yaml: setting.yaml.replace(/: "true"$/m, ': "false"'),
    }));
  if (back.length === 0) return undefined;
  const purpose = `Another mutating webhook that runs after ${injected.profile.name}'s, built against a Kubernetes API older than native sidecars (1.28), rewrote the pod and dropped restartPolicy: Always. Upgrade that webhook (or its client libraries).`;
  return { ...injectorFix(pod, container.name, injected, purpose, [back]), injected };
}
