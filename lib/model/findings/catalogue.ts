/**
 * The findings catalogue: every {@link FindingId} with its default severity, a title, a
 * plain-language explanation and a generic fix (`{container}`, `{pod}` and `{namespace}` are
 * filled in). The rules replace the generic fix with one built from the pod (its probes, its
 * observed use, its injector's settings: see `./fixes`); a generic one holds no invented value,
 * only marked placeholders. Ids are stable: the UI, the CLI's `--json` and alerts key on them.
 */
import type { FindingId, Severity } from '../types';

export interface CatalogueEntry {
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
}

const yaml = (body: string): string => `\`\`\`yaml\n${body}\n\`\`\``;

const STARTUP_PROBE = yaml(`initContainers:
- name: {container}
  restartPolicy: Always
  startupProbe:
    tcpSocket: { port: PORT }   # PLACEHOLDER: the handler of its own readinessProbe, or the port it serves on
    periodSeconds: 1
    failureThreshold: 30`);

const NATIVE_SIDECAR = yaml(`initContainers:      # moved from containers:
- name: {container}
  restartPolicy: Always`);

const RESOURCES = yaml(`- name: {container}
  resources:
    requests: { cpu: CPU, memory: MEMORY }   # PLACEHOLDER: its observed use
    limits: { memory: LIMIT }                # PLACEHOLDER: its peak plus a margin, above any limit it was killed at`);

