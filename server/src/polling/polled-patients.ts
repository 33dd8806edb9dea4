import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { ReadingStore } from '../store/store';

/** PATIENT_IDS with the operators' run-time changes (startPolling/stopPolling) applied. */
export async function polledPatients(config: Config, store: ReadingStore, logger: Logger): Promise<number[]> {
  try {
    const overrides = await store.patientOverrides();
    const ids = new Set(config.patientIds);
    for (const [id, change] of overrides) {
      if (change === 'add') ids.add(id);
      else ids.delete(id);
    }
    return [...ids];
  } catch (error) {
    logger.warn(
      { err: { message: (error as Error).message } },
      'could not read run-time patient changes; polling PATIENT_IDS',
    );
    return config.patientIds;
  }
}
