import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', '.next-subpath/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/kube-apiserver/**', 'next-env.d.ts'] },
];

export default config;
