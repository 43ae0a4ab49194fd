/** `GET /api/pods/{namespace}/{name}[?uid=]`: one pod's detail (see docs/http-api.md). */
import { getPod } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request, context: { params: Promise<{ namespace: string; name: string }> }): Promise<Response> {
  const { namespace, name } = await context.params;
  return getPod(request, namespace, name);
}
