/** `GET /api/contexts`: the kubeconfig contexts; `POST` switches local mode to another one. */
import { getContexts, postContexts } from '@/lib/server/contexts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Promise<Response> {
  return getContexts();
}

export function POST(request: Request): Promise<Response> {
  return postContexts(request);
}
