/** `GET /api/workloads/{namespace}/{kind}/{name}`: the workload's replicas, durations, findings and probe advice (see docs/http-api.md). */
import { getWorkload } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(_request: Request, context: { params: Promise<{ namespace: string; kind: string; name: string }> }): Promise<Response> {
  const { namespace, kind, name } = await context.params;
  return getWorkload(namespace, kind, name);
}
