/** `sidecarscope demo` and `sidecarscope serve`: start the dashboard, print where it is, stop on Ctrl-C. */
import { hostname, networkInterfaces } from 'node:os';
import { ensureBuild, startNext, type NextServer } from './next-process';

export interface DashboardOptions {
  root: string;
  host: string;
  port: number;
  dev: boolean;
  /** Environment for the Next.js server: how to reach the cluster (see lib/server/config.ts). */
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}

/** Starts Next with `options.env`, resolves when it serves, and returns its handle. */
export async function startDashboard(options: DashboardOptions): Promise<NextServer & { url: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, NODE_ENV: options.dev ? 'development' : 'production' };
  if (!options.dev) await ensureBuild(options.root, env, options.log);
  const server = await startNext(options.root, { host: options.host, port: options.port, dev: options.dev, env });
  const shownHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  // The base path may come from the caller's environment as well as from the options.
  const url = `http://${shownHost}:${options.port}${env.SIDECARSCOPE_BASE_PATH ?? ''}/`;
  if (!options.dev) void warmUp(url, env.SIDECARSCOPE_TOKEN);
  return { ...server, url };
}

/**
 * `SIDECARSCOPE_ALLOWED_HOSTS` for a server bound to `host` (see lib/security/allowed-hosts.ts):
 * the `--host` itself, and for a wildcard bind this machine's name and addresses, plus what the
 * caller's environment already lists. Loopback names are always allowed.
 */
export function allowedHostsFor(
  host: string,
  configured: string | undefined,
  machine: { name: string; addresses: string[] } = {
    name: hostname(),
    addresses: Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)),
  },
): string {
  const isWildcard = host === '0.0.0.0' || host === '::' || host === '';
  const names = [...(configured ?? '').split(','), ...(isWildcard ? [machine.name, ...machine.addresses] : [host])].map((s) => s.trim()).filter(Boolean);
  return [...new Set(names)].join(',');
}

/**
 * The pages an SRE opens first and the API routes they call (not the stream, which stays open);
 * route modules load on first use, about a second each.
 */
export const WARM_PAGES = ['', 'pods', 'api/summary', 'api/facets', 'api/pods?limit=1'];

/**
 * Requests each page once so the first person to open it does not wait for its modules to load.
 * Best effort: a failure only means the first visit is slower, so it is ignored.
 */
export async function warmUp(url: string, token?: string, fetcher: typeof fetch = fetch): Promise<number> {
  let warmed = 0;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  for (const page of WARM_PAGES) {
    try {
      const response = await fetcher(new URL(page, url), { headers, signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.ok) warmed += 1;
    } catch {
      // ignored: see above
    }
  }
  return warmed;
}

/** Resolves on the first SIGINT/SIGTERM (or when the server dies), after running `cleanup`. */
export function untilStopped(server: NextServer, cleanup: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      await server.stop();
      await cleanup();
      resolve(code);
    };
    // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal's process group and
    // forwarded by bin/sidecarscope.mjs); a second default SIGINT would kill it mid-cleanup.
    process.on('SIGINT', () => void stop(0));
    process.on('SIGTERM', () => void stop(0));
    server.child.once('exit', (code) => void stop(code === 0 || code === null ? 0 : 1));
  });
}
