/** @type {import('next').NextConfig} */
const basePath = process.env.SIDECARSCOPE_BASE_PATH || '';

const nextConfig = {
  basePath,
  // A second build side by side (the browser tests build one under a sub-path).
  distDir: process.env.SIDECARSCOPE_DIST_DIR || '.next',
  // The container image (Dockerfile) builds with SIDECARSCOPE_STANDALONE=1; `next start` warns when
  // it serves a standalone build, so local builds stay regular.
  ...(process.env.SIDECARSCOPE_STANDALONE === '1' ? { output: 'standalone' } : {}),
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['@kubernetes/client-node', 'pg'],
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
  experimental: {
    // Next buffers request bodies (10 MB by default) for proxy.ts; the dashboard reads none
    // larger than its login form. Same figure as MAX_BODY_BYTES in lib/security/request-limits.ts.
    proxyClientMaxBodySize: 16 * 1024,
  },
};

export default nextConfig;
