import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { OverviewPage } from './pages/overview-page';
import { PodPage } from './pages/pod-page';
import { PodsPage } from './pages/pods-page';

/**
 * A dashboard whose cluster answers 403 to every events request while pods are allowed: the
 * demo's `--deny events`, a third server beside the config's two (PORT + 2), on the same build.
 */
const port = Number(process.env.SIDECARSCOPE_E2E_PORT ?? 3100) + 2;
const baseURL = `http://127.0.0.1:${port}`;
let demo: ChildProcess | undefined;

async function waitUntilReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (demo?.exitCode !== null) throw new Error(`the --deny events demo exited with ${demo?.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the --deny events demo did not answer ${url} in time`);
}

test.use({ baseURL });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = spawn(process.execPath, ['bin/sidecarscope.mjs', 'demo', '--port', String(port), '--host', '127.0.0.1', '--deny', 'events'], {
    stdio: 'ignore',
    detached: true,
  });
  await waitUntilReady(`${baseURL}/readyz`, Date.now() + 170_000);
});

test.afterAll(() => {
  // The demo runs `next start` as its child: end the whole group it leads.
  if (demo?.pid !== undefined && demo.exitCode === null) process.kill(-demo.pid, 'SIGTERM');
});

test('without the events grant the dashboard is live, limited, and says which grant is missing', async ({ page }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.live).toHaveText(/^Live, limited/);
  await expect(overview.live).toHaveAttribute('data-tone', 'warn');
  await expect(overview.live).toHaveAttribute('title', /events is forbidden/);
  await overview.screenshot('overview-live-limited');

  const pods = new PodsPage(page);
  await pods.goto('namespace=mesh');
  await expect(pods.rows.first()).toBeVisible();
  await expect(pods.live).toHaveText(/^Live, limited/);
});

test('without the events grant a pod page still shows the pod, with what the scheduler reserves for it', async ({ page }) => {
  const pods = new PodsPage(page);
  await pods.goto('namespace=mesh&q=payments');
  await pods.openPod(/^payments-/);
  const pod = new PodPage(page);
  await expect(pod.timeline).toBeVisible();
  await expect(pod.live).toHaveText(/^Live, limited/);
  // istio-proxy (100m, 128Mi) runs beside payments (no requests); istio-init (10m, 40Mi) needs less.
  await expect(page.getByTestId('pod-effective-request')).toHaveText('100m CPU · 128Mi');
  await pod.screenshot('pod-live-limited');
});
