'use client';
import Link from 'next/link';
import { usePodDetail, useSummary } from '@/lib/client/use-api';
import { useNow } from '@/lib/client/use-now';
import { useStream } from '@/lib/client/use-stream';
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
import { RestartHistory } from './restart-history';
import { ShutdownOrder } from './shutdown-order';

/** The pod page: one stream subscribed to this pod, the detail from the API, patched live. */
export function PodContainer({ namespace, name }: { namespace: string; name: string }) {
  const live = useStream({ pod: { namespace, name } });
  const { data: detail, error, isLoading } = usePodDetail(namespace, name);
  const { data: history } = usePodPrometheus(namespace, name);
  const { data: summary } = useSummary();
  const clock = useNow(5_000);
  const now = Math.max(summary?.at ?? 0, clock);
  const title = `${namespace}/${name}`;

  if (!detail) {
    return (
      <div>
        <PageHeader title={title} live={live} />
        {isLoading && <StatePanel tone="loading" title="Loading the pod…" />}
        {error?.status === 404 && (
          <StatePanel tone="empty" title="This pod is not in the cluster, or no longer in the dashboard's history.">
            <p>It may have been deleted and aged out. <Link href={`/pods?namespace=${encodeURIComponent(namespace)}`} className="underline">See the pods of {namespace}</Link>.</p>
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
      <Section title={`Findings (${detail.findings.length})`} id="pod-findings">
        <FindingsList findings={detail.findings} />
      </Section>
      <Section title="Lifecycle" id="pod-timeline">
        <Swimlanes lifecycle={withOomEventMarkers(detail.lifecycle, history)} now={now} />
      </Section>
      <div className="grid gap-5 lg:grid-cols-2">
        <Section title="Shutdown order" id="pod-shutdown">
          <ShutdownOrder steps={detail.lifecycle.shutdownOrder} />
        </Section>
        <Section title="Restart history" id="pod-restarts">
          <RestartHistory lanes={detail.lifecycle.lanes} />
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
