import { PubSub } from 'graphql-subscriptions';
import type { EpisodeStore } from '../episodes/episode-store';
import type { Logger } from '../observability/logger';
import type { Poller } from '../polling/poller';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import { SummaryBoard, type GaitOf, type PatientSummary, type StatusOf } from './summary-board';

export interface SummaryBatch {
  readonly at: number;
  readonly summaries: readonly PatientSummary[];
}

export interface SummaryFeedOptions {
  store: ReadingStore;
  episodes: EpisodeStore;
  poller: Poller;
  /** STALE after this long without a reading, for patients another instance polls. */
  staleAfterMs: number;
  /** A patient's values go out at most this often. @default 500 (2 Hz) */
  intervalMs?: number;
  logger: Logger;
  /** Gait state and cadence per patient (the gait engine). @default none */
  gaitOf?: GaitOf;
}

const TOPIC = 'summaries';
/** Episodes loaded when the feed starts: every one that is active or unacknowledged. */
const MAX_LIVE_EPISODES = 100_000;

/**
 * The ward overview's feed: every patient's newest state, at most twice a second each, at once on
 * what matters (summary-board.ts). It runs while someone subscribes: one listener on every
 * patient's readings and episodes of the store (all instances' patients, through its pub/sub), one
 * batch a tick for all subscribers. A ward of 1,000 patients at 5 Hz is 5,000 readings a second in,
 * at most 2,000 summaries a second out, in two messages.
 */
export class SummaryFeed {
  private readonly out = new PubSub();
  private subscribers = 0;
  private running: { stop: () => Promise<void> } | undefined;
  private readonly intervalMs: number;
  readonly statusOf: StatusOf;

  constructor(private readonly o: SummaryFeedOptions) {
    this.intervalMs = o.intervalMs ?? 500;
    this.statusOf = (id, at, now) => {
      if (o.poller.has(id)) return o.poller.status(id, now);
      if (at === undefined) return 'UNKNOWN';
      return now - at > o.staleAfterMs ? 'STALE' : 'LIVE';
    };
  }

  /** Every patient as it is now, from the store: what a client shows before the first batch. */
  async snapshot(): Promise<PatientSummary[]> {
    const board = await this.warmBoard();
    return board.snapshot(Date.now());
  }

  /** Batches of changed summaries; the feed runs while at least one is open. */
  subscribe(): AsyncIterableIterator<SummaryBatch> {
    const source = this.out.asyncIterableIterator<SummaryBatch>(TOPIC);
    if (this.subscribers++ === 0) this.start();
    let open = true;
    const release = async () => {
      if (!open) return;
      open = false;
      if (--this.subscribers === 0) await this.stop();
    };
    const iterator: AsyncIterableIterator<SummaryBatch> = {
      next: () => source.next(),
      return: async () => {
        await release();
        return (await source.return?.()) ?? { done: true, value: undefined };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private start(): void {
    let stopped = false;
    const readings = this.o.store.subscribe('readings', 'all');
    const episodes = this.o.episodes.subscribe('all');
    const boardReady = this.warmBoard();
    let urgentScheduled = false;
    const publish = (board: SummaryBoard, urgentOnly: boolean) => {
      const summaries = board.take(Date.now(), this.intervalMs, urgentOnly);
      if (summaries.length > 0)
        void this.out.publish(TOPIC, { at: Date.now(), summaries } satisfies SummaryBatch);
    };
    const pump = async <T>(
      source: AsyncIterableIterator<T>,
      apply: (board: SummaryBoard, value: T) => void,
    ) => {
      const board = await boardReady;
      for (;;) {
        const next = await source.next();
        if (next.done || stopped) return;
        apply(board, next.value);
      }
    };
    void pump(readings, (board, r: Reading) => board.reading(r)).catch((error: Error) =>
      this.o.logger.error({ err: error }, 'overview feed stopped following readings'),
    );
    void pump(episodes, (board, event) => {
      board.episode(event.episode);
      if (urgentScheduled) return;
      urgentScheduled = true;
      // What a carer acts on goes out at once, episodes of the same turn together.
      setImmediate(() => {
        urgentScheduled = false;
        if (!stopped) publish(board, true);
      });
    }).catch((error: Error) =>
      this.o.logger.error({ err: error }, 'overview feed stopped following episodes'),
    );
    const timer = setInterval(() => {
      void boardReady.then((board) => {
        board.track(this.o.poller.patientIds());
        if (!stopped) publish(board, false);
      });
    }, this.intervalMs);
    timer.unref();
    this.running = {
      stop: async () => {
        stopped = true;
        clearInterval(timer);
        await Promise.all([readings.return?.(), episodes.return?.()]);
      },
    };
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }

  /** A board with every known and polled patient's newest reading and live episodes. */
  private async warmBoard(): Promise<SummaryBoard> {
    const board = new SummaryBoard(this.statusOf, this.o.gaitOf);
    const ids = [...new Set([...this.o.poller.patientIds(), ...(await this.o.store.knownPatients())])];
    board.track(ids);
    const [latest, live] = await Promise.all([
      Promise.all(ids.map((id) => this.o.poller.latest(id) ?? this.o.store.latest(id))),
      this.o.episodes.list({
        statuses: ['ACTIVE_UNACKNOWLEDGED', 'ACTIVE_ACKNOWLEDGED', 'CLEARED_UNACKNOWLEDGED'],
        first: MAX_LIVE_EPISODES,
      }),
    ]);
    for (const r of latest) if (r !== undefined) board.reading(r);
    for (const e of live.items) board.episode(e);
    return board;
  }
}
