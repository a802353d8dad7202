/** The memory adapter as a contract world. */
import { createMemoryAdapter } from '../../src/memory/create-memory-adapter';
import type { ContractImplementation } from './contract-world';

/** Worlds backed by `createMemoryAdapter`. */
export const memoryImplementation: ContractImplementation = {
  name: 'memory adapter',
  async create(fixture, start) {
    let now = start.getTime();
    const adapter = createMemoryAdapter({ fixture, now: () => new Date(now), autoCompleteActionMs: null });
    return {
      adapter,
      async completeAction(result, outcome) {
        // The action URL ends with the id of what waits on the bank (a purchase or a plan change).
        adapter.completeAction(result.actionUrl.slice(result.actionUrl.lastIndexOf('/') + 1), outcome);
      },
      advanceClock(ms) {
        now += ms;
      },
      chargeCount: () => adapter.charges().length,
      async close() {},
    };
  },
};
