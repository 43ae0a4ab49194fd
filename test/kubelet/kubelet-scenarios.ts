/**
 * Scenarios of known kubelet behaviours, beside the seed scenarios: declared with the same kit
 * (templates + per-container Behaviour), run on the real kubelet and on the simulated cluster
 * (ScenarioEngine's `catalogue` option), not part of the demo.
 */
import { barePod, container, jobPod, type PodTemplate, type Scenario } from '@/lib/sim/scenarios/kit';

const NAMESPACE = 'kubelet-cases';

const proxyProbe = { httpGet: { path: '/ready', port: 15021 }, periodSeconds: 1 };

const restartTemplate: PodTemplate = {
  initContainers: [
    container('proxy', 'envoyproxy/envoy:v1.30.1', {
      restartPolicy: 'Always',
      startupProbe: { ...proxyProbe, failureThreshold: 30 },
      readinessProbe: proxyProbe,
    }),
  ],
  containers: [container('app', 'ghcr.io/example/app:1.0.0', { ports: [8080] })],
};

/**
 * kubernetes#137146 (#132826): after a kubelet restart, a regular container that crashes next to
 * a native sidecar with a startupProbe must still be restarted. The test restarts the kubelet
 * at {@link KUBELET_RESTART_AT_MS}; the app crashes 20 s after it started, after the restart.
 */
export const kubeletRestart: Scenario = {
  name: 'kubelet-restart-native-sidecar',
  namespace: NAMESPACE,
  summary: 'the kubelet restarts while a native sidecar with a startupProbe runs; the app crashes after the restart and must be restarted',
  template: restartTemplate,
  start(ctx) {
    barePod(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'restart-app',
      template: restartTemplate,
      behaviours: { proxy: { pullMs: 300, serveAfterMs: 1_000, drainMs: 200 }, app: { pullMs: 300, serveAfterMs: 500, runMs: 20_000, exitCode: 1 } },
    });
  },
};
export const KUBELET_RESTART_AT_MS = 10_000;

const neverStartsTemplate: PodTemplate = {
  initContainers: [container('proxy', 'envoyproxy/envoy:v1.30.1', { restartPolicy: 'Always', startupProbe: { ...proxyProbe, failureThreshold: 3 } })],
  containers: [container('app', 'ghcr.io/example/app:1.0.0')],
};

/** A native sidecar whose startupProbe never passes: killed at the failure threshold, restarted; the app never starts. */
export const startupNeverPasses: Scenario = {
  name: 'sidecar-startup-probe-never-passes',
  namespace: NAMESPACE,
  summary: 'a native sidecar whose startupProbe never passes: killed and restarted with back-off, the app never starts',
  template: neverStartsTemplate,
  start(ctx) {
    barePod(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'never-starts',
      template: neverStartsTemplate,
      behaviours: { proxy: { pullMs: 300, serveAfterMs: 3_600_000, drainMs: 200 }, app: { pullMs: 300 } },
    });
  },
};

const onFailureLegacyTemplate: PodTemplate = {
  restartPolicy: 'OnFailure',
  containers: [container('worker', 'ghcr.io/example/worker:2.0.0'), container('proxy', 'envoyproxy/envoy:v1.30.1', { ports: [15001] })],
};

/** restartPolicy OnFailure: the worker exits 0 and is not restarted; its legacy sidecar keeps the pod Running. */
export const onFailureLegacy: Scenario = {
  name: 'onfailure-legacy-sidecar-keeps-running',
  namespace: NAMESPACE,
  summary: 'restartPolicy OnFailure: the worker completes, the proxy (a regular container) keeps running and the pod with it',
  template: onFailureLegacyTemplate,
  start(ctx) {
    jobPod(
      ctx,
      {
        scenario: this.name,
        namespace: this.namespace,
        name: 'worker-legacy',
        template: onFailureLegacyTemplate,
        behaviours: { worker: { pullMs: 300, runMs: 5_000, exitCode: 0 }, proxy: { pullMs: 300, serveAfterMs: 300, drainMs: 200 } },
      },
      'worker-legacy',
    );
  },
};

const onFailureNativeTemplate: PodTemplate = {
  restartPolicy: 'OnFailure',
  initContainers: [container('proxy', 'envoyproxy/envoy:v1.30.1', { restartPolicy: 'Always', ports: [15001] })],
  containers: [container('worker', 'ghcr.io/example/worker:2.0.0')],
};

/** restartPolicy OnFailure with the proxy as a native sidecar: the worker completes, the kubelet stops the proxy, the pod succeeds. */
export const onFailureNative: Scenario = {
  name: 'onfailure-native-sidecar-stopped',
  namespace: NAMESPACE,
  summary: 'restartPolicy OnFailure: the worker completes, the kubelet stops the native sidecar and the pod succeeds',
  template: onFailureNativeTemplate,
  start(ctx) {
    jobPod(
      ctx,
      {
        scenario: this.name,
        namespace: this.namespace,
        name: 'worker-native',
        template: onFailureNativeTemplate,
        behaviours: { worker: { pullMs: 300, runMs: 5_000, exitCode: 0 }, proxy: { pullMs: 300, serveAfterMs: 300, drainMs: 200 } },
      },
      'worker-native',
    );
  },
};
