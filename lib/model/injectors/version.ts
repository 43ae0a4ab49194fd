/**
 * Injector versions as a pod shows them (an image tag, linkerd's `linkerd.io/proxy-version`) and
 * the minimum versions settings need. Linkerd has two trains: `stable-2.14.10` /
 * `enterprise-2.15.2` (compared with `stable`) and date-numbered `edge-24.2.1` (compared with
 * `edge`), so a requirement may name both.
 */

export interface Version {
  train: 'release' | 'edge';
  parts: number[];
  /** As the pod shows it. */
  text: string;
}

/** The minimum version a setting needs; `edge` for linkerd's edge train. */
export interface VersionRequirement {
  /** As users say it, e.g. `1.24` or `2.15 (edge-23.11.4)`. */
  label: string;
  release: string;
  edge?: string;
}

const NUMBERS = /(\d+)\.(\d+)(?:\.(\d+))?/;
/** Parsed versions by text: few distinct ones (the settings' and the fleet's), bounded anyway. */
const PARSED = new Map<string, Version | undefined>();
const PARSED_MAX = 512;

/**
 * `1.22.1`, `v1.30.1`, `1.22.1-distroless`, `stable-2.14.10`, `enterprise-2.15.2`,
 * `edge-24.2.1` → a {@link Version}; undefined for anything without a `major.minor`.
 */
export function parseVersion(text: string | undefined): Version | undefined {
  if (text === undefined) return undefined;
  if (PARSED.has(text)) return PARSED.get(text);
  const match = NUMBERS.exec(text);
  const parsed: Version | undefined = match
    ? { train: text.startsWith('edge-') ? 'edge' : 'release', parts: [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)], text }
    : undefined;
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  PARSED.set(text, parsed);
  return parsed;
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * True/false when the version is known to meet / miss the requirement; undefined when it cannot
 * be told (no version on the pod, or an edge release the requirement has no edge figure for).
 */
export function meets(version: Version | undefined, requirement: VersionRequirement): boolean | undefined {
  if (!version) return undefined;
  const wanted = version.train === 'edge' ? requirement.edge : requirement.release;
  const parsed = parseVersion(wanted);
  return parsed ? compareParts(version.parts, parsed.parts) >= 0 : undefined;
}

/** The tag of an image (`docker.io/istio/proxyv2:1.22.1` → `1.22.1`), without a digest. */
export function imageTagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', slash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}
