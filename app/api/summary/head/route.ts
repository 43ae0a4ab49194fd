/** `GET /api/summary/head`: the live summary without its long lists (see docs/http-api.md). */
import { getSummaryHead } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Promise<Response> {
  return getSummaryHead();
}
