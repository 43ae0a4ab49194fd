/**
 * RBAC from the deploy/ chart's committed renderings, applied to the real API server: the
 * Namespace, ServiceAccount, (Cluster)Role and binding, then a real service-account token from
 * the TokenRequest API. Rules can be split into single grants to remove one at a time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { hasStatus, type RestClient } from './kube-rest';

type Json = Record<string, unknown>;

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** One verb on one resource of one API group. */
export interface Grant {
  apiGroup: string;
  resource: string;
  verb: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const PATHS: Record<string, (ns: string | undefined) => string> = {
  Namespace: () => '/api/v1/namespaces',
  ServiceAccount: (ns) => `/api/v1/namespaces/${ns ?? 'default'}/serviceaccounts`,
  ClusterRole: () => '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: () => '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  Role: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns ?? 'default'}/roles`,
  RoleBinding: (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns ?? 'default'}/rolebindings`,
};

/** Every object of a YAML file under deploy/ (e.g. `manifests/sidecarscope.yaml`). */
export function readDeployManifests(file: string): Json[] {
  const text = readFileSync(join(ROOT, 'deploy', file), 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as unknown)
    .filter((o): o is Json => typeof o === 'object' && o !== null);
}

function metaOf(object: Json): { name: string; namespace?: string } {
  const meta = (object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return { name: String(meta.name), namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined };
}

/** Creates, or replaces, the RBAC-related objects among `objects`; others are skipped. */
export async function applyRbacObjects(rest: RestClient, objects: readonly Json[]): Promise<void> {
  for (const object of objects) {
    const pathOf = PATHS[String(object.kind)];
    if (!pathOf) continue;
    const { name, namespace } = metaOf(object);
    try {
      await rest.request('POST', pathOf(namespace), object);
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
      if (object.kind !== 'Namespace') await rest.request('PUT', `${pathOf(namespace)}/${name}`, object);
    }
  }
}

/** A real, signed service-account token (TokenRequest API). */
export async function serviceAccountToken(rest: RestClient, namespace: string, name: string): Promise<string> {
  const body = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } };
  const answer = (await rest.request('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, body)) as { status?: { token?: string } };
  if (!answer.status?.token) throw new Error('TokenRequest returned no token');
  return answer.status.token;
}

/** The rules of the first object of `kind` (`ClusterRole` or `Role`). */
export function rulesOf(objects: readonly Json[], kind: 'ClusterRole' | 'Role'): PolicyRule[] {
  const role = objects.find((o) => o.kind === kind);
  return (role?.rules ?? []) as PolicyRule[];
}

export function grantsOf(rules: readonly PolicyRule[]): Grant[] {
  return rules.flatMap((r) => r.apiGroups.flatMap((apiGroup) => r.resources.flatMap((resource) => r.verbs.map((verb) => ({ apiGroup, resource, verb })))));
}

/** The same permissions minus one grant, one rule per grant. */
export function rulesWithout(rules: readonly PolicyRule[], removed: Grant): PolicyRule[] {
  return grantsOf(rules)
    .filter((g) => g.apiGroup !== removed.apiGroup || g.resource !== removed.resource || g.verb !== removed.verb)
    .map((g) => ({ apiGroups: [g.apiGroup], resources: [g.resource], verbs: [g.verb] }));
}

export function describeGrant(grant: Grant): string {
  return `${grant.verb} ${grant.apiGroup === '' ? '' : `${grant.apiGroup}/`}${grant.resource}`;
}
