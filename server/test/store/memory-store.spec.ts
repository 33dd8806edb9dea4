import { MemoryStore } from '../../src/store/memory-store';
import { describeStoreContract } from '../support/store-contract';

describeStoreContract('embedded memory store', async () => {
  const prefix = 'mem:';
  return { store: new MemoryStore(prefix), prefix, dispose: async () => undefined };
});
