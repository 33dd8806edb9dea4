import { describeEpisodeStoreContract } from '../support/episode-store-contract';
import { openRedisEpisodeStore } from '../support/episode-stores';

describeEpisodeStoreContract('Redis', () => openRedisEpisodeStore('episodes'));
