import type { ConnectionKind } from './connection-state';
import { STALE_AFTER_MS } from './reading-rate';

/** Mirrors the API's PatientStatus. */
export type ServerStatus = 'UNKNOWN' | 'LIVE' | 'STALE' | 'FAILING';

export type DisplayStatus = 'live' | 'stale' | 'failing' | 'waiting' | 'disconnected';

export interface StatusView {
  readonly kind: DisplayStatus;
  readonly label: string;
  readonly hint: string;
}

export interface StatusInput {
  readonly server: ServerStatus | null;
  /** When the server status was fetched (epoch ms). */
  readonly serverAt: number;
  /** Newest reading seen, from the query or the subscription (epoch ms). */
  readonly lastReadingAt: number | null;
  readonly now: number;
  readonly connection: ConnectionKind;
}

const VIEWS: Record<DisplayStatus, Omit<StatusView, 'kind'>> = {
  live: { label: 'Live', hint: 'Readings are arriving' },
  stale: { label: 'Stale', hint: 'No fresh reading recently' },
  failing: { label: 'Failing', hint: 'The monitor does not answer' },
  waiting: { label: 'Waiting', hint: 'No reading received yet' },
  disconnected: { label: 'Not live', hint: 'Dashboard is not connected to the server' },
};

/**
 * Combines the server's view of a patient's feed with what this browser sees: a fresh reading
 * over the live link is live; an old one is stale even if the server said LIVE when asked; a
 * lost link means nothing shown is live.
 */
export function deriveStatus(input: StatusInput): StatusView {
  const kind = deriveKind(input);
  return { kind, ...VIEWS[kind] };
}

function deriveKind({ server, serverAt, lastReadingAt, now, connection }: StatusInput): DisplayStatus {
  if (connection !== 'connected') return 'disconnected';
  const fresh = lastReadingAt !== null && now - lastReadingAt <= STALE_AFTER_MS;
  const readingNewerThanStatus = lastReadingAt !== null && lastReadingAt > serverAt;
  if (fresh && (readingNewerThanStatus || server === 'LIVE' || server === null)) return 'live';
  if (server === 'FAILING') return 'failing';
  if (lastReadingAt === null) return server === 'STALE' ? 'stale' : 'waiting';
  return 'stale';
}
