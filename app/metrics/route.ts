/** `GET /metrics`: Prometheus text exposition. */
import { getMetrics } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Promise<Response> {
  return getMetrics();
}
