/** `GET /readyz`: 503 until the first full sync, then 200. */
import { getReadyz } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Promise<Response> {
  return getReadyz();
}
