/**
 * A Linkerd-injected workload as linkerd/linkerd2 stable-2.14 writes it (linkerd-init, then the
 * app and linkerd-proxy as regular containers, `/ready` and `/live` on the admin port 4191, no
 * proxy resources set): the app calls through the proxy at once and fails before it serves.
 */
import { container, deployment, type Scenario } from './kit';

const VERSION = 'stable-2.14.10';
const proxyProbe = (path: string, initialDelaySeconds: number) => ({ httpGet: { path, port: 4191 }, initialDelaySeconds, periodSeconds: 10 });

export const linkerdInjectedRace: Scenario = {
  name: 'linkerd-injected-race',
  namespace: 'meshed',
  summary: 'a Linkerd-injected Deployment (proxy as a regular container, no proxy resources): the app fails before linkerd-proxy serves',
  start(ctx) {
    deployment(ctx, {
      scenario: this.name,
      namespace: this.namespace,
      name: 'inventory',
      template: {
        annotations: { 'linkerd.io/proxy-version': VERSION, 'linkerd.io/created-by': `linkerd/proxy-injector ${VERSION}`, 'linkerd.io/inject': 'enabled' },
        initContainers: [container('linkerd-init', 'cr.l5d.io/linkerd/proxy-init:v2.2.3', { args: ['--incoming-proxy-port', '4143'] })],
        containers: [
          container('inventory', 'ghcr.io/example/inventory:2.4.0', {
            ports: [8080],
            readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
          }),
          container('linkerd-proxy', `cr.l5d.io/linkerd/proxy:${VERSION}`, {
            ports: [4143, 4191],
            readinessProbe: proxyProbe('/ready', 2),
            livenessProbe: proxyProbe('/live', 10),
          }),
        ],
      },
      behaviours: {
        'linkerd-init': { runMs: 300, exitCode: 0 },
        inventory: { pullMs: 200, needs: { container: 'linkerd-proxy', afterMs: 100 }, serveAfterMs: 800, memory: { baseMi: 90 }, cpuMilli: 40 },
        'linkerd-proxy': { pullMs: 600, serveAfterMs: 2_500, memory: { baseMi: 14 }, cpuMilli: 6 },
      },
    });
  },
};
