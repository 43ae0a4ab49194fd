import { expect, test, type APIRequestContext } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { PodsPage } from './pages/pods-page';

interface Row {
  uid: string;
  namespace: string;
  name: string;
  deleted: boolean;
}

/** A pod the demo's recycling scenarios deleted, once there is one (they delete every 30–60 s). */
async function aDeletedPod(request: APIRequestContext): Promise<Row> {
  let found: Row | undefined;
  await expect
    .poll(
      async () => {
        const page = (await (await request.get('/api/pods?q=orders&limit=1000')).json()) as { rows: Row[] };
        found = page.rows.find((r) => r.deleted);
        return found !== undefined;
      },
      { timeout: 100_000, intervals: [2_000] },
    )
    .toBe(true);
  if (!found) throw new Error('no deleted pod');
  return found;
}

/** A moment at which the history has the pod running (not yet terminating), found through the API. */
async function aMomentItRan(request: APIRequestContext, pod: Row): Promise<number> {
  const detail = (await (await request.get(`/api/pods/${pod.namespace}/${pod.name}?uid=${pod.uid}`)).json()) as { lifecycle: { from: number; to: number } };
  for (let t = Math.ceil(detail.lifecycle.from / 1000) * 1000 + 1000; t < detail.lifecycle.to; t += 2000) {
    const then = (await (await request.get(`/api/pods?q=${pod.name}&at=${t}`)).json()) as { rows: Row[] };
    if (then.rows.some((r) => r.uid === pod.uid && !r.deleted)) return t;
  }
  throw new Error(`the history never had ${pod.name} running`);
}

test('an SRE looks back: picks a past moment, sees its pods and findings, and opens a deleted pod', async ({ page, request }) => {
  test.setTimeout(180_000);
  const gone = await aDeletedPod(request);
  const moment = await aMomentItRan(request, gone);
  const iso = new Date(moment).toISOString();

  // The overview at that moment: the time control shows it, the cards match the stored summary.
  const overview = new OverviewPage(page);
  await page.goto(`/?at=${encodeURIComponent(iso)}`);
  await expect(page.getByTestId('time-travel-banner')).toContainText(`${iso.slice(0, 10)}`);
  const past = (await (await request.get(`/api/summary?at=${moment}`)).json()) as { pods: { total: number }; findings: { bySeverity: { critical: number } } };
  expect(past.pods.total).toBeGreaterThan(0);
  await expect.poll(() => overview.criticalCount()).toBe(past.findings.bySeverity.critical);
  const timeline = page.getByTestId('findings-timeline');
  await expect(timeline.getByTestId('finding-span').first()).toBeVisible();
  await overview.screenshot('history-overview-past');

  // The pods list at that moment holds the pod that is deleted now, alive.
  const pods = new PodsPage(page);
  await page.goto(`/pods?q=${encodeURIComponent(gone.name)}&at=${encodeURIComponent(iso)}`);
  await expect(pods.table).toBeVisible();
  const then = pods.row(new RegExp(`^${gone.name}$`));
  await expect(then).toHaveCount(1);
  await expect(then.getByTestId('pod-status')).not.toHaveText('Deleted');
  await pods.screenshot('history-pods-past');

  // Picking another moment with the control moves the URL (a link to share).
  await page.getByRole('button', { name: '−15 min' }).click();
  await expect(page).toHaveURL(/at=/);
  await expect(page).not.toHaveURL(new RegExp(encodeURIComponent(iso)));
  await page.getByRole('button', { name: 'Live', exact: true }).click();
  await expect(page).not.toHaveURL(/at=/);

  // Live, the pod is deleted; it opens from the list, and from a link by uid.
  await page.goto(`/pods?q=${encodeURIComponent(gone.name)}`);
  const now = pods.row(new RegExp(`^${gone.name}$`)).filter({ has: page.getByText('Deleted') });
  await expect(now).toHaveCount(1);
  await now.getByRole('link', { name: gone.name }).click();
  await expect(page.getByTestId('pod-deleted-banner')).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await pods.screenshot('history-deleted-pod');

  await page.goto(`/pods/${gone.namespace}/${gone.name}?uid=${gone.uid}&at=${encodeURIComponent(iso)}`);
  await expect(page.getByTestId('time-travel-banner')).toBeVisible();
  await expect(page.getByTestId('pod-deleted-banner')).toHaveCount(0);
  await expect(page.getByTestId('timeline')).toBeVisible();
  await pods.screenshot('history-pod-past');
});
