/** `GET /api/facets`: namespaces and workloads for the filters. */
import { getFacets } from '@/lib/server/api';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export function GET(): Promise<Response> {
  return getFacets();
}
