'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useWorkload } from '@/lib/client/use-api';
import { useNow } from '@/lib/client/use-now';
import { useStream } from '@/lib/client/use-stream';
import { formatDuration } from '@/components/ui/format';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { StatePanel } from '@/components/ui/state-panel';
import { ContainerDurations } from './container-durations';
import { FindingGroups } from './finding-groups';
import { ProbeAdviceList } from './probe-advice-list';
import { parseReplicaSort, REPLICA_SORTS, SORT_LABEL, sortReplicas, type ReplicaSort } from './replica-order';
import { ReplicaStack } from './replica-stack';

interface Props {
  namespace: string;
  kind: string;
  name: string;
}

function SortControl({ sort, onSort }: { sort: ReplicaSort; onSort: (sort: ReplicaSort) => void }) {
  return (
    <div role="group" aria-label="Sort replicas" className="flex overflow-hidden rounded-md border border-slate-300 text-xs dark:border-slate-700">
      {REPLICA_SORTS.map((s) => (
        <button
          key={s}
          type="button"
          aria-pressed={sort === s}
          onClick={() => onSort(s)}
          className={`px-2 py-1 ${sort === s ? 'bg-slate-200 font-medium dark:bg-slate-700' : ''}`}
        >
          {SORT_LABEL[s]}
        </button>
      ))}
    </div>
  );
}

/** The workload page: one stream (refetching on changes), the detail from the API, the sort in the URL. */
export function WorkloadContainer({ namespace, kind, name }: Props) {
  const live = useStream();
  const { data, error, isLoading } = useWorkload(namespace, kind, name);
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const sort = parseReplicaSort(searchParams.get('sort'));
  const clock = useNow(5_000);
  const now = Math.max(data?.at ?? 0, clock);
  const podsHref = `/pods?namespace=${encodeURIComponent(namespace)}&workload=${encodeURIComponent(`${kind}/${name}`)}`;
  const setSort = (next: ReplicaSort) => router.replace(next === 'tax' ? pathname : `${pathname}?sort=${next}`, { scroll: false });

  if (!data) {
    return (
      <div>
        <PageHeader title={`${kind} ${namespace}/${name}`} live={live} />
        {isLoading && <StatePanel tone="loading" title="Loading the workload…" />}
        {error?.status === 404 && (
          <StatePanel tone="empty" title="The dashboard knows no pod of this workload.">
            <p>
              Its pods may have been deleted and aged out.{' '}
              <Link href={`/pods?namespace=${encodeURIComponent(namespace)}`} className="underline">
                See the pods of {namespace}
              </Link>
              .
            </p>
          </StatePanel>
        )}
        {error && error.status !== 404 && (
          <StatePanel tone="error" title="Could not load the workload.">
            <p>{error.message}</p>
          </StatePanel>
        )}
      </div>
    );
  }
  const tax = data.startupTax;
  return (
    <div className="space-y-5">
      <PageHeader
        title={
          <>
            {data.workload.kind}{' '}
            <span className="font-mono">
              {namespace}/{data.workload.name}
            </span>
          </>
        }
        live={live}
      >
        <span className="flex flex-wrap gap-x-4 gap-y-1" data-testid="workload-facts">
          <span>
            <strong className="tabular-nums">{data.pods}</strong> pods known{data.podsMeasured < data.pods ? ` (newest ${data.podsMeasured} measured)` : ''}
          </span>
          <span>
            Startup tax p50 <strong className="tabular-nums">{formatDuration(tax.p50)}</strong> · p95{' '}
            <strong className="tabular-nums">{formatDuration(tax.p95)}</strong> · p99 <strong className="tabular-nums">{formatDuration(tax.p99)}</strong>
          </span>
          <Link href={podsHref} className="underline">
            Its pods in the list
          </Link>
        </span>
      </PageHeader>
      <Section
        title={`Replicas' startup, aligned at pod start (${data.replicas.length}${data.replicas.length < data.podsMeasured ? ` slowest of ${data.podsMeasured}` : ''})`}
        id="workload-replicas"
        actions={<SortControl sort={sort} onSort={setSort} />}
      >
        <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
          +0 is each pod&apos;s own start (status.startTime). Startup tax: pod start → last main container running. Replicas marked{' '}
          <span className="rounded bg-red-600 px-1 font-semibold text-white">slow</span> took at least twice the median and 2 s more.
        </p>
        <ReplicaStack namespace={namespace} replicas={sortReplicas(data.replicas, sort)} now={now} />
      </Section>
      <Section title="Container startup across replicas" id="workload-durations">
        <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">
          From each container&apos;s first run. *ready* is seen through the readinessProbe, so it is as coarse as its period; without probes Kubernetes marks a
          container started and ready at once.
        </p>
        <ContainerDurations containers={data.containers} />
      </Section>
      <Section title={`Probe advice (${data.advice.length})`} id="workload-advice">
        <ProbeAdviceList advice={data.advice} />
      </Section>
      <Section title={`Findings across its pods (${data.findings.length})`} id="workload-findings">
        <FindingGroups namespace={namespace} workload={data.workload} groups={data.findings} />
      </Section>
    </div>
  );
}
