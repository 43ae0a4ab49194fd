/** What the overview says when the dashboard's identity lacks grants of the chart's ClusterRole. */

/** Title and advice for `missing` (sentences from `summary.permissions.missing`); undefined when none. */
export function permissionsBannerText(missing: readonly string[] | undefined): { title: string; advice: string } | undefined {
  if (!missing || missing.length === 0) return undefined;
  const count = missing.length === 1 ? 'one RBAC permission' : `${missing.length} RBAC permissions`;
  return {
    title: `The dashboard's identity lacks ${count} of the chart's ClusterRole.`,
    advice:
      'Apply deploy/manifests/sidecarscope.yaml (or install the Helm chart) to grant them; the dashboard checks again after each reconnect and every few minutes.',
  };
}

/** A warning banner listing each missing permission; renders nothing when all are granted. */
export function PermissionsBanner({ missing }: { missing?: readonly string[] }) {
  const text = permissionsBannerText(missing);
  if (!text || !missing) return null;
  return (
    <div
      role="alert"
      data-testid="permissions-banner"
      className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-medium">{text.title}</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {missing.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p className="mt-1">{text.advice}</p>
    </div>
  );
}
