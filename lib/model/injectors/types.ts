/**
 * What Sidecarscope knows about each sidecar injector: how to recognise the container it wrote,
 * and the injector's own settings for the fixes the findings suggest. Nobody edits an injected
 * container (the webhook writes it again on every pod): the fix is the injector's setting.
 */
import type { ContainerSpecDigest, FixValue, PodDigest } from '../types';
import type { VersionRequirement } from './version';

export type InjectorId = 'istio' | 'linkerd' | 'consul' | 'kuma' | 'dapr' | 'vault-agent' | 'cloud-sql-proxy-operator' | 'aws-app-mesh';

/** What the injected container does, which decides what OOM advice fits it. */
export type SidecarRole = 'mesh-proxy' | 'secrets-agent' | 'db-proxy' | 'app-runtime';

/** Where a setting lives. */
export type SettingScope = 'pod annotation' | 'mesh config' | 'Helm value' | 'control-plane env' | 'custom resource' | 'upgrade';

/** One of the injector's own switches, ready to paste. */
export interface InjectorSetting {
  scope: SettingScope;
  /** One line: what it does and where it goes. */
  title: string;
  since: VersionRequirement;
  /** The snippet; `{rollout}` is replaced with the pod's workload (`deployment/web -n shop`). */
  yaml: string;
  /** Default `yaml`. */
  lang?: 'yaml' | 'sh';
  /** The injector's code or docs this was checked against, at a pinned tag. */
  source: string;
  /** Values carried by `yaml`, with their origin. */
  values?: FixValue[];
}

/** The sidecar's health endpoint as the injector's template writes it. */
export interface TemplateProbe {
  handler: 'httpGet' | 'tcpSocket' | 'exec';
  path?: string;
  port?: number;
  command?: string[];
  source: string;
}

/** Memory and CPU figures (Kubernetes quantities) a resources fix should carry. */
export interface ResourceFigures {
  memoryLimit?: string;
  memoryRequest?: string;
  cpuRequest?: string;
}

/** Either settings, or why the injector has none (shown as the fix's text). */
export type SettingsOrWhyNot = InjectorSetting[] | { none: string };

export interface InjectorProfile {
  id: InjectorId;
  name: string;
  role: SidecarRole;
  /** The signals that this container was written by this injector; empty when it was not. */
  detect(pod: PodDigest, container: ContainerSpecDigest): string[];
  /** The injector's version as the pod shows it (an image tag, an annotation), when it does. */
  versionOf(pod: PodDigest, container: ContainerSpecDigest): string | undefined;
  /** Whether that version is the injector's own or only its proxy's (then it gates nothing). */
  versionIsInjectors: boolean;
  readiness?: TemplateProbe;
  /** Making it a native sidecar (`initContainers`, `restartPolicy: Always`, startupProbe). */
  nativeSidecar: SettingsOrWhyNot;
  /** Said instead of "switch to native sidecars" when `nativeSidecar` offers something else. */
  nativePurpose?: string;
  /** Holding the app until the sidecar serves, without native sidecars. */
  holdApplication: SettingsOrWhyNot;
  /** Keeping the sidecar up until the app has drained, without native sidecars. */
  shutdown?: InjectorSetting[];
  resources(figures: ResourceFigures): SettingsOrWhyNot;
}
