/** Seed 003: nginx with a log-processor sharing an emptyDir, and the init + sidecar pod. Healthy. */
import { barePod, container, emptyDir, resources, type PodTemplate, type Scenario } from './kit';

const nginxLogProcessorTemplate: PodTemplate = {
  labels: { app: 'sidecar-demo' },
  containers: [
    container('nginx', 'nginx:latest', {
      ports: [80],
      volumeMounts: [{ name: 'shared-logs', mountPath: '/var/log/nginx' }],
      readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
      resources: resources(['100m', '64Mi'], ['200m', '128Mi']),
    }),
    container('log-processor', 'busybox', {
      command: ['sh', '-c', 'tail -f /logs/access.log'],
      volumeMounts: [{ name: 'shared-logs', mountPath: '/logs' }],
      resources: resources(['50m', '32Mi'], ['100m', '64Mi']),
    }),
  ],
  volumes: [emptyDir('shared-logs')],
};

export const nginxLogProcessor: Scenario = {
  name: 'seed-003-nginx-log-processor',
  namespace: 'default',
  summary: 'nginx and a busybox log-processor tailing its access log through a shared emptyDir',
  template: nginxLogProcessorTemplate,
  start(ctx) {
    barePod(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'sidecar-demo',
      template: nginxLogProcessorTemplate,
      behaviours: {
        nginx: { serveAfterMs: 400, memory: { baseMi: 22 }, cpuMilli: 4 },
        'log-processor': { memory: { baseMi: 1 }, cpuMilli: 1 },
      },
    });
  },
};

const initAndSidecarTemplate: PodTemplate = {
  initContainers: [
    container('setup', 'busybox', {
      command: ['sh', '-c', 'echo "Setup complete" > /config/init.txt'],
      volumeMounts: [{ name: 'config', mountPath: '/config' }],
    }),
  ],
  containers: [
    container('app', 'nginx:latest', { volumeMounts: [{ name: 'config', mountPath: '/config' }] }),
    container('sidecar-monitor', 'busybox', { command: ['sh', '-c', 'while true; do echo "Monitoring..."; sleep 10; done'] }),
  ],
  volumes: [emptyDir('config')],
};

export const initAndSidecar: Scenario = {
  name: 'seed-003-init-and-sidecar',
  namespace: 'default',
  summary: 'a setup init container, then nginx with a busybox monitor beside it',
  template: initAndSidecarTemplate,
  start(ctx) {
    barePod(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'init-and-sidecar',
      template: initAndSidecarTemplate,
      behaviours: {
        setup: { runMs: 300, exitCode: 0 },
        app: { memory: { baseMi: 20 }, cpuMilli: 3 },
        'sidecar-monitor': { memory: { baseMi: 1 }, cpuMilli: 1 },
      },
    });
  },
};
