/**
 * A sidecar's probe handler taken from its own spec, for the startupProbe a fix adds: its
 * readinessProbe, else its livenessProbe, else the probe its injector's template writes, else a
 * tcpSocket on its first declared port. Only when none of these exists is the handler a
 * placeholder, and then it says so. Pure; reusable wherever a probe is advised.
 */
import type { TemplateProbe } from '../../injectors';
import type { ContainerSpecDigest, FixValue, ProbeDigest } from '../../types';

export interface DerivedProbe {
  /** The handler as one YAML flow line, e.g. `httpGet: { path: /healthz/ready, port: 15021 }`. */
  handler: string;
  /** Where it came from, e.g. `istio-proxy's readinessProbe`. */
  basis: string;
  isPlaceholder: boolean;
  values: FixValue[];
}

/** Seconds between startupProbe attempts, and how many failures it tolerates (a 30 s start). */
export const STARTUP_PERIOD_SECONDS = 1;
export const STARTUP_FAILURE_THRESHOLD = 30;

function yamlScalar(value: string | number): string {
  return typeof value === 'number' || /^[\w/.-]+$/.test(value) ? String(value) : JSON.stringify(value);
}

function fromProbe(probe: ProbeDigest | undefined, name: string, field: string): DerivedProbe | undefined {
  if (!probe || probe.port === undefined || (probe.handler !== 'httpGet' && probe.handler !== 'tcpSocket' && probe.handler !== 'grpc')) return undefined;
  const basis = `${name}'s ${field}`;
  const values: FixValue[] = [{ name: `startupProbe.${probe.handler}.port`, value: String(probe.port), origin: 'pod', basis }];
  const parts = [`port: ${yamlScalar(probe.port)}`];
  if (probe.handler === 'httpGet') {
    const path = probe.path ?? '/';
    parts.unshift(`path: ${yamlScalar(path)}`);
    values.unshift({ name: 'startupProbe.httpGet.path', value: path, origin: 'pod', basis });
    if (probe.scheme !== undefined) parts.push(`scheme: ${probe.scheme}`);
  }
  return { handler: `${probe.handler}: { ${parts.join(', ')} }`, basis, isPlaceholder: false, values };
}

function fromTemplate(template: TemplateProbe | undefined, injector: string | undefined): DerivedProbe | undefined {
  if (!template || template.handler === 'exec' || template.port === undefined) return undefined;
  const basis = `${injector ?? 'the injector'}'s template (${template.source})`;
  const values: FixValue[] = [{ name: `startupProbe.${template.handler}.port`, value: String(template.port), origin: 'injector', basis }];
  if (template.handler === 'tcpSocket') return { handler: `tcpSocket: { port: ${template.port} }`, basis, isPlaceholder: false, values };
  values.unshift({ name: 'startupProbe.httpGet.path', value: template.path ?? '/', origin: 'injector', basis });
  return { handler: `httpGet: { path: ${yamlScalar(template.path ?? '/')}, port: ${template.port} }`, basis, isPlaceholder: false, values };
}

/**
 * The handler a startupProbe for `container` should use, from its own spec whenever it has one.
 * `template` is its injector's probe, used when the spec lacks one.
 */
export function probeHandlerFromSpec(container: ContainerSpecDigest, template?: TemplateProbe, injector?: string): DerivedProbe {
  const derived =
    fromProbe(container.readinessProbe, container.name, 'readinessProbe') ??
    fromProbe(container.livenessProbe, container.name, 'livenessProbe') ??
    fromProbe(container.startupProbe, container.name, 'startupProbe') ??
    fromTemplate(template, injector);
  if (derived) return derived;
  const port = container.ports[0];
  if (port !== undefined) {
    const basis = `${container.name}'s first declared containerPort`;
    return {
      handler: `tcpSocket: { port: ${port} }`,
      basis,
      isPlaceholder: false,
      values: [{ name: 'startupProbe.tcpSocket.port', value: String(port), origin: 'pod', basis }],
    };
  }
  const exec = [container.readinessProbe, container.livenessProbe].some((probe) => probe?.handler === 'exec');
  const basis = exec
    ? `${container.name} has only exec probes: copy the command of its readinessProbe`
    : `${container.name} declares no probe and no port: put the port it serves on`;
  return {
    handler: 'tcpSocket: { port: PORT }',
    basis,
    isPlaceholder: true,
    values: [{ name: 'startupProbe handler', value: 'PORT', origin: 'placeholder', basis }],
  };
}

/** `startupProbe:` lines at `indent`, with the handler's provenance as a comment. */
export function startupProbeLines(probe: DerivedProbe, indent: string): string[] {
  const note = probe.isPlaceholder ? `# PLACEHOLDER: ${probe.basis}` : `# from ${probe.basis.replace(/ \(https?:[^)]*\)$/, '')}`;
  return [
    `${indent}startupProbe:`,
    `${indent}  ${probe.handler}   ${note}`,
    `${indent}  periodSeconds: ${STARTUP_PERIOD_SECONDS}`,
    `${indent}  failureThreshold: ${STARTUP_FAILURE_THRESHOLD}   # suggested: allows ${STARTUP_PERIOD_SECONDS * STARTUP_FAILURE_THRESHOLD} s to start`,
  ];
}

/** The suggested timing values of {@link startupProbeLines}, for the fix's value list. */
export function startupTimingValues(): FixValue[] {
  return [
    {
      name: 'startupProbe.periodSeconds',
      value: String(STARTUP_PERIOD_SECONDS),
      origin: 'suggested',
      basis: 'probe every second so the app starts as soon as the sidecar serves',
    },
    {
      name: 'startupProbe.failureThreshold',
      value: String(STARTUP_FAILURE_THRESHOLD),
      origin: 'suggested',
      basis: `allows ${STARTUP_PERIOD_SECONDS * STARTUP_FAILURE_THRESHOLD} s to start; raise it for a slower start`,
    },
  ];
}
