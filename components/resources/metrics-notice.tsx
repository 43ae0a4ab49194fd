import { StatePanel } from '@/components/ui/state-panel';

/** What to do when the cluster has no metrics API (metrics.k8s.io). */
export function MetricsNotice({ reason }: { reason?: string }) {
  return (
    <StatePanel tone="empty" title="No resource usage: the cluster has no metrics API (metrics.k8s.io).">
      {reason && <p>{reason}</p>}
      <p>Requests and limits are still shown. To see CPU and memory use, install metrics-server:</p>
      <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
        kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml
      </pre>
      <p>Usage appears here about a minute after it starts serving.</p>
    </StatePanel>
  );
}
