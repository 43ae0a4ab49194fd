import type { ProbeAdvice } from '@/lib/model/workload-view';
import { CopyButton } from '@/components/findings/copy-button';

const KIND_TEXT: Record<ProbeAdvice['kind'], string> = {
  'add-startup-probe': 'startupProbe',
  'raise-startup-probe': 'startupProbe',
  'readiness-before-serving': 'readiness',
  'make-native-sidecar': 'native sidecar',
};

/** Probe advice computed from the replicas' startups: why, the figures, and YAML to copy. */
export function ProbeAdviceList({ advice }: { advice: ProbeAdvice[] }) {
  if (advice.length === 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Nothing to change: the probes cover what the replicas were seen doing (or no probe tells when a container serves).
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {advice.map((a) => (
        <article
          key={`${a.kind}-${a.container}`}
          data-testid="probe-advice"
          data-kind={a.kind}
          data-container={a.container}
          className="rounded-md border border-l-4 border-slate-200 border-l-sky-500 p-3 dark:border-slate-800"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-900 dark:bg-sky-950 dark:text-sky-200">{KIND_TEXT[a.kind]}</span>
            <h3 className="font-medium">{a.title}</h3>
          </div>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{a.reason}</p>
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
            {a.evidence.map((e) => (
              <div key={e.label} className="contents">
                <dt className="text-slate-500">{e.label}</dt>
                <dd className="tabular-nums">{e.value}</dd>
              </div>
            ))}
          </dl>
          <div className="mt-3 flex items-center justify-between">
            <h4 className="text-sm font-medium">YAML</h4>
            <CopyButton text={a.yaml} label="Copy YAML" />
          </div>
          <pre data-testid="advice-yaml" className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
            <code>{a.yaml}</code>
          </pre>
        </article>
      ))}
    </div>
  );
}
