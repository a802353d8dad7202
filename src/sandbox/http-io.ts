import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route handler answers; the server writes it (or drops it, for `drop_after_commit`). */
export type SandboxReply =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'html'; status: number; body: string }
  | { kind: 'redirect'; location: string };

const MAX_BODY_BYTES = 1024 * 1024;

/** The whole request body as text (capped at 1 MiB, beyond which the request is destroyed). */
export function readRawBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes a reply. */
export function writeReply(res: ServerResponse, reply: SandboxReply): void {
  switch (reply.kind) {
    case 'json': {
      const body = JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'html':
      res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
      return;
    case 'redirect':
      // 303 so the browser follows a form POST with a GET.
      res.writeHead(303, { location: reply.location, 'content-length': 0 });
      res.end();
      return;
  }
}

/** A Dodo-style JSON error reply: `{ code, message }`. */
export function errorReply(status: number, code: string, message: string): SandboxReply {
  return { kind: 'json', status, body: { code, message } };
}

/** Escapes text for HTML element and attribute content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
