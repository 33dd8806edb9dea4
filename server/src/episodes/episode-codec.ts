import {
  EPISODE_KINDS,
  SEVERITIES,
  type Episode,
  type EpisodeCore,
  type EpisodeEventType,
  type EpisodeNote,
} from './episode';
import type { EpisodeEvent } from './episode-store';

/**
 * Stored episodes back to objects. The JSON is Plantar's own, but Redis is shared ground: anything
 * that does not read as an episode is reported as such rather than passed on half-typed.
 */
export class CorruptEpisodeError extends Error {
  override readonly name = 'CorruptEpisodeError';
}

export function decodeCore(json: string): EpisodeCore {
  const v = JSON.parse(json) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new CorruptEpisodeError(`stored episode ${String(v['id'])}: expected ${what}`);
  };
  if (typeof v['id'] !== 'string') fail("'id' to be a string");
  if (!Number.isInteger(v['patientId'])) fail("'patientId' to be an integer");
  if (!EPISODE_KINDS.includes(v['kind'] as never)) fail("'kind' to be an episode kind");
  if (!SEVERITIES.includes(v['severity'] as never)) fail("'severity' to be a severity");
  if (typeof v['startedAt'] !== 'number' || typeof v['lastFlaggedAt'] !== 'number') fail('numeric times');
  if (v['endedAt'] !== null && typeof v['endedAt'] !== 'number') fail("'endedAt' to be a number or null");
  if (!Array.isArray(v['sensors'])) fail("'sensors' to be a list");
  return v as unknown as EpisodeCore;
}

export function decodeNote(json: string): EpisodeNote {
  const v = JSON.parse(json) as Partial<EpisodeNote>;
  if (typeof v.at !== 'number' || typeof v.by !== 'string' || typeof v.text !== 'string') {
    throw new CorruptEpisodeError(`stored note is not {at, by, text}: ${json.slice(0, 80)}`);
  }
  return v as EpisodeNote;
}

/** An episode from its stored fields: `core` JSON, `ackAt`/`ackBy` (empty or missing when none), note JSONs. */
export function decodeEpisode(
  core: string,
  ackAt: string | null | undefined,
  ackBy: string | null | undefined,
  notes: readonly string[],
): Episode {
  return {
    ...decodeCore(core),
    acknowledgement: ackAt ? { at: Number(ackAt), by: ackBy ?? '' } : null,
    notes: notes.map(decodeNote),
  };
}

/** A published event (see episode-scripts.ts `event_json`), already parsed by the pub/sub. */
export function decodeEvent(message: unknown): EpisodeEvent {
  const m = message as {
    type: EpisodeEventType;
    core: EpisodeCore;
    ackAt: number | string | null;
    ackBy: string | null;
    notes: EpisodeNote[];
  };
  return {
    type: m.type,
    episode: {
      ...m.core,
      acknowledgement: m.ackAt === null ? null : { at: Number(m.ackAt), by: m.ackBy ?? '' },
      notes: m.notes,
    },
  };
}

/** The patient an episode id belongs to (ids are `${patientId}-${kind}-${startedAt}`); undefined for a malformed id. */
export function patientOfEpisode(id: string): number | undefined {
  const match = /^(\d+)-[A-Z_]+-\d+$/.exec(id);
  return match ? Number(match[1]) : undefined;
}
