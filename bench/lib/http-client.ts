/**
 * A minimal keep-alive HTTP client for load generation (node:http, no fetch machinery in the
 * timed path), used the same way for every route so client overhead cancels out.
 */
import { Agent, request } from 'node:http';

/** One answer. */
export interface HttpAnswer {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the last byte of the answer. */
  ms: number;
}

/** A client bound to one origin. */
export interface HttpClient {
  send(method: 'GET' | 'POST', path: string, headers?: Record<string, string>, body?: string): Promise<HttpAnswer>;
  close(): void;
}

/** A client for `baseUrl` with up to `sockets` kept-alive connections. */
export function createHttpClient(baseUrl: string, sockets = 1): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  return {
    send(method, path, headers = {}, body) {
      return new Promise<HttpAnswer>((resolve, reject) => {
        const started = process.hrtime.bigint();
        const outgoing = { ...headers };
        if (body !== undefined) {
          outgoing['content-type'] ??= 'application/json';
          outgoing['content-length'] = String(Buffer.byteLength(body));
        }
        const req = request({ host: base.hostname, port: base.port, method, path, headers: outgoing, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
