import type { Poller } from '../polling/poller';
import type { ReadingStore } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { ReadinessCheck } from './health';

/** How long /readyz waits for the store's answer before reporting it unreachable. */
const PING_TIMEOUT_MS = 1000;

/** /readyz: the poller runs, the store answers, and writes are not failing. */
export function readiness(store: ReadingStore, poller: Poller, writeQueue: WriteQueue): ReadinessCheck {
  return async () => {
    const problems: string[] = [];
    if (!poller.isRunning) problems.push('poller not running');
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), PING_TIMEOUT_MS).unref()),
      ]);
    } catch (error) {
      problems.push(`store unreachable: ${(error as Error).message}`);
    }
    if (!writeQueue.healthy) problems.push(`store writes failing; ${writeQueue.size} readings buffered`);
    return problems;
  };
}
