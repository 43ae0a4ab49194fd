/**
 * The contract between the dashboard's server and the browser: every endpoint the browser reads,
 * with the zod schema of its answer, and the query of `GET /api/pods`. Types are inferred from the
 * schemas; the server builds values of those types (`lib/server/api.ts`, `stream-fanout.ts`) and
 * the browser parses every answer through the same schemas (`lib/client/fetcher.ts`,
 * `parseStreamMessage`). `lib/server/contract.test.ts` serves each endpoint from the real handlers
 * on the simulated cluster and fails when a field would be dropped by the browser's parse.
 *
 * The payload schemas live beside their types: `views.ts` (summary, rows, pod detail, facets,
 * contexts, stream status), `types.ts` (the digest, lifecycle and findings inside them),
 * `stream.ts` (the Server-Sent Events messages).
 */
import { z } from 'zod';
import { streamMessageSchema } from './stream';
import { FINDING_IDS, SEVERITIES } from './types';
import { clusterSummarySchema, contextListSchema, facetsSchema, podDetailSchema, podPageSchema, summaryHeadSchema } from './views';
import { logTailSchema, workloadDetailSchema } from './workload-view';
import { findingsTimelineSchema } from './history-views';
import { podPrometheusViewSchema, rightSizingReportSchema } from './prometheus-views';

/** What each endpoint answers (200), by path; `/api/stream` sends one message per `data:` line. */
export const ENDPOINTS = {
  '/api/summary': clusterSummarySchema,
  '/api/summary/head': summaryHeadSchema,
  '/api/pods': podPageSchema,
  '/api/pods/{namespace}/{name}': podDetailSchema,
  '/api/facets': facetsSchema,
  '/api/contexts': contextListSchema,
  '/api/stream': streamMessageSchema,
  '/api/workloads/{namespace}/{kind}/{name}': workloadDetailSchema,
  '/api/pods/{namespace}/{name}/logs': logTailSchema,
  '/api/findings/timeline': findingsTimelineSchema,
  '/api/pods/{namespace}/{name}/prometheus': podPrometheusViewSchema,
  '/api/right-sizing': rightSizingReportSchema,
} as const;

/** `GET /api/pods?sort=`: a column, `-` for descending (`age` is youngest first). */
export const POD_SORTS = ['name', '-name', 'namespace', 'status', 'restarts', '-restarts', 'age', '-age', 'findings', '-findings'] as const;
export type PodSort = (typeof POD_SORTS)[number];

/** `GET /api/pods?kind=`: pods with a native sidecar, a legacy one, either, or none. */
export const SIDECAR_KIND_FILTERS = ['native-sidecar', 'legacy-sidecar', 'any-sidecar', 'none'] as const;
export type SidecarKindFilter = (typeof SIDECAR_KIND_FILTERS)[number];

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean),
);

/** The query parameters of `GET /api/pods`, as the server validates them (a bad one is a 400). */
export const podQuerySchema = z.object({
  namespace: commaList.optional(),
  workload: z
    .string()
    .regex(/^[^/]+\/[^/]+$/, 'workload must be Kind/name')
    .transform((s) => {
      const [kind = '', name = ''] = s.split('/');
      return { kind, name };
    })
    .optional(),
  finding: z.enum(FINDING_IDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(SIDECAR_KIND_FILTERS).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(POD_SORTS).default('namespace'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type PodQuery = z.infer<typeof podQuerySchema>;
