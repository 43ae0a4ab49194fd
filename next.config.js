/** @type {import('next').NextConfig} */
const basePath = process.env.SIDECARSCOPE_BASE_PATH || '';

const nextConfig = {
  basePath,
  output: 'standalone',
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['@kubernetes/client-node'],
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
};

export default nextConfig;
