import type { EpisodeCursor } from './episode-store';

/** Opaque cursors over the newest-first episode order; versioned like the anomaly cursors. */
const PREFIX = 'episode:v1:';

export function encodeEpisodeCursor(c: EpisodeCursor): string {
  return Buffer.from(`${PREFIX}${c.startedAt}:${c.id}`).toString('base64url');
}

/** The position in the cursor, or undefined when it is not one of ours. */
export function decodeEpisodeCursor(cursor: string): EpisodeCursor | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^episode:v1:(\d{1,15}):(\d+-[A-Z_]+-\d+)$/.exec(text);
  return match ? { startedAt: Number(match[1]), id: match[2]! } : undefined;
}
