import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Lifecycle } from '../runtime/lifecycle';
import type { ReadingStore } from '../store/store';
import { GaitTracker } from './analysis/gait-tracker';
import { GaitEngine } from './gait-engine';
import type { GaitMinute } from './gait-summary';

/**
 * The gait engine of this instance, stopped by the lifecycle after polling has stopped (its last
 * minutes reach the archive). Undefined with GAIT=off.
 */
export function openGait(
  config: Config,
  store: ReadingStore,
  onMinutes: ((minutes: readonly GaitMinute[]) => void) | undefined,
  { logger, lifecycle }: { logger: Logger; lifecycle: Lifecycle },
): GaitEngine | undefined {
  if (!config.gait) {
    logger.warn('GAIT=off: no gait analytics');
    return undefined;
  }
  const engine = new GaitEngine({
    store,
    logger,
    createTracker: (patientId) => new GaitTracker(patientId),
    ...(onMinutes ? { onMinutes } : {}),
    idleMs: (config.maxSec + config.clearDelaySec) * 1000,
  });
  lifecycle.own('gait analytics', engine, (e) => e.stop());
  engine.start();
  return engine;
}
