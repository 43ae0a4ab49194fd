/**
 * Raw HTTP/1.1 for the adversarial probes: fetch and Playwright's request context cannot send a
 * forged Host, TRACE, a GET with a body, or a Content-Length that lies.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the connection before `waitMs`. */
  closed: boolean;
}

/** Sends `head` (and `body`) as written; resolves when the server closes or after `waitMs`. */
export function rawRequest(port: number, head: string[], body = '', waitMs = 3000): Promise<RawResponse> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const [headerPart = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = headerPart.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), closed });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  });
}

/** Opens a request and resolves with its status line's code as soon as the headers arrive, keeping it open. */
export function openStream(port: number, head: string[]): Promise<{ status: number; close(): void }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('error', () => resolve({ status: 0, close: () => socket.destroy() }));
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match && text.includes('\r\n\r\n')) {
        socket.removeAllListeners('data');
        resolve({ status: Number(match[1]), close: () => socket.destroy() });
      }
    });
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
  });
}
