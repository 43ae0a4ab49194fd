/** `GET /api/stream[?pod=namespace/name]`: the live Server-Sent Events stream. */
import { getStream } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return getStream(request);
}
