/** `GET /healthz`: the process is alive. */
import { getHealthz } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Response {
  return getHealthz();
}
