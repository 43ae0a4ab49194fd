import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * `npm run test:kubelet`: the seed scenarios on Kubernetes' own kubelet (e2e/kube-apiserver with
 * `--kubelet`). One API server and one node are shared by every file, so files run one at a time.
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
    include: ['test/kubelet/**/*.kubelet.test.ts'],
    globalSetup: ['test/kubelet/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
