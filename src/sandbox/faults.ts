/**
 * A failure injected on one route (route key such as `POST /checkouts`), for `times`
 * requests (default 1):
 * - `latency`: answer normally after `ms`;
 * - `status`: answer `status` with a JSON error, without performing the operation;
 * - `timeout`: never answer (the socket is held until the sandbox closes);
 * - `drop_after_commit`: perform the operation (a charge IS made), then destroy the socket without a response.
 */
export type SandboxFault =
  | { route: string; kind: 'latency'; ms: number; times?: number }
  | { route: string; kind: 'status'; status: number; times?: number }
  | { route: string; kind: 'timeout'; times?: number }
  | { route: string; kind: 'drop_after_commit'; times?: number };

interface ArmedFault {
  fault: SandboxFault;
  remaining: number;
}

/** Injected faults, consumed first-in first-out per route. */
export class FaultRegistry {
  private armed: ArmedFault[] = [];

  /** Arms a fault. */
  inject(fault: SandboxFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault.times must be a positive integer, got ${times}`);
    this.armed.push({ fault, remaining: times });
  }

  /** Disarms every fault. */
  clear(): void {
    this.armed = [];
  }

  /** Takes one use of the oldest fault armed for `route`, if any. */
  take(route: string): SandboxFault | undefined {
    const index = this.armed.findIndex((a) => a.fault.route === route);
    const entry = this.armed[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}
