/**
 * A Deployment of six replicas with istio injected the classic way (istio-init as a plain init
 * container, istio-proxy as a regular container beside the app): every replica starts a little
 * differently (image already on the node or not, the app's warm-up), and one is far slower
 * (istio-init waits 9 s on the node's iptables lock, the app warms a cold cache). The workload page's
 * scenario: aligned timelines, duration histograms, probe advice, legacy → native advice.
 *
 * The replicas come up as a rolling update brings them, from {@link FIRST_MS} on, one every
 * {@link EVERY_MS}: a dashboard started with the cluster watches every startup (only a watcher
 * sees when a container becomes ready; a pod found already ready has no such time).
 */
import type { Behaviour } from '../kubelet/behaviour';
import { container, resources, SCENARIO_LABEL, type Scenario, type ScenarioContext } from './kit';

const ISTIO_STATUS = JSON.stringify({ initContainers: ['istio-init'], containers: ['istio-proxy'], volumes: ['istio-envoy'], revision: 'default' });
const REPLICAS = 6;
/** The replica that waits on the iptables lock and a cold cache. */
const SLOW_REPLICA = 4;
const FIRST_MS = 10_000;
const EVERY_MS = 2_000;

const template = {
  annotations: { 'sidecar.istio.io/status': ISTIO_STATUS, 'kubectl.kubernetes.io/default-container': 'storefront' },
  initContainers: [
    container('istio-init', 'docker.io/istio/proxyv2:1.21.2', { args: ['istio-iptables', '-p', '15001'], resources: resources(['10m', '40Mi'], ['2', '1Gi']) }),
  ],
  containers: [
    container('storefront', 'ghcr.io/example/storefront:7.3.1', {
      ports: [8080],
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1, failureThreshold: 3 },
      resources: resources(['250m', '256Mi'], ['1', '512Mi']),
    }),
    container('istio-proxy', 'docker.io/istio/proxyv2:1.21.2', {
      ports: [15090],
      readinessProbe: { httpGet: { path: '/healthz/ready', port: 15021 }, periodSeconds: 2, failureThreshold: 30 },
      resources: resources(['100m', '128Mi'], ['2', '1Gi']),
    }),
  ],
};

function behavioursOf(ctx: ScenarioContext, replica: number): Record<string, Behaviour> {
  const slow = replica === SLOW_REPLICA;
  return {
    'istio-init': { runMs: slow ? 9_000 : ctx.random.int(300, 700), exitCode: 0 },
    'istio-proxy': { serveAfterMs: ctx.random.int(1_000, 2_600), memory: { baseMi: 42 }, cpuMilli: 18 },
    storefront: { serveAfterMs: slow ? 13_500 : ctx.random.int(2_500, 5_000), memory: { baseMi: 180 }, cpuMilli: 120 },
  };
}

export const storefrontReplicas: Scenario = {
  name: 'workload-istio-replicas',
  namespace: 'storefront',
  summary: 'six replicas with a legacy istio-proxy and varied startups, one far slower than the rest',
  start(ctx) {
    const hash = ctx.random.suffix(10);
    const rs = { kind: 'ReplicaSet' as const, name: `storefront-${hash}`, uid: ctx.random.uid() };
    for (let replica = 0; replica < REPLICAS; replica++) {
      ctx.clock.setTimer(
        () =>
          ctx.runPod(
            {
              ...template,
              name: `${rs.name}-${ctx.random.suffix(5)}`,
              generateName: `${rs.name}-`,
              namespace: this.namespace,
              uid: ctx.random.uid(),
              owner: rs,
              labels: { app: 'storefront', 'pod-template-hash': hash, 'security.istio.io/tlsMode': 'istio', [SCENARIO_LABEL]: this.name },
            },
            behavioursOf(ctx, replica),
          ),
        FIRST_MS + replica * EVERY_MS,
      );
    }
  },
};
