/** `GET /api/right-sizing?window=1h|1d|7d`: sidecar right-sizing from Prometheus (see docs/http-api.md). */
import { getRightSizing } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return getRightSizing(request);
}
