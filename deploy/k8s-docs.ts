/**
 * Parses rendered manifests into the few shapes the deployment tests check, with zod, so a
 * missing field fails with its path instead of an `undefined` deep inside an assertion.
 */
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

const metadata = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const anyObject = z.object({ apiVersion: z.string(), kind: z.string(), metadata });

export const ruleSchema = z.object({ apiGroups: z.array(z.string()), resources: z.array(z.string()), verbs: z.array(z.string()) }).strict();
export const roleSchema = anyObject.extend({ rules: z.array(ruleSchema) });
export const bindingSchema = anyObject.extend({
  roleRef: z.object({ apiGroup: z.string(), kind: z.string(), name: z.string() }),
  subjects: z.array(z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() })),
});

const httpProbe = z.object({ httpGet: z.object({ path: z.string(), port: z.union([z.string(), z.number()]) }) });
const envVar = z.object({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: z.object({ secretKeyRef: z.object({ name: z.string(), key: z.string(), optional: z.boolean().optional() }).optional() }).optional(),
});
const securityContext = z.object({
  runAsNonRoot: z.literal(true),
  allowPrivilegeEscalation: z.literal(false),
  readOnlyRootFilesystem: z.literal(true),
  capabilities: z.object({ drop: z.array(z.string()), add: z.array(z.string()).optional() }),
  seccompProfile: z.object({ type: z.literal('RuntimeDefault') }),
  privileged: z.boolean().optional(),
});
const quantities = z.record(z.string(), z.union([z.string(), z.number()]));
export const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  ports: z.array(z.object({ name: z.string(), containerPort: z.number() })),
  env: z.array(envVar),
  livenessProbe: httpProbe,
  readinessProbe: httpProbe,
  startupProbe: httpProbe.optional(),
  resources: z.object({ requests: quantities, limits: quantities }),
  securityContext,
  volumeMounts: z.array(z.object({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() })),
});
export const deploymentSchema = anyObject.extend({
  spec: z.object({
    selector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()).optional() }),
      spec: z.object({
        serviceAccountName: z.string(),
        automountServiceAccountToken: z.boolean().optional(),
        hostNetwork: z.boolean().optional(),
        hostPID: z.boolean().optional(),
        securityContext: z.object({ runAsNonRoot: z.literal(true), seccompProfile: z.object({ type: z.literal('RuntimeDefault') }) }).passthrough(),
        containers: z.array(containerSchema).length(1),
        volumes: z.array(
          z
            .object({
              name: z.string(),
              emptyDir: z.object({}).passthrough().optional(),
              secret: z.object({ secretName: z.string(), optional: z.boolean().optional() }).passthrough().optional(),
            })
            .passthrough(),
        ),
      }),
    }),
  }),
});
export const serviceSchema = anyObject.extend({
  spec: z.object({
    selector: z.record(z.string(), z.string()),
    ports: z.array(z.object({ name: z.string(), port: z.number(), targetPort: z.union([z.string(), z.number()]) })),
  }),
});
export const networkPolicySchema = anyObject.extend({
  spec: z.object({
    podSelector: z.object({ matchLabels: z.record(z.string(), z.string()) }),
    policyTypes: z.array(z.string()),
    ingress: z.array(
      z.object({ ports: z.array(z.object({ port: z.union([z.string(), z.number()]) }).passthrough()), from: z.array(z.record(z.string(), z.unknown())) }),
    ),
  }),
});
export const ingressSchema = anyObject.extend({
  spec: z.object({
    rules: z.array(
      z.object({
        host: z.string().optional(),
        http: z.object({
          paths: z.array(
            z.object({
              path: z.string(),
              pathType: z.string(),
              backend: z.object({ service: z.object({ name: z.string(), port: z.object({ name: z.string() }) }) }),
            }),
          ),
        }),
      }),
    ),
  }),
});

export type K8sObject = z.infer<typeof anyObject> & Record<string, unknown>;

/** Every object of a multi-document YAML text; throws on a YAML error. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw doc.errors[0];
    const value: unknown = doc.toJS();
    return value === null || value === undefined ? [] : [anyObject.passthrough().parse(value) as K8sObject];
  });
}

/** The objects of one kind, parsed with `schema`. */
export function objectsOf<T>(objects: readonly K8sObject[], kind: string, schema: z.ZodType<T>): T[] {
  return objects.filter((o) => o.kind === kind).map((o) => schema.parse(o));
}
