/**
 * Raw pods stuffed with secrets in every place a real pod carries them (env values, probe
 * headers, command lines, the last-applied-configuration annotation, token annotations), for
 * tests asserting that none of it reaches an HTTP response or a log line.
 *
 * Every secret is a distinctive string so a leak is found by plain substring search, whatever the
 * encoding around it (JSON, Prometheus text, SSE frames).
 */

/** Each secret by where it is hidden. Values are unique and never appear in legitimate output. */
export const SECRETS = {
  envValue: 'sekret-env-value-5f2c91',
  envPassword: 'hunter2-db-password-a71e',
  probeHeader: 'Bearer probe-header-token-0c3d',
  argPassword: 'arg-password-44b9e0',
  commandToken: 'cmd-token-9e81aa',
  preStopToken: 'prestop-token-7751cc',
  lastAppliedPassword: 'last-applied-password-d3f0',
  annotationToken: 'annotation-token-62ab7f',
  vaultToken: 'hvs.vault-token-1b2c3d',
  configMapValue: 'cm-inline-secret-8e8e',
  /** A directory name: any path containing it is the kubeconfig's. */
  kubeconfigDir: 'private-cluster-kubeconfig-e5a1',
  kubeconfigToken: 'kubeconfig-bearer-token-f00d17',
} as const;

/** Strings that must not appear at all, whatever their value. */
export const FORBIDDEN_MARKERS = ['last-applied-configuration', 'managedFields'] as const;

/** Names of secret *references* (not values): showing these is allowed. */
export const ALLOWED_REFERENCES = ['db-credentials', 'password', 'api-keys'] as const;

function envOf(extra: object[] = []): object[] {
  return [
    { name: 'PLAIN', value: SECRETS.envValue },
    { name: 'DB_PASSWORD', value: SECRETS.envPassword },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ...extra,
  ];
}

const LAST_APPLIED = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  spec: { containers: [{ name: 'app', env: [{ name: 'DB_PASSWORD', value: SECRETS.lastAppliedPassword }] }] },
});

function metadata(name: string, annotations: Record<string, string>): object {
  return {
    name,
    namespace: 'payments',
    uid: `uid-${name}`,
    resourceVersion: '1',
    creationTimestamp: '2026-01-01T00:00:00Z',
    labels: { app: name },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': LAST_APPLIED, 'example.com/api-token': SECRETS.annotationToken, ...annotations },
    managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } }],
  };
}

const running = (name: string) => ({
  name,
  ready: true,
  started: true,
  restartCount: 0,
  image: 'img',
  imageID: '',
  state: { running: { startedAt: '2026-01-01T00:00:05Z' } },
});

/** A pod with a native sidecar (vault agent) and an app, both full of secrets. */
export function aNativeSidecarPodWithSecrets(): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata('vault-app', { 'vault.hashicorp.com/agent-inject-token': SECRETS.vaultToken, 'vault.hashicorp.com/agent-inject-status': 'injected' }),
    spec: {
      restartPolicy: 'Always',
      initContainers: [
        {
          name: 'vault-agent',
          image: 'hashicorp/vault:1.17',
          restartPolicy: 'Always',
          command: ['vault', 'agent', `-token=${SECRETS.commandToken}`],
          env: envOf([{ name: 'VAULT_TOKEN', value: SECRETS.vaultToken }]),
          startupProbe: { httpGet: { path: '/ready', port: 8200, httpHeaders: [{ name: 'Authorization', value: SECRETS.probeHeader }] } },
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'payments:1.2.3',
          args: ['--db-url=postgres://app@db', `--db-password=${SECRETS.argPassword}`],
          env: envOf(),
          envFrom: [{ secretRef: { name: 'api-keys' } }],
          lifecycle: { preStop: { exec: { command: ['sh', '-c', `curl -H 'X-Token: ${SECRETS.preStopToken}' localhost/drain`] } } },
          livenessProbe: { exec: { command: ['check', `--token=${SECRETS.commandToken}`] } },
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      ],
      volumes: [{ name: 'creds', secret: { secretName: 'db-credentials' } }],
    },
    status: {
      phase: 'Running',
      startTime: '2026-01-01T00:00:01Z',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:06Z' }],
      initContainerStatuses: [running('vault-agent')],
      containerStatuses: [running('app')],
    },
  };
}

/** An istio-injected pod (legacy sidecar) whose proxy crash-loops, with secrets in env and args. */
export function aLegacySidecarPodWithSecrets(): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata('mesh-app', { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}', 'example.com/inline-config': SECRETS.configMapValue }),
    spec: {
      containers: [
        { name: 'app', image: 'shop:2', env: envOf() },
        { name: 'istio-proxy', image: 'istio/proxyv2:1.22.0', args: ['proxy', 'sidecar', `--token=${SECRETS.commandToken}`], env: envOf() },
      ],
    },
    status: {
      phase: 'Running',
      containerStatuses: [
        running('app'),
        {
          name: 'istio-proxy',
          ready: false,
          started: false,
          restartCount: 5,
          image: 'istio/proxyv2:1.22.0',
          imageID: '',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=istio-proxy' } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: '2026-01-01T00:01:00Z', finishedAt: '2026-01-01T00:01:30Z' } },
        },
      ],
    },
  };
}

/** Every secret-laden pod. */
export function podsFullOfSecrets(): unknown[] {
  return [aNativeSidecarPodWithSecrets(), aLegacySidecarPodWithSecrets()];
}

/** The names of the secrets (and forbidden markers) found in `text`; empty when it is clean. */
export function findLeaks(text: string): string[] {
  const secrets = Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
  return [...secrets, ...FORBIDDEN_MARKERS.filter((marker) => text.includes(marker))];
}
