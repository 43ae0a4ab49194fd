/**
 * The Server-Sent Events response for one stream client: pull-based, so frames leave the client's
 * bounded queue only as fast as the browser reads them; closed once, on abort or cancel.
 */
import 'server-only';
import type { StreamClient } from './stream-client';

export const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  Connection: 'keep-alive',
};

/** A streaming response draining `client`; `onClose` runs once when the stream ends. */
export function eventStreamResponse(client: StreamClient, signal: AbortSignal, onClose: () => void): Response {
  const encoder = new TextEncoder();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    signal.removeEventListener('abort', close);
    onClose();
  };
  signal.addEventListener('abort', close, { once: true });
  if (signal.aborted) close();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const frame = await client.next();
        if (frame === undefined) {
          close();
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(frame));
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
  return new Response(body, { headers: SSE_HEADERS });
}
