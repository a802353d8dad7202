/**
 * Puts a node:http server on a free loopback port and hands back its URL and a close that
 * also drops kept-alive sockets. Tests, the contract worlds and the bench all start servers
 * this way; one definition keeps the address check and the shutdown order the same.
 */
import type { Server } from 'node:http';

/** A listening server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Stops accepting, drops open connections, resolves once closed. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at a free port. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
