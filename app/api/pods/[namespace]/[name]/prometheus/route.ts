/** `GET /api/pods/{namespace}/{name}/prometheus`: the pod's history from Prometheus (see docs/http-api.md). */
import { getPodPrometheus } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(_request: Request, context: { params: Promise<{ namespace: string; name: string }> }): Promise<Response> {
  const { namespace, name } = await context.params;
  return getPodPrometheus(namespace, name);
}
