import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Poller } from '../polling/poller';
import type { ReadingStore } from '../store/store';
import type { EpisodeStore } from '../episodes/episode-store';
import type { SummaryFeed } from '../overview/summary-feed';
import type { AccessControl } from '../auth/access-control';
import type { Principal } from '../auth/principal';
import type { Archive } from '../archive/open-archive';
import type { ExportLinks } from '../export/export-link';
import type { PushIngest } from '../push/push-ingest';
import type { Replays } from '../replay/replays';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { GaitEngine } from '../gait/gait-engine';

/** What resolvers reach: the running services, nothing request-specific yet. */
export interface Services {
  readonly config: Config;
  readonly store: ReadingStore;
  readonly episodes: EpisodeStore;
  /** The ward overview's feed. */
  readonly overview: SummaryFeed;
  readonly poller: Poller;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly access: AccessControl;
  /** The long-term archive; undefined with ARCHIVE=off (history then ends at the live window). */
  readonly archive: Archive | undefined;
  /** Gait analysis of the patients this instance stores; undefined with GAIT=off. */
  readonly gait: GaitEngine | undefined;
  /**
   * With CLUSTER=on, which patients this instance owns; `refreshPolling` re-reads the cluster-wide
   * polled set and polls this instance's share. Undefined for a single instance.
   */
  readonly cluster: { readonly coordinator: ClusterCoordinator; refreshPolling(): Promise<void> } | undefined;
  /** Recordings replayed live (POST /ingest/v1/recordings, then startReplay). */
  readonly replays: Replays;
  /** Readings pushed by devices (POST /ingest/v1/readings). */
  readonly push: PushIngest;
  /** Signs and checks CSV export links. */
  readonly exportLinks: ExportLinks;
}

/** The WebSocket an operation arrived on, when it came over graphql-ws. */
export interface ConnectionHandle {
  close(code: number, reason: string): void;
}

export interface Context {
  readonly services: Services;
  /** The authenticated caller (ANONYMOUS_OPERATOR when AUTH=off). */
  readonly principal: Principal;
  /**
   * Present over WebSocket. Subscription executions are shared between subscribers of the same
   * document, so resolvers must never read this: it belongs to whichever subscriber came first.
   */
  readonly connection?: ConnectionHandle;
}
