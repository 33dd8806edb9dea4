import { MemoryEpisodeStore } from '../../src/episodes/memory-episode-store';
import { describeEpisodeStoreContract } from '../support/episode-store-contract';

describeEpisodeStoreContract('embedded memory store', async () => ({
  store: new MemoryEpisodeStore(),
  dispose: async () => undefined,
}));
