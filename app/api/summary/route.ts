/** `GET /api/summary`: the cluster summary (see docs/http-api.md). */
import { getSummary } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request?: Request): Promise<Response> {
  return getSummary(request);
}
