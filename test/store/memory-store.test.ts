/** The store contract against the in-memory store (tests and Storybook only). */
import { createMemoryStore } from '../../src/server/index';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async (options) => createMemoryStore(options));
