import { defineConfig } from '@playwright/test';

const PORT = 3100;
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * Browser tests: real headless Chromium against `next build && next start` on the simulated
 * cluster, started by the CLI's `demo` command at real speed (observed and reported times agree).
 */
export default defineConfig({
  testDir: 'e2e',
  testIgnore: ['kube-apiserver/**'],
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  outputDir: 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node bin/sidecarscope.mjs demo --port ${PORT} --host 127.0.0.1 --speed 1`,
    url: `${baseURL}/readyz`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { SIDECARSCOPE_METRICS_INTERVAL_SECONDS: '5' },
  },
});
