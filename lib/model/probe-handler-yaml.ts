/**
 * The handler of a suggested probe, taken from what the container already declares: its
 * startupProbe, readinessProbe or livenessProbe handler, else a TCP check on its first port.
 * An `httpGet` is kept as such when its path is known; without it, a TCP check on the same port
 * (honest: it says the port accepts connections, not that the app is healthy).
 */
import type { ContainerSpecDigest, ProbeDigest } from './types';

/** `path` is read when the digest carries it (the spec's `httpGet.path`). */
type ProbeWithPath = ProbeDigest & { path?: unknown };

function sourceProbe(c: ContainerSpecDigest): ProbeWithPath | undefined {
  return [c.startupProbe, c.readinessProbe, c.livenessProbe].find((p) => p !== undefined && p.handler !== 'unknown' && (p.port !== undefined || p.handler === 'exec'));
}

const portText = (port: number | string) => (typeof port === 'number' ? String(port) : JSON.stringify(port));

/** YAML lines of the handler, each prefixed with `indent`. */
export function formatProbeHandler(c: ContainerSpecDigest, indent: string): string {
  const probe = sourceProbe(c);
  const path = typeof probe?.path === 'string' ? probe.path : undefined;
  if (probe?.handler === 'httpGet' && probe.port !== undefined && path !== undefined) {
    return [`${indent}httpGet:`, `${indent}  path: ${JSON.stringify(path)}`, `${indent}  port: ${portText(probe.port)}`].join('\n');
  }
  if (probe?.handler === 'grpc' && probe.port !== undefined) return [`${indent}grpc:`, `${indent}  port: ${portText(probe.port)}`].join('\n');
  if (probe?.handler === 'exec') return `${indent}exec: { command: ["true"] }   # use the command of its ${probeName(c, probe)}`;
  const port = probe?.port ?? c.ports[0];
  if (port !== undefined) {
    const note = probe?.handler === 'httpGet' ? `   # or the httpGet of its ${probeName(c, probe)} on this port` : '';
    return [`${indent}tcpSocket:${note}`, `${indent}  port: ${portText(port)}`].join('\n');
  }
  return `${indent}# ${c.name} declares no probe and no port: put the check that says it serves here (httpGet, tcpSocket, grpc or exec)`;
}

function probeName(c: ContainerSpecDigest, probe: ProbeDigest): string {
  if (probe === c.startupProbe) return 'startupProbe';
  if (probe === c.readinessProbe) return 'readinessProbe';
  return 'livenessProbe';
}
