/** `GET /api/findings/timeline`: when each finding was raised and cleared (see docs/http-api.md). */
import { getFindingsTimeline } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return getFindingsTimeline(request);
}
