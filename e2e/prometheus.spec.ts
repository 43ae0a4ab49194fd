import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { prometheusBinary, startPrometheus } from '../scripts/prometheus.mjs';
import { PodPage } from './pages/pod-page';

/**
 * A demo started with `--prometheus-url` next to a real Prometheus (e2e/prometheus, built by the
 * Prometheus suite or `node scripts/prometheus.mjs --build-only`) scraping the demo's simulated
 * kubelet: the pod page draws the throttling chart and the OOM-event markers from Prometheus.
 * Runs on its own port (SIDECARSCOPE_E2E_PORT + 2), apart from the suite's shared demo.
 */
const PORT = Number(process.env.SIDECARSCOPE_E2E_PORT ?? 3100) + 2;
const PROMETHEUS_PORT = PORT + 6000;
const base = `http://127.0.0.1:${PORT}`;

let demo: ChildProcess | undefined;
let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;

test.skip(
  process.env.SIDECARSCOPE_SKIP_PROMETHEUS === '1' || !existsSync(prometheusBinary),
  'needs the Prometheus binary (node scripts/prometheus.mjs --build-only)',
);

test.beforeAll(async () => {
  test.setTimeout(600_000);
  demo = spawn(
    process.execPath,
    [
      'bin/sidecarscope.mjs',
      'demo',
      '--port',
      String(PORT),
      '--host',
      '127.0.0.1',
      '--scenarios',
      'sidecar-cpu-throttled,sidecar-child-oom',
      '--prometheus-url',
      `http://127.0.0.1:${PROMETHEUS_PORT}`,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIDECARSCOPE_PROMETHEUS_INTERVAL_SECONDS: '5', SIDECARSCOPE_PROMETHEUS_RATE_SECONDS: '10' },
    },
  );
  const targets = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    demo?.stdout?.on('data', (chunk) => {
      out += String(chunk);
      const match = /scrape:\s+(\S+)\s+(\S+)\s+(\S+)/.exec(out);
      if (match) resolve([match[1] ?? '', match[2] ?? '', match[3] ?? '']);
    });
    demo?.once('exit', (code) => reject(new Error(`demo exited (${code}): ${out}`)));
  });
  prometheus = await startPrometheus({ targets, port: PROMETHEUS_PORT, interval: '1s' });
});

test.afterAll(async () => {
  await prometheus?.stop();
  demo?.kill('SIGTERM');
});

async function podName(prefix: string): Promise<string> {
  let name: string | undefined;
  await expect
    .poll(
      async () => {
        const page = (await (await fetch(`${base}/api/pods?namespace=edge`)).json()) as { rows?: { name: string }[] };
        name = page.rows?.find((row) => row.name.startsWith(prefix))?.name;
        return name;
      },
      { timeout: 60_000 },
    )
    .toBeTruthy();
  return name ?? '';
}

test('the pod page shows a throttling chart and OOM-event markers read from Prometheus', async ({ page }) => {
  test.setTimeout(300_000);
  const pod = new PodPage(page);
  const gateway = await podName('gateway-');
  await page.goto(`${base}/pods/edge/${gateway}`);
  const chart = page.getByTestId('throttling-chart-istio-proxy');
  // The history refreshes every 30 s; reload until Prometheus has scraped a few points.
  await expect(async () => {
    await page.reload();
    await expect(chart).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await expect(page.getByTestId('prometheus-source')).toContainText('From Prometheus since the pod started');
  await chart.scrollIntoViewIfNeeded();
  expect(Number(await chart.getAttribute('data-peak'))).toBeGreaterThan(0.4);
  await chart.screenshot({ path: 'e2e/screenshots/prometheus-throttling-chart.png' });
  await expect(pod.finding('sidecar-cpu-throttled')).toBeVisible({ timeout: 60_000 });

  const ledger = await podName('ledger-');
  await page.goto(`${base}/pods/edge/${ledger}`);
  const marker = page.locator('[data-testid="oom-marker"][data-container="fluent-bit"]');
  await expect(async () => {
    await page.reload();
    await expect(marker.first()).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 180_000 });
  await expect(marker.first()).toContainText(/OOM kill/);
  // The same events as markers on fluent-bit's lane of the lifecycle timeline (after its startup).
  await page.getByRole('button', { name: 'Whole life' }).click();
  await expect(pod.lane('fluent-bit').locator('[data-testid="marker"][data-kind="oom-event"]').first()).toBeVisible();
  await expect(pod.lane('ledger').locator('[data-testid="marker"][data-kind="oom-event"]')).toHaveCount(0);
  await expect(page.getByTestId('prometheus-container').filter({ has: page.getByRole('heading', { name: 'fluent-bit' }) })).toBeVisible();
  await expect(pod.finding('sidecar-oom-no-restart')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('prometheus-history').screenshot({ path: 'e2e/screenshots/prometheus-oom-markers.png' });
});

test("the overview sizes the istio-proxy sidecar from Prometheus, in istio's annotations", async ({ page }) => {
  await page.goto(`${base}/`);
  const row = page.getByTestId('right-sizing-row').filter({ hasText: 'istio-proxy' });
  // 52 MiB peak working set + 20 %, rounded up to 4 MiB (once Prometheus has scraped it).
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('sidecar.istio.io/proxyMemory: "64Mi"', { timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await expect(page.getByTestId('right-sizing-savings')).toContainText('across the fleet');
  await page.getByTestId('right-sizing').screenshot({ path: 'e2e/screenshots/prometheus-right-sizing.png' });
});