/** Every finding the rules can raise. */
export const FINDING_CATALOGUE: Readonly<Record<FindingId, CatalogueEntry>> = {
  'startup-race': {
    severity: 'warning',
    title: 'App started before its sidecar was ready',
    explanation:
      'A main container began running before a sidecar it depends on could serve. Legacy sidecars start in parallel with the app; a native sidecar without a startupProbe counts as started as soon as its process runs. An app that calls the sidecar on startup (a database proxy, a mesh proxy) then fails or retries.',
    fix: `Declare {container} as a native sidecar with a startupProbe, so the kubelet starts the app only once the sidecar serves:\n${STARTUP_PROBE}\nAlso let the app retry its first connection.`,
  },
  'sidecar-no-startup-probe': {
    severity: 'info',
    title: 'Native sidecar without a startupProbe',
    explanation:
      'Kubernetes treats a native sidecar as started as soon as its process runs when it has no startupProbe, and starts the next containers right away, before {container} may be able to serve.',
    fix: `Add a startupProbe that succeeds once {container} serves:\n${STARTUP_PROBE}`,
  },
  'sidecar-crashloop': {
    severity: 'critical',
    title: 'Sidecar crash-looping',
    explanation:
      'The sidecar {container} keeps exiting and the kubelet restarts it with a back-off that doubles from 10 s to 5 min. Everything that goes through it (traffic, logs, credentials) is interrupted meanwhile. A sidecar that exits 0 crash-loops too: sidecars are always restarted.',
    fix: "Read the previous run's logs (`kubectl logs {pod} -n {namespace} -c {container} --previous`) and the exit reason; check its configuration, its dependencies and its memory limit.",
  },
  'container-crashloop': {
    severity: 'critical',
    title: 'Container crash-looping',
    explanation:
      'The container {container} keeps exiting and is restarted with a back-off that doubles from 10 s to 5 min. Under restartPolicy Always even exit 0 leads to a restart.',
    fix: "Read the previous run's logs (`kubectl logs {pod} -n {namespace} -c {container} --previous`); if it depends on a sidecar at startup, see startup-race.",
  },
  'sidecar-oomkilled': {
    severity: 'critical',
    title: 'Sidecar OOM-killed',
    explanation:
      'The kernel killed {container} for exceeding its memory limit. A logging or proxy sidecar that buffers while its backend is unreachable grows until it is killed (the "bad neighbour"); without a limit it can get the app killed instead.',
    fix: `Give {container} a memory limit above the one it was killed at (its peak plus a margin), and bound what makes it grow: buffers for a log shipper, the configuration it receives for a mesh proxy. If an injector wrote it, set the limit through the injector's setting (docs/fixes.md):\n${RESOURCES}`,
  },
  'container-oomkilled': {
    severity: 'critical',
    title: 'Container OOM-killed',
    explanation: 'The kernel killed {container} for exceeding its memory limit (classified by reason: OOMKilled has been reported with exit code 0).',
    fix: 'Raise the memory limit of {container} to its real peak, or reduce its memory use; compare with the usage chart.',
  },
  'sidecar-startup-blocked': {
    severity: 'critical',
    title: 'Native sidecar never started: pod stuck in Init',
    explanation:
      'A native sidecar gates every container declared after it until it is started. {container} never became started (its startupProbe keeps failing, or it crashes first), so the app never starts and the pod stays in Init while old replicas keep serving: a rollout that is quietly stuck.',
    fix: 'Check why {container} does not start (`kubectl logs {pod} -c {container}`, its startupProbe port and path, failureThreshold × periodSeconds long enough for a slow start).',
  },
  'sidecar-not-ready': {
    severity: 'warning',
    title: 'Pod not Ready because of a sidecar',
    explanation:
      "Readiness does not gate startup, but every container, sidecars included, must be ready for the pod to be Ready. {container} is not ready, so the pod is out of its Services' endpoints.",
    fix: 'Check the readinessProbe of {container} and what it depends on (control plane, upstream).',
  },
  'job-blocked-by-sidecar': {
    severity: 'critical',
    title: 'Job pod kept alive by a legacy sidecar',
    explanation:
      'The main containers finished but the legacy sidecar {container} keeps running, so the pod never completes and the Job never finishes. Native sidecars are stopped once the main containers finish and do not block Job completion.',
    fix: `Declare {container} as a native sidecar (Kubernetes ≥ 1.29; through its injector's setting if an injector wrote it):\n${NATIVE_SIDECAR}`,
  },
  'init-never-completes': {
    severity: 'critical',
    title: 'Server-like helper declared as a plain init container',
    explanation:
      'A plain init container must exit before the next one starts. {container} looks like a server (it exposes ports or keeps running), so it never exits and the pod waits in Init forever.',
    fix: `If {container} is meant to run alongside the app, make it a native sidecar by adding restartPolicy: Always:\n${yaml(`initContainers:
- name: {container}
  restartPolicy: Always`)}`,
  },
  'sidecar-dropped-restart-policy': {
    severity: 'critical',
    title: 'Sidecar injected without restartPolicy: Always',
    explanation:
      '{container} looks like an injected sidecar but is a plain init container: an admission webhook built against an API older than native sidecars dropped its restartPolicy when it rewrote the pod. It never exits, so the pod waits in Init forever.',
    fix: 'Upgrade the injecting webhook (or its client libraries) to a version that knows `initContainers[].restartPolicy`, or switch its injection to regular containers until then.',
  },
  'legacy-sidecar': {
    severity: 'info',
    title: 'Sidecar declared as a regular container',
    explanation:
      '{container} runs as a regular container: it starts in parallel with the app (no startup ordering), stops at the same time (no shutdown ordering) and keeps Jobs alive. Native sidecars fix all three.',
    fix: `Move {container} to initContainers with restartPolicy: Always (through its injector's setting if an injector wrote it):\n${NATIVE_SIDECAR}`,
  },
  'sidecar-no-resources': {
    severity: 'warning',
    title: 'Sidecar without requests or memory limit',
    explanation:
      'Without requests the scheduler does not count {container}, so nodes are overcommitted; without a memory limit a leaking or buffering sidecar can starve the app. Multiplied by every replica, sidecars are a real share of the cluster.',
    fix: `Set requests from observed use and a memory limit:\n${RESOURCES}`,
  },
  'sidecar-over-request': {
    severity: 'warning',
    title: 'Sidecar uses more than it requests',
    explanation:
      '{container} uses more than its request, so the node is more loaded than the scheduler thinks and the app competes with it for CPU and memory.',
    fix: 'Raise the request of {container} to its typical use (see the usage chart), or find out why it grew.',
  },
  'sidecar-near-memory-limit': {
    severity: 'warning',
    title: 'Sidecar near its memory limit',
    explanation:
      "{container}'s working set is close to its memory limit: it will be OOM-killed on the next burst, as a buffering logging sidecar is when its backend is unreachable.",
    fix: 'Bound its buffers or raise its limit; check that its backend is reachable.',
  },
  'sidecar-stopped-before-app': {
    severity: 'warning',
    title: 'Sidecar stopped before the app during shutdown',
    explanation:
      'During shutdown {container} terminated while a main container was still running, so the app lost its proxy, credentials or log shipping while draining requests. Legacy sidecars get SIGTERM at the same time as the app; native sidecars are stopped after the app, in reverse order.',
    fix: `Make {container} a native sidecar (stopped after the app), or delay its exit with a preStop hook:\n${yaml(`- name: {container}
  lifecycle:
    preStop:
      exec: { command: ["sleep", "SECONDS"] }   # PLACEHOLDER: how long the app drains`)}`,
  },
  'grace-period-exceeded': {
    severity: 'warning',
    title: 'Container SIGKILLed at the end of the grace period',
    explanation:
      '{container} did not stop within terminationGracePeriodSeconds and was killed (exit 137) at the deadline: in-flight work was cut off. The grace period must cover the app, its preStop hooks and its sidecars together.',
    fix: `Handle SIGTERM promptly, or give the pod a longer grace period:\n${yaml(`spec:
  terminationGracePeriodSeconds: SECONDS   # PLACEHOLDER: longer than the app, its preStop hooks and its sidecars need`)}`,
  },
  'unpinned-sidecar-image': {
    severity: 'warning',
    title: 'Sidecar image not pinned',
    explanation: 'The image of {container} has no tag or uses :latest, so every node may run a different version and a restart can silently upgrade it.',
    fix: "Pin a version tag or the digest it runs (`status.containerStatuses[].imageID`); for an injected sidecar, pin the injector's release instead.",
  },
  'sidecar-cpu-throttled': {
    severity: 'warning',
    title: 'Sidecar throttled by its CPU limit',
    explanation:
      'The kernel throttled {container} in a large share of its CFS periods (read from cAdvisor through Prometheus): whenever it used its CPU quota early in a 100 ms period it waited for the next one. A proxy sidecar (istio-proxy, envoy, linkerd-proxy) throttled this way adds latency to every request through it, while its average CPU use can look well under the limit.',
    fix: `Raise or remove the CPU limit of {container} (keep the request at its real use), or lower its concurrency:\n${yaml(`- name: {container}
  resources:
    requests: { cpu: 200m }
    limits: {}            # or a limit well above the p99 burst`)}\nFor istio, per workload: \`sidecar.istio.io/proxyCPULimit\` on the pod template.`,
  },
  'sidecar-oom-no-restart': {
    severity: 'warning',
    title: 'OOM kills inside a sidecar that did not restart it',
    explanation:
      "The kernel's OOM killer struck inside {container}'s cgroup (container_oom_events_total rose) but the container was not restarted: a child process was killed (a helper, a worker, a reloaded config process), not the main one. Kubernetes shows nothing — no OOMKilled, no restart — while the sidecar may have silently lost the work that process did.",
    fix: `Give {container} a memory limit that fits all its processes, or bound the child's memory:\n${RESOURCES}\nCheck the node's kernel log (\`dmesg\`) for which process was killed.`,
  },
};
