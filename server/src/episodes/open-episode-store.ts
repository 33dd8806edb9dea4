import { MemoryStore } from '../store/memory-store';
import { RedisStore } from '../store/redis-store';
import type { ReadingStore } from '../store/store';
import type { EpisodeStore } from './episode-store';
import { MemoryEpisodeStore } from './memory-episode-store';
import { RedisEpisodeStore } from './redis-episode-store';

/** Episodes live beside the readings: in the same Redis, or in this process with the embedded store. */
export function openEpisodeStore(store: ReadingStore): EpisodeStore {
  if (store instanceof RedisStore) {
    return new RedisEpisodeStore(store.connection);
  }
  if (store instanceof MemoryStore) return new MemoryEpisodeStore();
  throw new Error(`no episode store for a ${store.kind} store`);
}
