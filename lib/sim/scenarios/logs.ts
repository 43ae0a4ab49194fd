/**
 * Log scripts of the scenarios' containers: the last lines of a crashed run say why it ended, as
 * the real programs would print them (istio-proxy's pilot-agent and Envoy, fluent-bit).
 */
import { logTime, type ContainerRun } from '../kubelet/container-logs';

const istioLine = (at: number, level: string, scope: string, text: string) => `${logTime(at)}\t${level}\t${scope}\t${text}`;

/** pilot-agent starts Envoy, cannot get a certificate from istiod, and exits 1. */
export function istioProxyCrashLog(run: ContainerRun): string[] {
  const t = run.startedAt;
  const lines = [
    istioLine(t, 'info', 'FLAG', '--concurrency="2"'),
    istioLine(t + 12, 'info', '', 'Version 1.22.0-9f46ce6ef3b3f1a8c1d4c4d0b06b1d4b1c1f2f7e-Clean'),
    istioLine(t + 31, 'info', '', 'Proxy role\tips=[10.244.0.5] type=sidecar id=payments domain=mesh.svc.cluster.local'),
    istioLine(t + 55, 'info', 'xdsproxy', 'Initializing with upstream address "istiod.istio-system.svc:15012" and cluster "Kubernetes"'),
    istioLine(t + 210, 'info', '', 'Pilot SAN: [istiod.istio-system.svc]'),
    istioLine(t + 402, 'info', 'sds', 'Starting SDS grpc server'),
    istioLine(t + 650, 'info', '', 'Starting proxy agent'),
    istioLine(
      t + 655,
      'info',
      '',
      'Envoy command: [-c etc/istio/proxy/envoy-rev.json --drain-time-s 45 --drain-strategy immediate --local-address-ip-version v4 --file-flush-interval-msec 1000 --disable-hot-restart --allow-unknown-static-fields -l warning --component-log-level misc:error --concurrency 2]',
    ),
    istioLine(t + 1_180, 'warn', 'ca', 'ca request failed, starting attempt 1 in 91.2ms'),
    istioLine(t + 1_290, 'warn', 'ca', 'ca request failed, starting attempt 2 in 206.9ms'),
    istioLine(t + 1_520, 'warn', 'ca', 'ca request failed, starting attempt 3 in 397.4ms'),
  ];
  if (!run.end) return lines;
  const end = run.end.at;
  return [
    ...lines,
    istioLine(
      end - 900,
      'error',
      'cache',
      'resource:default failed to sign CSR: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.96.14.201:15012: connect: connection refused"',
    ),
    istioLine(
      end - 880,
      'error',
      'cache',
      'resource:default failed to generate secret for proxy from remote: failed to sign CSR: certificate request to istiod.istio-system.svc:15012 failed after 5 attempts',
    ),
    istioLine(end - 20, 'error', '', 'failed to start SDS server: cannot get workload certificate for spiffe://cluster.local/ns/mesh/sa/payments'),
    istioLine(end - 5, 'error', '', `Envoy exited with error: exit status ${run.end.exitCode}`),
    istioLine(end, 'error', '', 'error Envoy exited with error: exit status 1; pilot-agent exiting'),
  ];
}

/** fluent-bit buffers chunks in memory while its output is down, until the kernel kills it. */
export function fluentBitOomLog(run: ContainerRun): string[] {
  const t = run.startedAt;
  const lines = [
    `[${logTime(t)}] [ info] [fluent bit] version=2.2.0, commit=f3c1b4b2, pid=1`,
    `[${logTime(t + 40)}] [ info] [storage] ver=1.5.1, type=memory, sync=normal, checksum=off, max_chunks_up=128`,
    `[${logTime(t + 90)}] [ info] [input:tail:tail.0] initializing`,
    `[${logTime(t + 120)}] [ info] [output:forward:forward.0] worker #0 started`,
  ];
  if (!run.end) return lines;
  const end = run.end.at;
  return [
    ...lines,
    `[${logTime(end - 60_000)}] [error] [output:forward:forward.0] no upstream connections available to fluentd.logging.svc:24224`,
    `[${logTime(end - 45_000)}] [ warn] [engine] failed to flush chunk '1-1733411722.504163021.flb', retry in 9 seconds: task_id=17, input=tail.0 > output=forward.0 (out_id=0)`,
    `[${logTime(end - 20_000)}] [ warn] [input] tail.0 paused (mem buf overlimit)`,
    `[${logTime(end - 2_000)}] [ info] [input] tail.0 resume (mem buf overlimit)`,
    `[${logTime(end - 200)}] [ warn] [engine] chunks in memory: 1,913 (≈ 241 MiB); Mem_Buf_Limit is not set for input tail.0`,
  ];
}
