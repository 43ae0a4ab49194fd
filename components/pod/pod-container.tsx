'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { FindingId } from '@/lib/model/types';
import { usePodDetail, useSummaryHead } from '@/lib/client/use-api';
import { useNow } from '@/lib/client/use-now';
import { useStream } from '@/lib/client/use-stream';
import { useAt } from '@/lib/client/use-at';
import { formatDateTime } from '@/components/ui/format';
import { TimeControl } from '@/components/ui/time-control';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { StatePanel } from '@/components/ui/state-panel';
import { FindingsList } from '@/components/findings/findings-list';
import { MetricsNotice } from '@/components/resources/metrics-notice';
import { ResourceCharts } from '@/components/resources/resource-charts';
import { PrometheusHistory } from '@/components/resources/prometheus-history';
import { usePodPrometheus } from '@/lib/client/use-prometheus';
import { withOomEventMarkers } from '@/lib/prometheus/pod-view';
import { Swimlanes } from '@/components/timeline/swimlanes';
import { EventsTable } from './events-table';
import { PodFacts } from './pod-facts';
import { PreviousLog } from './previous-log';
import { RestartHistory } from './restart-history';
import { ShutdownOrder } from './shutdown-order';

/** Findings whose container's previous run ended badly: its log says why. */
const CRASH_FINDINGS: ReadonlySet<FindingId> = new Set<FindingId>(['sidecar-crashloop', 'sidecar-oomkilled', 'container-crashloop', 'container-oomkilled']);

/** The pod page: one stream subscribed to this pod, the detail from the API, patched live. */
export function PodContainer({ namespace, name }: { namespace: string; name: string }) {
  const live = useStream({ pod: { namespace, name } });
  const at = useAt();
  const uid = useSearchParams().get('uid') ?? undefined;
  const { data: detail, error, isLoading } = usePodDetail(namespace, name, at, uid);
  const { data: history } = usePodPrometheus(namespace, name);
  const { data: summary } = useSummaryHead();
  const clock = useNow(5_000);
  const now = at ?? Math.max(summary?.at ?? 0, clock);
  const title = `${namespace}/${name}`;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const zoomParam = searchParams.get('zoom');
  const zoom = zoomParam === 'all' || zoomParam === 'startup' ? zoomParam : undefined;
  // Keeps the other parameters (the moment `at`, a deleted pod's `uid`) when the zoom changes.
  const setZoom = (next: 'all' | 'startup') => {
    const params = new URLSearchParams(searchParams.toString());
    params.set('zoom', next);
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
  };
  const timeControl = <TimeControl history={summary?.history} />;

  if (!detail) {
    return (
      <div>
        <PageHeader title={title} live={live} />
        {timeControl}
        {isLoading && <StatePanel tone="loading" title="Loading the pod…" />}
        {error?.status === 404 && (
          <StatePanel
            tone="empty"
            title={
              at === undefined
                ? "This pod is not in the cluster, or no longer in the dashboard's history."
                : `This pod did not exist at ${formatDateTime(at)} UTC, as far as the history knows.`
            }
          >
            <p>
              It may have been deleted and aged out.{' '}
              <Link href={`/pods?namespace=${encodeURIComponent(namespace)}`} className="underline">
                See the pods of {namespace}
              </Link>
              .
            </p>
          </StatePanel>
        )}
        {error && error.status !== 404 && (
          <StatePanel tone="error" title="Could not load the pod.">
            <p>{error.message}</p>
          </StatePanel>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-5">
      <PageHeader title={title} live={live}>
        <PodFacts detail={detail} />
      </PageHeader>
      {timeControl}
      {detail.row.deleted && (
        <p
          role="status"
          data-testid="pod-deleted-banner"
          className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          This pod was deleted{detail.lifecycle.to === undefined ? '' : ` (last seen ${formatDateTime(detail.lifecycle.to)} UTC)`}; shown from the
          dashboard&apos;s history.
        </p>
      )}
      <Section title={`Findings (${detail.findings.length})`} id="pod-findings">
        <FindingsList
          findings={detail.findings}
          extraFor={(f) => (f.container && CRASH_FINDINGS.has(f.id) ? <PreviousLog namespace={namespace} pod={name} container={f.container} /> : null)}
        />
      </Section>
      <Section title="Lifecycle" id="pod-timeline">
        <Swimlanes lifecycle={withOomEventMarkers(detail.lifecycle, history)} now={now} zoom={zoom} onZoom={setZoom} />
      </Section>
      <div className="grid gap-5 lg:grid-cols-2">
        <Section title="Shutdown order" id="pod-shutdown">
          <ShutdownOrder steps={detail.lifecycle.shutdownOrder} />
        </Section>
        <Section title="Restart history" id="pod-restarts">
          <RestartHistory lanes={detail.lifecycle.lanes} logFor={(container) => <PreviousLog namespace={namespace} pod={name} container={container} />} />
        </Section>
      </div>
      <Section title="CPU and memory per container" id="pod-resources">
        {summary && !summary.metrics.available && <MetricsNotice reason={summary.metrics.reason} />}
        <PrometheusHistory namespace={namespace} name={name} />
        <ResourceCharts metrics={detail.metrics} />
      </Section>
      <Section title={`Events (${detail.events.length})`} id="pod-events">
        <EventsTable events={detail.events} />
      </Section>
    </div>
  );
}
