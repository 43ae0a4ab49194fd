/**
 * `GET /api/contexts` and `POST /api/contexts`: local mode lists the kubeconfig's contexts and
 * switches the process's runtime to another one. Answers carry context, cluster and namespace
 * *names* only: never server URLs, users, credentials or the kubeconfig path.
 */
import 'server-only';
import { z } from 'zod';
import { loadKubeConfig, type ConnectionSettings } from '../k8s/kubeconfig';
import { K8sError } from '../k8s/errors';
import type { ContextEntry, ContextList } from '../model/views';
import type { ServerConfig } from './config';
import { HttpError, answer, handle } from './http-errors';
import { getRuntime, replaceRuntime, type Runtime } from './runtime';

/** Largest `POST /api/contexts` body: `{"context":"…"}` with a 253-character name fits easily. */
export const MAX_CONTEXT_BODY_BYTES = 1024;

const switchSchema = z.strictObject({ context: z.string().trim().min(1, 'context: must not be empty').max(253, 'context: at most 253 characters') });

function settingsOf(config: ServerConfig, context: string | undefined): ConnectionSettings {
  return { mode: config.mode, kubeconfig: config.kubeconfig, context };
}

function entriesOf(settings: ConnectionSettings): ContextEntry[] {
  const kc = loadKubeConfig(settings);
  return kc.getContexts().map((c) => ({ name: c.name, cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}) }));
}

/** The contexts to offer: the kubeconfig's in kubeconfig mode, else just the running one. */
export function listContexts(runtime: Runtime): ContextList {
  const current = runtime.hub.options.cluster.name;
  const only: ContextList = { current, contexts: [{ name: current, cluster: current }], switchable: false };
  if (runtime.config.mode !== 'kubeconfig') return only;
  try {
    return { current, contexts: entriesOf(settingsOf(runtime.config, current)), switchable: true };
  } catch (error) {
    // The file changed under us (the running context vanished): still list what is there.
    if (!(error instanceof K8sError)) throw error;
    try {
      return { current, contexts: entriesOf(settingsOf(runtime.config, undefined)), switchable: true };
    } catch {
      return { ...only, switchable: true };
    }
  }
}

function checkContext(config: ServerConfig, context: string): void {
  try {
    loadKubeConfig(settingsOf(config, context));
  } catch (error) {
    if (error instanceof K8sError && error.code === 'unknown-context') throw new HttpError(400, 'unknown-context', error.message);
    if (error instanceof K8sError) throw new HttpError(409, error.code, error.message);
    throw error;
  }
}

/**
 * Switches the process to `context`: validates it the way the CLI does, then replaces the runtime.
 * The old runtime's watchers stop and its streams close, so browsers reconnect to the new cluster
 * and refetch. Switching to the running context changes nothing.
 */
export function switchContext(context: string): ContextList {
  const runtime = getRuntime();
  if (runtime.config.mode !== 'kubeconfig') {
    throw new HttpError(409, 'not-switchable', `This server runs in ${runtime.config.mode} mode; only local (kubeconfig) mode can switch contexts.`);
  }
  if (context === runtime.hub.options.cluster.name) return listContexts(runtime);
  checkContext(runtime.config, context);
  return listContexts(replaceRuntime({ ...runtime.config, context }));
}

/**
 * CSRF guard for the one state-changing request: a JSON content type (a cross-site form cannot
 * send it, and a cross-site `fetch` with it needs a CORS preflight we never answer) and a browser
 * that says the request is same-origin (`Sec-Fetch-Site`) or an `Origin` naming this host. A
 * request carrying neither (curl) must add `Origin`.
 */
export function requireSameOriginJson(request: Request): void {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'unsupported-media-type', 'Send the body as Content-Type: application/json.');
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') throw new HttpError(403, 'cross-origin', 'Contexts can only be switched from the dashboard itself.');
  const origin = request.headers.get('origin');
  if (origin === null && site === null) throw new HttpError(403, 'cross-origin', 'A request switching contexts needs an Origin header naming this server.');
  if (origin !== null && !isOwnOrigin(origin, request)) throw new HttpError(403, 'cross-origin', 'Contexts can only be switched from the dashboard itself.');
}

function isOwnOrigin(origin: string, request: Request): boolean {
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host === host.split(',')[0]?.trim();
  } catch {
    return false;
  }
}

/** Reads a JSON body of at most `maxBytes`, refusing larger ones without buffering them. */
export async function readSmallJson(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new HttpError(413, 'body-too-large', `The request body must be at most ${maxBytes} bytes.`);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new HttpError(413, 'body-too-large', `The request body must be at most ${maxBytes} bytes.`);
    }
    chunks.push(read.value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'bad-json', 'The request body is not valid JSON.');
  }
}

/** `GET /api/contexts` → {@link ContextList}. */
export function getContexts(): Promise<Response> {
  return handle(() => answer('/api/contexts', listContexts(getRuntime())));
}

/** `POST /api/contexts` with `{ "context": "name" }` → {@link ContextList}; same-origin JSON only. */
export function postContexts(request: Request): Promise<Response> {
  return handle(async () => {
    requireSameOriginJson(request);
    const parsed = switchSchema.safeParse(await readSmallJson(request, MAX_CONTEXT_BODY_BYTES));
    if (!parsed.success) throw new HttpError(400, 'bad-parameter', parsed.error.issues.map((i) => i.message).join('; '));
    return answer('/api/contexts', switchContext(parsed.data.context));
  });
}
