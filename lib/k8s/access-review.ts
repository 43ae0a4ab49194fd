/**
 * Which rules of the chart's ClusterRole the dashboard's identity lacks, asked with
 * SelfSubjectAccessReview (authorization.k8s.io/v1; every authenticated user may create one, see
 * https://github.com/kubernetes/kubernetes/blob/v1.34.4/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
 * `system:basic-user`). A 403 on a watch only says which call failed; this names every missing
 * grant, the unused ones (`get`) and the optional ones (events, metrics) included.
 *
 * Not marked `server-only`: the CLI's connection check uses it outside Next.js.
 */
import { toK8sError, type K8sError } from './errors';
import type { KubeTransport } from './transport-types';

/** One verb on one resource of one API group (`''` is the core group). */
export interface Grant {
  group: string;
  resource: string;
  /** `log` for `pods/log`. */
  subresource?: string;
  verb: string;
}

/** A grant the identity lacks, at cluster scope or in one namespace. */
export interface MissingGrant extends Grant {
  namespace?: string;
  /** True when the dashboard cannot show pods without it (list or watch core pods). */
  blocking: boolean;
}

/**
 * The outcome of a review: the missing grants, or why nothing could be checked and whether to
 * assume everything granted (the server does not serve reviews) or ask again later.
 */
export type AccessReport = { checked: true; missing: MissingGrant[] } | { checked: false; reason: string; assumeGranted: boolean };

/** The rules of the chart's ClusterRole (deploy/helm/sidecarscope/templates/rbac.yaml), one grant each. */
export const CHART_GRANTS: readonly Grant[] = [
  ...['pods', 'events'].flatMap((resource) => ['get', 'list', 'watch'].map((verb) => ({ group: '', resource, verb }))),
  { group: 'metrics.k8s.io', resource: 'pods', verb: 'get' },
  { group: 'metrics.k8s.io', resource: 'pods', verb: 'list' },
];

/** `get pods/log`: the logs.enabled rule of the chart (previous-run logs on the pod page). */
export const LOGS_GRANT: Grant = { group: '', resource: 'pods', subresource: 'log', verb: 'get' };

const REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const PARALLEL = 8;

/** True for the grants without which no pod can be shown. */
export function isBlockingGrant(grant: Grant): boolean {
  return grant.group === '' && grant.resource === 'pods' && grant.subresource === undefined && (grant.verb === 'list' || grant.verb === 'watch');
}

function consequenceOf(grant: Grant): string {
  if (isBlockingGrant(grant)) return '';
  if (grant.group === 'metrics.k8s.io') return '; until then CPU and memory use are not shown';
  if (grant.subresource === 'log') return "; until then the pod page gives the `kubectl logs --previous` command instead of the previous run's log";
  if (grant.resource === 'events') return grant.verb === 'get' ? '' : '; until then pod events are not shown';
  return '';
}

/** One sentence naming the missing rule and how to grant it. */
export function describeMissingGrant(missing: MissingGrant): string {
  const where = missing.namespace === undefined ? 'at cluster scope' : `in namespace "${missing.namespace}"`;
  const role =
    missing.subresource === 'log'
      ? "the chart's logs.enabled=true"
      : missing.namespace === undefined
        ? 'the ClusterRole in deploy/'
        : 'a Role there like deploy/examples/namespaced.yaml';
  const resource = missing.subresource === undefined ? missing.resource : `${missing.resource}/${missing.subresource}`;
  return `missing RBAC permission: ${missing.verb} ${resource} (${missing.group === '' ? 'core' : missing.group}) ${where} — grant it with ${role}${consequenceOf(missing)}`;
}

/** The grant a call on an API path needs: `/api/v1/pods`, `/apis/metrics.k8s.io/v1beta1/namespaces/x/pods`, … */
export function grantOfPath(path: string, verb: string): Omit<MissingGrant, 'blocking'> | undefined {
  const match = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/?]+)$/.exec(path);
  if (!match) return undefined;
  const [, group = '', namespace, resource = ''] = match;
  return { group, resource, verb, namespace: namespace === undefined ? undefined : decodeURIComponent(namespace) };
}

/**
 * The reason of a 403 on `verb` of `path`: the missing rule in our words, then the API server's
 * own message (it names the user, never a credential).
 */
export function explainForbidden(path: string, verb: string, error: K8sError): string {
  const grant = grantOfPath(path, verb);
  const ours = grant ? describeMissingGrant({ ...grant, blocking: isBlockingGrant(grant) }) : `forbidden: ${error.message}`;
  return grant && error.apiMessage ? `${ours} (API server: ${error.apiMessage})` : ours;
}

function reviewOf(grant: Grant, namespace: string | undefined): unknown {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        group: grant.group,
        resource: grant.resource,
        ...(grant.subresource === undefined ? {} : { subresource: grant.subresource }),
        verb: grant.verb,
        ...(namespace === undefined ? {} : { namespace }),
      },
    },
  };
}

function isAllowed(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const status = (answer as { status?: { allowed?: unknown } }).status;
  return status?.allowed === true;
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return results;
}

/**
 * Reviews every grant of {@link CHART_GRANTS} (and {@link LOGS_GRANT} when `logs` is on)
 * cluster-wide, or in each of `namespaces` when an allow-list is set. A server that does not serve
 * the review (404, e.g. the simulated cluster) or a transport without `postJson` gives
 * `checked: false`: the caller assumes everything is granted.
 */
export async function reviewAccess(
  transport: KubeTransport,
  namespaces: readonly string[] = [],
  signal?: AbortSignal,
  { logs = false }: { logs?: boolean } = {},
): Promise<AccessReport> {
  const post = transport.postJson?.bind(transport);
  if (!post) return { checked: false, reason: 'this connection cannot ask SelfSubjectAccessReview', assumeGranted: true };
  const scopes: (string | undefined)[] = namespaces.length > 0 ? [...namespaces] : [undefined];
  const grants = logs ? [...CHART_GRANTS, LOGS_GRANT] : CHART_GRANTS;
  const asks = scopes.flatMap((namespace) => grants.map((grant) => ({ ...grant, namespace })));
  try {
    const answers = await inBatches(asks, PARALLEL, async (ask) => isAllowed(await post(REVIEW_PATH, reviewOf(ask, ask.namespace), signal)));
    const missing = asks.filter((_, i) => !answers[i]).map((ask) => ({ ...ask, blocking: isBlockingGrant(ask) }));
    return { checked: true, missing };
  } catch (error) {
    const k8s = toK8sError(error, 'SelfSubjectAccessReview');
    if (k8s.code === 'not-found')
      return { checked: false, reason: 'SelfSubjectAccessReview is not served here; permissions assumed granted', assumeGranted: true };
    return { checked: false, reason: k8s.message, assumeGranted: false };
  }
}
