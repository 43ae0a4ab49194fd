import { defineConfig } from '@playwright/test';

/** SIDECARSCOPE_E2E_PORT moves both servers (PORT and PORT + 1, and PORT + 2 for e2e/image-runtime.spec.ts), so two checkouts can run the suite at once. */
const PORT = Number(process.env.SIDECARSCOPE_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * Browser tests: real headless Chromium against `next build && next start` on the simulated
 * cluster, started by the CLI's `demo` command at real speed (observed and reported times agree).
 */
/** A second dashboard, built apart (`.next-subpath`), served under `/sidecars` behind a token. */
export const SUBPATH = { port: PORT + 1, basePath: '/sidecars', token: 'e2e-subpath-token-7f3a9c1d5b2e8f40' };
/** The container image's runtime layout, assembled from the sub-path build by e2e/image-runtime.spec.ts. */
export const IMAGE_PORT = PORT + 2;

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
  projects: [
    { name: 'root', testIgnore: ['kube-apiserver/**', 'sub-path.spec.ts', 'token-probes.spec.ts', 'image-runtime.spec.ts'] },
    {
      name: 'sub-path',
      testMatch: ['sub-path.spec.ts', 'token-probes.spec.ts', 'image-runtime.spec.ts'],
      use: { baseURL: `http://127.0.0.1:${SUBPATH.port}` },
    },
  ],
  webServer: [
    {
      command: `node bin/sidecarscope.mjs demo --port ${PORT} --host 127.0.0.1 --speed 1`,
      url: `${baseURL}/readyz`,
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { SIDECARSCOPE_METRICS_INTERVAL_SECONDS: '5' },
    },
    {
      command: `node bin/sidecarscope.mjs demo --port ${SUBPATH.port} --host 127.0.0.1 --speed 1`,
      url: `http://127.0.0.1:${SUBPATH.port}${SUBPATH.basePath}/readyz`,
      timeout: 600_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      // Also the dashboard with logs off (the demo turns them on otherwise): e2e/workload.spec.ts.
      // Built as the image builds (standalone output beside the regular one): e2e/image-runtime.spec.ts
      // runs that output as the image does. Next then warns that `next start` cannot serve a
      // standalone build: this server is not `next start` and serves the regular output.
      env: {
        SIDECARSCOPE_STANDALONE: '1',
        SIDECARSCOPE_BASE_PATH: SUBPATH.basePath,
        SIDECARSCOPE_DIST_DIR: '.next-subpath',
        SIDECARSCOPE_TOKEN: SUBPATH.token,
        SIDECARSCOPE_LOGS_ENABLED: 'false',
      },
    },
  ],
});
