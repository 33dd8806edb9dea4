import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Lifecycle } from '../runtime/lifecycle';
import type { ReadingStore } from '../store/store';
import { EpisodeEngine } from './episode-engine';
import type { EpisodeStore } from './episode-store';
import { openEpisodeStore } from './open-episode-store';

export interface EpisodeParts {
  readonly store: EpisodeStore;
  /** Absent with EPISODES=off: nothing is detected, stored episodes are still served. */
  readonly engine: EpisodeEngine | undefined;
}

/**
 * The episode store and the detectors' engine, which the lifecycle stops (writing their state)
 * after polling has stopped and its readings are stored.
 */
export function openEpisodes(
  config: Config,
  readings: ReadingStore,
  monitored: () => Iterable<number>,
  { logger, lifecycle }: { logger: Logger; lifecycle: Lifecycle },
): EpisodeParts {
  const store = openEpisodeStore(readings);
  if (!config.episodes.enabled) {
    logger.warn('EPISODES=off: no episode is detected');
    return { store, engine: undefined };
  }
  const { detectors, realarmMs } = config.episodes;
  const engine = new EpisodeEngine({ store, detectors, realarmMs, monitored, logger });
  lifecycle.own('episode detectors', engine, (e) => e.stop());
  engine.start();
  return { store, engine };
}
