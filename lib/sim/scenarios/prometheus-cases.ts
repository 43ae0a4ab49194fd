/**
 * What only cAdvisor shows (served on the sim's `/metrics/cadvisor` for a real Prometheus): an
 * istio-proxy throttled by a tight CPU limit, and a fluent-bit whose child process is OOM-killed
 * every 20 s while the container keeps running (no restart, no OOMKilled in the pod status).
 */
import { container, deployment, resources, type Scenario } from './kit';

const ISTIO_STATUS = JSON.stringify({ initContainers: ['istio-proxy'], containers: null, volumes: ['istio-envoy'], revision: 'default' });

export const sidecarThrottled: Scenario = {
  name: 'sidecar-cpu-throttled',
  namespace: 'edge',
  summary: 'an istio-proxy native sidecar with a 100m CPU limit, throttled in about 55% of its CFS periods',
  start(ctx) {
    deployment(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'gateway',
      template: {
        annotations: { 'sidecar.istio.io/status': ISTIO_STATUS, 'kubectl.kubernetes.io/default-container': 'gateway' },
        initContainers: [
          container('istio-proxy', 'docker.io/istio/proxyv2:1.22.0', {
            restartPolicy: 'Always',
            ports: [15090],
            startupProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 1, failureThreshold: 60 },
            resources: resources(['50m', '64Mi'], ['100m', '256Mi']),
          }),
        ],
        containers: [container('gateway', 'ghcr.io/example/gateway:2.4.1', { ports: [8080], resources: resources(['200m', '128Mi'], ['1', '256Mi']) })],
      },
      behaviours: {
        'istio-proxy': { serveAfterMs: 900, memory: { baseMi: 52 }, cpuMilli: 96, throttledShare: 0.55 },
        gateway: { serveAfterMs: 700, memory: { baseMi: 110 }, cpuMilli: 140 },
      },
    });
  },
};

export const sidecarChildOom: Scenario = {
  name: 'sidecar-child-oom',
  namespace: 'edge',
  summary: 'a fluent-bit native sidecar whose exec child is OOM-killed every 20 s: the container never restarts',
  start(ctx) {
    deployment(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'ledger',
      template: {
        initContainers: [
          container('fluent-bit', 'fluent/fluent-bit:3.0.4', {
            restartPolicy: 'Always',
            startupProbe: { tcpSocket: { port: 2020 }, periodSeconds: 1, failureThreshold: 30 },
            resources: resources(['20m', '48Mi'], ['200m', '64Mi']),
          }),
        ],
        containers: [container('ledger', 'ghcr.io/example/ledger:7.0.3', { ports: [8080], resources: resources(['100m', '128Mi'], ['500m', '256Mi']) })],
      },
      behaviours: {
        'fluent-bit': { serveAfterMs: 400, memory: { baseMi: 44 }, cpuMilli: 12, childOomEveryMs: 20_000 },
        ledger: { serveAfterMs: 900, memory: { baseMi: 96 }, cpuMilli: 60 },
      },
    });
  },
};
