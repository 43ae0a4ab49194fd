/** Crash-looping sidecar, Jobs with legacy vs native sidecars, and three ways a pod shuts down. */
import { container, type ContainerExtras, cronJob, deployment, jobPod, recycle, resources, type PodTemplate, type Scenario } from './kit';
import { istioProxyCrashLog } from './logs';

const ISTIO_STATUS = JSON.stringify({ initContainers: ['istio-init', 'istio-proxy'], containers: null, volumes: ['istio-envoy'], revision: 'default' });
const sqlProxy = (extra: ContainerExtras = {}) =>
  container('cloud-sql-proxy', 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0', {
    ports: [5432],
    resources: resources(['50m', '32Mi'], ['200m', '128Mi']),
    ...extra,
  });
const exporter = container('exporter', 'ghcr.io/example/report-exporter:1.4.0', {
  env: [{ name: 'DB_PASSWORD', value: 'reports-sim-password' }],
  resources: resources(['200m', '128Mi'], ['500m', '256Mi']),
});
const jobBehaviours = {
  exporter: { pullMs: 1_200, runMs: 8_000, exitCode: 0, memory: { baseMi: 90 }, cpuMilli: 300 },
  'cloud-sql-proxy': { pullMs: 400, serveAfterMs: 300, memory: { baseMi: 18 }, cpuMilli: 5, drainMs: 300 },
};

export const sidecarCrashloop: Scenario = {
  name: 'sidecar-crashloop',
  namespace: 'mesh',
  summary: 'an istio-proxy native sidecar that exits 1 every few seconds: the real back-off ladder',
  start(ctx) {
    deployment(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'payments',
      template: {
        annotations: { 'sidecar.istio.io/status': ISTIO_STATUS, 'kubectl.kubernetes.io/default-container': 'payments' },
        labels: { 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'payments' },
        initContainers: [
          container('istio-init', 'docker.io/istio/proxyv2:1.22.0', { args: ['istio-iptables'], resources: resources(['10m', '40Mi'], ['2', '1Gi']) }),
          container('istio-proxy', 'docker.io/istio/proxyv2:1.22.0', {
            restartPolicy: 'Always',
            ports: [15090],
            startupProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 1, failureThreshold: 600 },
            readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 15 },
            resources: resources(['100m', '128Mi'], ['2', '1Gi']),
          }),
        ],
        containers: [container('payments', 'ghcr.io/example/payments:3.0.2', { ports: [8080], env: [{ name: 'STRIPE_KEY', value: 'sk_test_sim' }] })],
      },
      behaviours: {
        'istio-init': { runMs: 400, exitCode: 0 },
        'istio-proxy': { serveAfterMs: 1_200, runMs: 6_000, exitCode: 1, memory: { baseMi: 45 }, cpuMilli: 20, logs: istioProxyCrashLog },
        payments: { serveAfterMs: 800, memory: { baseMi: 140 }, cpuMilli: 90 },
      },
    });
  },
};

const jobLegacyForeverTemplate: PodTemplate = { restartPolicy: 'Never', containers: [exporter, sqlProxy()] };

export const jobLegacyForever: Scenario = {
  name: 'job-legacy-sidecar-forever',
  namespace: 'batch',
  summary: 'a Job whose exporter finished long ago, kept Running by a cloud-sql-proxy regular container',
  template: jobLegacyForeverTemplate,
  start(ctx) {
    jobPod(
      ctx,
      { scenario: this.name, namespace: this.namespace, name: 'report-export', template: jobLegacyForeverTemplate, behaviours: jobBehaviours },
      'report-export',
    );
  },
};

const jobNativeCompletesTemplate: PodTemplate = { restartPolicy: 'Never', initContainers: [sqlProxy({ restartPolicy: 'Always' })], containers: [exporter] };

