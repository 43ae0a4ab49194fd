import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * `npm run test:prometheus`: the suite against a real Prometheus 3 (e2e/prometheus) scraping the
 * simulated cluster's cAdvisor and kube-state-metrics endpoints and the dashboard's /metrics.
 * Each file starts its own Prometheus; files run one at a time.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('../../', import.meta.url)),
      'server-only': fileURLToPath(new URL('../../lib/testing/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/prometheus/**/*.prometheus.test.ts'],
    globalSetup: ['test/prometheus/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 2_700_000,
  },
});
