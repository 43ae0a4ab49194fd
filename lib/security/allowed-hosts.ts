/**
 * DNS rebinding guard. Without a token, anyone who can reach the port can read the dashboard, and
 * a web page can reach a loopback port under its own name by rebinding that name to 127.0.0.1:
 * its requests then carry `Host: attacker.example`. So without a token only expected `Host`
 * names are served: loopback names (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`) and
 * what `SIDECARSCOPE_ALLOWED_HOSTS` lists (the CLI adds its `--host`; the Helm chart the
 * Service's and the ingress's names). `*` turns the check off.
 */
import { isIP } from 'node:net';

/** Names a request may use when no token is set. */
export interface AllowedHosts {
  any: boolean;
  names: ReadonlySet<string>;
}

/** The host name of a `Host` header: no port, no brackets, lower case, no trailing dot. */
export function hostNameOf(hostHeader: string | null): string | undefined {
  const value = (hostHeader ?? '').trim().toLowerCase();
  if (value === '') return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  if (isIP(value) === 6) return value;
  const [name = ''] = value.split(':');
  return name.replace(/\.$/, '') || undefined;
}

function toName(entry: string): string | undefined {
  const trimmed = entry.trim();
  if (trimmed === '') return undefined;
  return isIP(trimmed) === 6 ? trimmed.toLowerCase() : hostNameOf(trimmed);
}

/** Reads `SIDECARSCOPE_ALLOWED_HOSTS` (comma-separated names or addresses, `*` for any). */
export function readAllowedHosts(env: Record<string, string | undefined>): AllowedHosts {
  const entries = (env.SIDECARSCOPE_ALLOWED_HOSTS ?? '').split(',');
  const names = new Set(entries.map(toName).filter((name): name is string => name !== undefined && name !== '*'));
  return { any: entries.some((entry) => entry.trim() === '*'), names };
}

/** True for names that always mean this machine. */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  return isIP(name) === 4 && name.startsWith('127.');
}

/** True when a request with this `Host` header may be served without a token. */
export function isAllowedHost(hostHeader: string | null, allowed: AllowedHosts): boolean {
  if (allowed.any) return true;
  const name = hostNameOf(hostHeader);
  if (name === undefined) return false;
  return isLoopbackName(name) || allowed.names.has(name);
}
