/**
 * POSTs a form to Prometheus over node:http/https, with an optional CA bundle (a private CA in
 * front of Thanos or Mimir) and a hard timeout. Bodies are capped so a misdirected URL cannot
 * fill memory.
 */
import 'server-only';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpCall {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type HttpTransport = (call: HttpCall) => Promise<{ status: number; body: string }>;

/** Replies larger than this are cut off and fail (a 10,000-pod instant vector is about 3 MB). */
export const MAX_REPLY_BYTES = 64 * 1024 * 1024;

export function createHttpTransport(options: { ca?: string | Buffer }): HttpTransport {
  return (call) =>
    new Promise((resolve, reject) => {
      const url = new URL(call.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...call.headers, 'Content-Length': Buffer.byteLength(call.body) },
          ...(options.ca ? { ca: options.ca } : {}),
          signal: AbortSignal.timeout(call.timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_REPLY_BYTES) return void req.destroy(Object.assign(new Error('reply too large'), { code: 'EREPLYTOOLARGE' }));
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(call.body);
    });
}