export const jobNativeCompletes: Scenario = {
  name: 'job-native-sidecar-completes',
  namespace: 'batch',
  summary: 'the same Job with cloud-sql-proxy as a native sidecar: it is stopped and the Job completes',
  template: jobNativeCompletesTemplate,
  start(ctx) {
    cronJob(
      ctx,
      { scenario: this.name, namespace: this.namespace, name: 'report-export-native', template: jobNativeCompletesTemplate, behaviours: jobBehaviours },
      120_000,
      3,
    );
  },
};

const appWithDrain = (drainMs: number) => ({ serveAfterMs: 1_000, memory: { baseMi: 120 }, cpuMilli: 80, drainMs });
const envoy = (extra: ContainerExtras = {}) =>
  container('envoy', 'envoyproxy/envoy:v1.30.1', { ports: [15001], resources: resources(['100m', '64Mi'], ['500m', '256Mi']), ...extra });
const fluentBit = (extra: ContainerExtras = {}) =>
  container('fluent-bit', 'fluent/fluent-bit:3.0.4', { resources: resources(['20m', '32Mi'], ['100m', '64Mi']), ...extra });
const orders = container('orders', 'ghcr.io/example/orders:5.2.0', { ports: [8080], lifecycle: { preStop: { sleep: { seconds: 5 } } } });

const shutdownLegacyTemplate: PodTemplate = { containers: [orders, envoy()] };

export const shutdownLegacy: Scenario = {
  name: 'shutdown-legacy-before-app',
  namespace: 'shutdown',
  summary: 'SIGTERM reaches envoy and the app together: envoy exits at once while the app drains for 8 s',
  template: shutdownLegacyTemplate,
  start(ctx) {
    const make = deployment(
      ctx,
      {
        scenario: this.name,
        namespace: this.namespace,
        name: 'orders',
        template: shutdownLegacyTemplate,
        behaviours: { orders: appWithDrain(8_000), envoy: { drainMs: 300, memory: { baseMi: 40 }, cpuMilli: 15 } },
      },
      0,
    );
    recycle(ctx, make, 60_000, 30_000);
  },
};

const shutdownNativeTemplate: PodTemplate = {
  initContainers: [envoy({ restartPolicy: 'Always' }), fluentBit({ restartPolicy: 'Always' })],
  containers: [orders],
};

export const shutdownNative: Scenario = {
  name: 'shutdown-native-reverse-order',
  namespace: 'shutdown',
  summary: 'envoy and fluent-bit as native sidecars: the app drains first, then fluent-bit, then envoy',
  template: shutdownNativeTemplate,
  start(ctx) {
    const behaviours = {
      orders: appWithDrain(8_000),
      envoy: { drainMs: 300, memory: { baseMi: 40 }, cpuMilli: 15 },
      'fluent-bit': { drainMs: 500, memory: { baseMi: 12 }, cpuMilli: 4 },
    };
    const make = deployment(ctx, { scenario: this.name, namespace: this.namespace, name: 'orders-native', template: shutdownNativeTemplate, behaviours }, 0);
    recycle(ctx, make, 60_000, 35_000);
  },
};

const shutdownSigkillTemplate: PodTemplate = {
  terminationGracePeriodSeconds: 10,
  containers: [container('legacy-api', 'ghcr.io/example/legacy-api:0.9.7', { ports: [8080] }), fluentBit()],
};

export const shutdownSigkill: Scenario = {
  name: 'shutdown-grace-period-sigkill',
  namespace: 'shutdown',
  summary: 'an app that ignores SIGTERM: SIGKILLed (137) when the 10 s grace period ends',
  template: shutdownSigkillTemplate,
  start(ctx) {
    const behaviours = { 'legacy-api': appWithDrain(3_600_000), 'fluent-bit': { drainMs: 200, memory: { baseMi: 12 }, cpuMilli: 4 } };
    const make = deployment(ctx, { scenario: this.name, namespace: this.namespace, name: 'legacy-api', template: shutdownSigkillTemplate, behaviours }, 0);
    recycle(ctx, make, 60_000, 40_000);
  },
};
