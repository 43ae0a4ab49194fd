/** Seed 001 (app + Envoy + Fluentd with the seed's requests) and seed 000 (the buffering logger). */
import { container, deployment, emptyDir, resources, type PodTemplate, type Scenario } from './kit';
import { fluentBitOomLog } from './logs';

const envoyFluentdTemplate: PodTemplate = {
  containers: [
    container('app', 'myapp:1.0', {
      ports: [8080],
      env: [
        { name: 'DB_HOST', value: 'postgres.shop.svc' },
        { name: 'DB_PASSWORD', value: 'hunter2-sim-secret' },
        { name: 'API_TOKEN', value: 'sk-sim-0123456789abcdef' },
      ],
      readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
      resources: { requests: { memory: '256Mi', cpu: '500m' } },
    }),
    container('envoy', 'envoyproxy/envoy:v1.28', {
      ports: [9901, 15001],
      volumeMounts: [{ name: 'envoy-config', mountPath: '/etc/envoy' }],
      resources: { requests: { memory: '128Mi', cpu: '100m' } },
    }),
    container('log-collector', 'fluent/fluentd:v1.16', {
      volumeMounts: [{ name: 'log-volume', mountPath: '/var/log' }],
      resources: { requests: { memory: '64Mi', cpu: '50m' } },
    }),
  ],
  volumes: [{ name: 'envoy-config', configMap: { name: 'envoy-config' } }, emptyDir('log-volume')],
};

export const envoyFluentd: Scenario = {
  name: 'seed-001-envoy-fluentd',
  namespace: 'shop',
  summary: 'myapp with an Envoy proxy and a Fluentd log collector as regular containers, requests as in the seed',
  template: envoyFluentdTemplate,
  start(ctx) {
    deployment(
      ctx,
      {
        scenario: this.name,
        namespace: this.namespace,
        name: 'myapp',
        template: envoyFluentdTemplate,
        behaviours: {
          app: { serveAfterMs: 3_000, memory: { baseMi: 210 }, cpuMilli: 320, drainMs: 2_000 },
          envoy: { serveAfterMs: 500, memory: { baseMi: 70 }, cpuMilli: 45 },
          'log-collector': { memory: { baseMi: 92 }, cpuMilli: 30 },
        },
      },
      3,
    );
  },
};

const loggerOomTemplate: PodTemplate = {
  containers: [
    container('checkout', 'ghcr.io/example/checkout:2.3.1', {
      ports: [8080],
      env: [{ name: 'DB_PASSWORD', value: 'checkout-sim-password' }],
      resources: resources(['250m', '256Mi'], ['1', '512Mi']),
    }),
    container('fluent-bit', 'fluent/fluent-bit:2.2.0', {
      env: [{ name: 'SPLUNK_TOKEN', value: 'splunk-sim-token-42' }],
      resources: resources(['50m', '64Mi'], ['200m', '256Mi']),
    }),
  ],
};

export const loggerOom: Scenario = {
  name: 'seed-000-logger-oom',
  namespace: 'shop',
  summary: 'a logging sidecar buffering for an unreachable Splunk until it hits its memory limit and is OOM-killed',
  template: loggerOomTemplate,
  start(ctx) {
    deployment(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'checkout',
      template: loggerOomTemplate,
      behaviours: {
        checkout: { serveAfterMs: 1_500, memory: { baseMi: 180, growMiPerMin: 0 }, cpuMilli: 120 },
        'fluent-bit': { memory: { baseMi: 40, growMiPerMin: 72 }, cpuMilli: 60, logs: fluentBitOomLog },
      },
    });
  },
};
