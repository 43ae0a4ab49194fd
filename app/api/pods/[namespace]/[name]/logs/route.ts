/** `GET /api/pods/{namespace}/{name}/logs?container=`: the previous run's log tail, when enabled (see docs/http-api.md). */
import { getPodLogs } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, context: { params: Promise<{ namespace: string; name: string }> }): Promise<Response> {
  const { namespace, name } = await context.params;
  return getPodLogs(request, namespace, name);
}
