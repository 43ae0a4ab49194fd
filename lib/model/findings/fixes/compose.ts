/**
 * Fix texts: prose with fenced snippets, the snippet that applies first. For an injected sidecar
 * the snippets are its injector's own settings, ordered by whether the injector version the pod
 * shows has them; for a sidecar the user owns they are edits of the pod template.
 */
import { meets, parseVersion, type InjectedBy, type InjectorSetting, type SettingsOrWhyNot } from '../../injectors';
import type { FixValue, PodDigest } from '../../types';

export interface FixResult {
  fix: string;
  fixValues?: FixValue[];
}

/** A fenced snippet. */
export function fenced(code: string, lang: 'yaml' | 'sh' = 'yaml'): string {
  return `\`\`\`${lang}\n${code}\n\`\`\``;
}

/** `deployment/web -n shop`: what `kubectl rollout restart` takes for the pod's workload. */
export function rolloutTarget(pod: PodDigest): string {
  return `${pod.workload.kind.toLowerCase()}/${pod.workload.name} -n ${pod.namespace}`;
}

/** A fix result with its values, leaving `fixValues` out when there are none. */
export function withValues(fix: string, values: readonly FixValue[]): FixResult {
  return values.length > 0 ? { fix, fixValues: [...values] } : { fix };
}

function verdict(injected: InjectedBy, setting: InjectorSetting): { rank: number; text: string } {
  const { profile, version } = injected;
  if (!profile.versionIsInjectors) return { rank: 1, text: '' };
  if (!version) return { rank: 1, text: `; the pod does not show its ${profile.name} version` };
  const ok = meets(version, setting.since);
  if (ok === true) return { rank: 0, text: `; this pod's ${profile.name} is ${version.text}: available` };
  if (ok === false) return { rank: 2, text: `; this pod's ${profile.name} is ${version.text}: upgrade first` };
  return { rank: 1, text: `; cannot tell from ${version.text}` };
}

const ANNOTATION_KEYS = new WeakMap<InjectorSetting, string[]>();

function annotationKeys(setting: InjectorSetting): string[] {
  let keys = ANNOTATION_KEYS.get(setting);
  if (!keys) ANNOTATION_KEYS.set(setting, (keys = [...setting.yaml.matchAll(/^ {8}([\w./-]+): /gm)].map((match) => match[1] ?? '')));
  return keys;
}

function alreadySet(pod: PodDigest, setting: InjectorSetting): string {
  if (setting.scope !== 'pod annotation') return '';
  const keys = annotationKeys(setting).filter((key) => pod.annotations[key] !== undefined);
  return keys.map((key) => ` This pod already sets ${key}: "${pod.annotations[key] ?? ''}".`).join('');
}

/** Among settings the pod's version is too old for, the nearest upgrade first. */
function bySince(a: InjectorSetting, b: InjectorSetting): number {
  const [x, y] = [parseVersion(a.since.release)?.parts ?? [], parseVersion(b.since.release)?.parts ?? []];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * One setting per scope of a group (linkerd names its native-sidecar annotation three ways): the
 * first the pod's version has, in the profile's order (newest name first); else the one the
 * oldest release has (the nearest upgrade, or the widest reach when the version is unknown).
 */
function onePerScope(injected: InjectedBy, group: readonly InjectorSetting[]): InjectorSetting[] {
  const scopes = [...new Set(group.map((setting) => setting.scope))];
  return scopes.flatMap((scope) => {
    const candidates = group.filter((setting) => setting.scope === scope);
    const available = candidates.find((setting) => verdict(injected, setting).rank === 0);
    const oldest = [...candidates].sort(bySince)[0];
    const chosen = available ?? oldest;
    return chosen ? [chosen] : [];
  });
}

/** Distinct settings in order (profiles share lists between findings). */
function distinct(settings: readonly InjectorSetting[]): InjectorSetting[] {
  return settings.filter((setting, index) => settings.findIndex((other) => other.yaml === setting.yaml) === index);
}

/** Who wrote the container and how we know: the first sentence of every injector fix. */
export function injectedHead(container: string, injected: InjectedBy): string {
  return `${container} is written by ${injected.profile.name}'s injector on every pod (detected by ${injected.signals.join('; ')}): editing the container does not last.`;
}

export interface RankedSetting {
  setting: InjectorSetting;
  /** How the pod's injector version relates to the setting's minimum (`; … available`). */
  text: string;
}

/**
 * One setting per scope of each option, available ones first (then the nearest upgrade), and the
 * reasons of options the injector has no setting for.
 */
export function rankSettings(injected: InjectedBy, options: readonly SettingsOrWhyNot[]): { ranked: RankedSetting[]; whyNot: string[] } {
  const settings = distinct(options.flatMap((option) => ('none' in option ? [] : onePerScope(injected, option))));
  const whyNot = options.flatMap((option) => ('none' in option ? [option.none] : []));
  const ranked = settings
    .map((setting, order) => ({ setting, order, ...verdict(injected, setting) }))
    .sort((a, b) => a.rank - b.rank || (a.rank === 2 ? bySince(a.setting, b.setting) : 0) || a.order - b.order)
    .map(({ setting, text }) => ({ setting, text }));
  return { ranked, whyNot };
}

/** `Use: <title> — <scope>, from <release>; <verdict> (source: …).` plus what the pod already sets. */
export function settingLead(pod: PodDigest, setting: InjectorSetting, verdictText: string, verb: 'Use' | 'Or'): string {
  return `${verb}: ${setting.title} — ${setting.scope}, from ${setting.since.label}${verdictText} (source: ${setting.source}).${alreadySet(pod, setting)}`;
}

/** The setting's snippet for this pod (its workload in place of `{rollout}`). */
export function settingSnippet(pod: PodDigest, setting: InjectorSetting): string {
  return setting.yaml.replaceAll('{rollout}', rolloutTarget(pod));
}

/**
 * The injector's settings as a fix: who wrote the container and how we know, then each setting
 * with its scope, minimum version (judged against the pod's) and source, available ones first.
 */
export function injectorFix(
  pod: PodDigest,
  container: string,
  injected: InjectedBy,
  purpose: string,
  options: SettingsOrWhyNot[],
  values: readonly FixValue[] = [],
  closing?: string,
): FixResult {
  const head = `${injectedHead(container, injected)}${purpose ? ` ${purpose}` : ''}`;
  const { ranked, whyNot } = rankSettings(injected, options);
  const blocks = ranked.map(
    ({ setting, text }, index) =>
      `${settingLead(pod, setting, text, index === 0 ? 'Use' : 'Or')}\n${fenced(settingSnippet(pod, setting), setting.lang ?? 'yaml')}`,
  );
  const settingValues = ranked.flatMap(({ setting }) => setting.values ?? []);
  const parts = [head, ...whyNot, ...blocks];
  if (closing) parts.push(closing);
  return withValues(parts.join('\n\n'), [...values, ...settingValues]);
}
