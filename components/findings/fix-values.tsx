import type { FixValue, FixValueOrigin } from '@/lib/model/types';

const ORIGIN: Record<FixValueOrigin, { label: string; style: string }> = {
  pod: { label: 'from the pod', style: 'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800' },
  observed: { label: 'observed', style: 'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800' },
  injector: { label: "injector's default", style: 'bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800' },
  suggested: { label: 'suggestion', style: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800' },
  placeholder: { label: 'placeholder: fill in', style: 'bg-red-100 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800' },
};

/** The values a fix carries, each with where it came from: the pod, observation, or a suggestion. */
export function FixValues({ values }: { values: FixValue[] }) {
  return (
    <table data-testid="fix-values" className="mt-2 w-full text-left text-xs">
      <caption className="sr-only">Where the values in this fix come from</caption>
      <thead className="text-slate-500">
        <tr>
          <th scope="col" className="font-normal">
            value
          </th>
          <th scope="col" className="font-normal">
            from
          </th>
          <th scope="col" className="font-normal">
            basis
          </th>
        </tr>
      </thead>
      <tbody>
        {values.map((value, i) => (
          <tr key={`${value.name}-${i}`} data-testid="fix-value" data-origin={value.origin} className="align-top">
            <td className="pr-3">
              <code>{value.name}</code> = <code className="font-semibold">{value.value}</code>
            </td>
            <td className="pr-3">
              <span className={`rounded px-1.5 py-0.5 whitespace-nowrap ring-1 ${ORIGIN[value.origin].style}`}>{ORIGIN[value.origin].label}</span>
            </td>
            <td className="text-slate-600 dark:text-slate-400">{value.basis}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
