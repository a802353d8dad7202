/**
 * `node:crypto`, when the runtime offers it synchronously (`process.getBuiltinModule`: Node ≥
 * 20.16, Bun), reached without an import statement so edge bundlers see nothing to resolve.
 * Why not WebCrypto everywhere: each `crypto.subtle` call is an async job on Node's thread
 * pool (about 0.1 ms each, plus a turn of the event loop), where `node:crypto` hashes a few
 * hundred bytes in microseconds.
 */

/** The parts of `node:crypto` the kit uses. */
export type NodeCrypto = Pick<typeof import('node:crypto'), 'createHash' | 'createHmac' | 'createSecretKey'>;

let cached: NodeCrypto | null | undefined;

/** `node:crypto` when reachable synchronously, else null (edge runtimes, browsers). */
export function builtinNodeCrypto(): NodeCrypto | null {
  if (cached !== undefined) return cached;
  cached = null;
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (typeof processLike?.getBuiltinModule !== 'function') return cached;
  try {
    const builtin = processLike.getBuiltinModule('node:crypto') as Partial<NodeCrypto> | undefined;
    if (typeof builtin?.createHash === 'function' && typeof builtin.createHmac === 'function' && typeof builtin.createSecretKey === 'function') {
      cached = builtin as NodeCrypto;
    }
  } catch {
    // No node:crypto here: WebCrypto it is.
  }
  return cached;
}
