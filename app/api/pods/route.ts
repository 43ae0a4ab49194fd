/** `GET /api/pods`: filtered, sorted, paginated pod rows (see docs/http-api.md). */
import { getPods } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return getPods(request);
}
