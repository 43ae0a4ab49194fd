/**
 * Edits of the pod template for sidecars the user owns, with every value read from the pod
 * (name, image, probe handler) and the rest marked as suggestions or placeholders.
 */
import type { ContainerSpecDigest, FixValue } from '../../types';
import { probeHandlerFromSpec, startupProbeLines, startupTimingValues } from './probe';
import type { ResourcePlan } from './resources';

export interface Snippet {
  yaml: string;
  values: FixValue[];
}

/**
 * The container as a native sidecar: moved to `initContainers` with `restartPolicy: Always`, and
 * a startupProbe from its own spec (`probe: 'required'` adds a marked placeholder when the spec
 * has nothing; `'if-in-spec'` leaves the probe out then).
 */
export function nativeSidecarSnippet(container: ContainerSpecDigest, probe: 'required' | 'if-in-spec'): Snippet {
  const moved = container.list === 'containers';
  const lines = [
    `initContainers:${moved ? '   # moved from containers: keep its env, ports, mounts and resources' : ''}`,
    `- name: ${container.name}`,
    `  image: ${container.image}   # from the pod`,
    '  restartPolicy: Always',
  ];
  const values: FixValue[] = [{ name: 'image', value: container.image, origin: 'pod', basis: `${container.name}'s image` }];
  const handler = probeHandlerFromSpec(container);
  if (!container.startupProbe && (probe === 'required' || !handler.isPlaceholder)) {
    lines.push(...startupProbeLines(handler, '  '));
    values.push(...handler.values, ...startupTimingValues());
  }
  return { yaml: lines.join('\n'), values };
}

/** A startupProbe added to the container where it is declared, from its own spec. */
export function startupProbeSnippet(container: ContainerSpecDigest): Snippet {
  const handler = probeHandlerFromSpec(container);
  const lines = [`${container.list}:`, `- name: ${container.name}`, ...startupProbeLines(handler, '  ')];
  return { yaml: lines.join('\n'), values: [...handler.values, ...startupTimingValues()] };
}

/** `resources:` with the planned figures, each commented with what it rests on. */
export function resourcesSnippet(container: ContainerSpecDigest, plan: ResourcePlan): Snippet | undefined {
  const basis = (name: string) => plan.values.find((value) => value.name === name)?.basis ?? '';
  const requests = [
    plan.cpuRequest ? `      cpu: ${plan.cpuRequest}   # ${basis('requests.cpu')}` : undefined,
    plan.memoryRequest ? `      memory: ${plan.memoryRequest}   # ${basis('requests.memory')}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const limits = plan.memoryLimit ? [`      memory: ${plan.memoryLimit}   # ${basis('limits.memory')}`] : [];
  if (requests.length === 0 && limits.length === 0) return undefined;
  const lines = [`${container.list}:`, `- name: ${container.name}`, '  resources:'];
  if (requests.length > 0) lines.push('    requests:', ...requests);
  if (limits.length > 0) lines.push('    limits:', ...limits);
  return { yaml: lines.join('\n'), values: plan.values };
}
