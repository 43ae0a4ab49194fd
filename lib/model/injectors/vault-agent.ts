/**
 * Vault Agent injector (hashicorp/vault-k8s, container `vault-agent`). Checked against
 * `agent-inject/agent/annotations.go`: no native-sidecar mode up to v1.7.x (no `restartPolicy` in
 * `agent-inject/`); secrets are rendered before the app by the `vault-agent-init` init container
 * (`vault.hashicorp.com/agent-pre-populate`, default true) and a Job needs no sidecar at all with
 * `agent-pre-populate-only` (both from v0.4.0); resources through `agent-requests-*` /
 * `agent-limits-*` (v0.4.0) or the injector's `AGENT_INJECT_MEM_*` environment.
 */
import type { InjectorProfile, InjectorSetting, ResourceFigures } from './types';
import { podTemplateAnnotations } from './yaml';

const TREE = 'https://github.com/hashicorp/vault-k8s/blob';
export const VAULT_STATUS_ANNOTATION = 'vault.hashicorp.com/agent-inject-status';
const SINCE = { label: 'vault-k8s 0.4', release: '0.4.0' };
const ANNOTATIONS_SOURCE = `${TREE}/v0.4.0/agent-inject/agent/annotations.go`;

const PRE_POPULATE_ONLY: InjectorSetting[] = [
  {
    scope: 'pod annotation',
    title: 'render the secrets once in the init container and inject no sidecar (for Jobs and apps that read secrets only at start)',
    since: SINCE,
    yaml: podTemplateAnnotations({ 'vault.hashicorp.com/agent-pre-populate-only': 'true' }),
    source: ANNOTATIONS_SOURCE,
  },
];

function resources(figures: ResourceFigures): InjectorSetting[] {
  const annotations: Record<string, string> = {};
  if (figures.cpuRequest) annotations['vault.hashicorp.com/agent-requests-cpu'] = figures.cpuRequest;
  if (figures.memoryRequest) annotations['vault.hashicorp.com/agent-requests-mem'] = figures.memoryRequest;
  if (figures.memoryLimit) annotations['vault.hashicorp.com/agent-limits-mem'] = figures.memoryLimit;
  if (Object.keys(annotations).length === 0) return [];
  return [
    {
      scope: 'pod annotation',
      title: 'vault-agent resources for this workload (injector-wide: AGENT_INJECT_MEM_LIMIT and friends)',
      since: SINCE,
      yaml: podTemplateAnnotations(annotations),
      source: ANNOTATIONS_SOURCE,
    },
  ];
}

export const VAULT_AGENT: InjectorProfile = {
  id: 'vault-agent',
  name: 'Vault Agent',
  role: 'secrets-agent',
  detect(pod, container) {
    const status = pod.annotations[VAULT_STATUS_ANNOTATION];
    return container.name === 'vault-agent' && status !== undefined ? [`annotation ${VAULT_STATUS_ANNOTATION}: ${status}`] : [];
  },
  versionOf: () => undefined,
  versionIsInjectors: false,
  nativeSidecar: PRE_POPULATE_ONLY,
  nativePurpose:
    'vault-k8s has no native-sidecar mode (checked up to v1.7); a workload that reads its secrets only at start, a Job above all, needs no vault-agent sidecar at all.',
  holdApplication: [
    {
      scope: 'pod annotation',
      title: 'render the secrets in the vault-agent-init init container before the app starts (the default; check it is not switched off)',
      since: SINCE,
      yaml: podTemplateAnnotations({ 'vault.hashicorp.com/agent-pre-populate': 'true' }),
      source: ANNOTATIONS_SOURCE,
    },
  ],
  resources,
};
