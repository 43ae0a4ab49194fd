/**
 * What to do about a sidecar's memory besides a bigger limit, by what the sidecar is: buffers for
 * a log shipper, configuration scope for a mesh proxy. Never log-shipper advice for an Envoy.
 */
import type { InjectedBy } from '../../injectors';
import { imageRepository } from '../../sidecar-signals';
import type { ContainerSpecDigest } from '../../types';

const LOG_SHIPPERS: readonly { match: RegExp; advice: string }[] = [
  {
    match: /fluent-?bit/,
    advice:
      "Bound fluent-bit's buffers so an unreachable backend cannot grow it without limit: `Mem_Buf_Limit` on each input, and `storage.type filesystem` to spill to disk.",
  },
  { match: /fluentd/, advice: "Bound fluentd's buffers: a file `<buffer>` with `total_limit_size` and `overflow_action drop_oldest_chunk` (or `block`)." },
  { match: /vector/, advice: 'Give vector\'s sinks a disk buffer (`buffer.type = "disk"`, `max_size`) so an unreachable backend cannot grow memory.' },
  { match: /filebeat/, advice: "Bound filebeat's in-memory queue (`queue.mem.events`) or use the disk queue." },
  { match: /promtail/, advice: "Bound promtail's batching (`client.batchsize`, `limits_config`) and check the Loki endpoint is reachable." },
];

const MESH_PROXY =
  "A mesh proxy's memory grows with the configuration it holds (every service and endpoint it is told about) and with its connections: scope what it receives before raising the limit again.";
const BY_INJECTOR: Readonly<Record<string, string>> = {
  istio: `${MESH_PROXY} With Istio, a \`Sidecar\` resource limiting \`egress.hosts\` to the services this workload calls cuts Envoy's configuration.`,
  linkerd:
    "linkerd-proxy's memory grows with open connections and the endpoints it balances to: check for connection leaks in the app before raising the limit again.",
  consul: MESH_PROXY,
  kuma: `${MESH_PROXY} With Kuma, MeshTrafficPermission/reachable services limit what each data plane receives.`,
  'aws-app-mesh': MESH_PROXY,
  dapr: "daprd's memory grows with the components and subscriptions it loads and with in-flight requests: check them before raising the limit again.",
  'vault-agent': "vault-agent's memory grows with the templates and secrets it renders and caches: check its templates and cache settings.",
  'cloud-sql-proxy-operator': "The Cloud SQL proxy's memory grows with open connections: check the app's connection pool size.",
};

/** One sentence on what bounds this sidecar's memory; undefined when we know nothing specific. */
export function memoryAdvice(container: ContainerSpecDigest, injected: InjectedBy | undefined): string | undefined {
  if (injected) return BY_INJECTOR[injected.profile.id];
  const key = `${container.name} ${imageRepository(container.image)}`.toLowerCase();
  const shipper = LOG_SHIPPERS.find((entry) => entry.match.test(key));
  if (shipper) return shipper.advice;
  if (/envoy|istio-proxy|linkerd-proxy/.test(key)) return MESH_PROXY;
  return undefined;
}
