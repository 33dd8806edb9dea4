import type { Registry } from 'prom-client';
import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Lifecycle } from '../runtime/lifecycle';
import type { ReadingStore } from '../store/store';
import { openArchive, type Archive } from './open-archive';

export interface ArchiveDeps {
  logger: Logger;
  lifecycle: Lifecycle;
  /** Where the archive's metrics go (the server's /metrics registry). */
  registry: Registry;
  /** CLUSTER=on: the patients whose minutes this instance writes (catch-ups). @default every known patient */
  ownedPatients?: () => Promise<readonly number[]>;
}

/**
 * The archive as the composition root starts it: opened from the configuration and owned by the
 * lifecycle, which closes it after polling stopped and the write queue's last readings reached it
 * (it is opened before ingest, so it is closed after). Undefined with ARCHIVE=off.
 */
export async function startArchive(
  config: Config,
  store: ReadingStore,
  { logger, lifecycle, registry, ownedPatients }: ArchiveDeps,
): Promise<Archive | undefined> {
  const settings = config.archive;
  if (!settings.enabled) {
    logger.warn('ARCHIVE=off: readings are kept only for the live window (MAX_SEC); history ends there');
    return undefined;
  }
  const archive = await openArchive({
    databaseUrl: settings.databaseUrl,
    dataDir: settings.dataDir,
    schema: settings.schema,
    archiveRetentionDays: settings.archiveRetentionDays,
    rollupRetentionDays: settings.rollupRetentionDays,
    windowMs: (config.maxSec + config.clearDelaySec) * 1000,
    store,
    logger,
    registry,
    ...(ownedPatients ? { ownedPatients } : {}),
  });
  const grace = Math.max(1000, (config.shutdownGraceSec * 1000) / 2);
  return lifecycle.own('archive', archive, (a) => a.close(grace));
}

/**
 * The hooks in order (episode detectors first: alarms before archiving), or whichever exists. One
 * that throws does not keep the next from running; the first error is rethrown after all ran (the
 * write queue logs it).
 */
export function chainOnStored<T>(
  ...hooks: readonly (((value: T) => void) | undefined)[]
): ((value: T) => void) | undefined {
  const present = hooks.filter((h): h is (value: T) => void => h !== undefined);
  if (present.length <= 1) return present[0];
  return (value) => {
    let failure: { error: unknown } | undefined;
    for (const hook of present) {
      try {
        hook(value);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  };
}
