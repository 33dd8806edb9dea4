import { history, type History } from '../archive/history';
import type { Archive } from '../archive/open-archive';
import { isGaitMetric, metricOf, rank, type PatientRanking, type RankingMetric } from '../archive/rankings';
import type { MinuteSamples } from '../archive/minute-samples';
import { ArchiveQueryError, loadRange, resolveQueryOptions } from '../archive/range-sources';
import { stats, type PatientStats } from '../archive/stats';
import type { EpisodeStore } from '../episodes/episode-store';
import type { ReadingStore } from '../store/store';

/** What the history queries read: the archive (absent with ARCHIVE=off), the live window, episodes. */
export interface HistorySources {
  readonly archive: Archive | undefined;
  readonly store: ReadingStore;
  readonly episodes: EpisodeStore;
  /** How far back the store holds every reading, ms ((MAX_SEC + CLEAR_DELAY) * 1000). */
  readonly windowMs: number;
}

/** The archive is off (ARCHIVE=off) and the question needs it. */
export class ArchiveOffError extends Error {
  override readonly name = 'ArchiveOffError';
}

/** `from` strictly before `to`: an empty range is a caller's mistake, not an empty answer. */
export function checkOrder(from: number, to: number): void {
  if (!(from < to)) {
    throw new ArchiveQueryError(
      `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
    );
  }
}

/** `history` from the archive and the live window, or from the window alone with ARCHIVE=off. */
export async function patientHistory(
  sources: HistorySources,
  patientId: number,
  from: number,
  to: number,
  maxPoints: number,
): Promise<History> {
  checkOrder(from, to);
  return (
    sources.archive?.history(patientId, from, to, maxPoints) ??
    history(undefined, sources.store, patientId, from, to, maxPoints, { windowMs: sources.windowMs })
  );
}

/** The raw minutes of [from, to] (inclusive, sliced), from the archive and the window or the window alone. */
export async function rawMinutes(
  sources: HistorySources,
  patientId: number,
  from: number,
  to: number,
): Promise<MinuteSamples[]> {
  if (sources.archive !== undefined) return sources.archive.minutes(patientId, from, to);
  const options = resolveQueryOptions({ windowMs: sources.windowMs });
  return (await loadRange(undefined, sources.store, patientId, from, to, false, options)).raw;
}

export interface PatientSummary extends PatientStats {
  readonly patientId: number;
  /** Episodes that started in [from, to]. */
  readonly episodeCount: number;
}

/** `stats` and the count of episodes that started in the range. */
export async function patientSummary(
  sources: HistorySources,
  patientId: number,
  from: number,
  to: number,
): Promise<PatientSummary> {
  checkOrder(from, to);
  const [figures, episodes] = await Promise.all([
    sources.archive?.stats(patientId, from, to) ??
      stats(undefined, sources.store, patientId, from, to, { windowMs: sources.windowMs }),
    sources.episodes.list({ patientIds: [patientId], from, to, first: 1 }),
  ]);
  return { ...figures, patientId, episodeCount: episodes.total };
}

/** Patients whose episode counts are asked for at once. */
const EPISODE_COUNT_BATCH = 50;

/**
 * The `first` patients with the highest `metric` over [from, to]: episodes from the episode store,
 * the rest from the archive's rollups (hour rows for whole hours). Patients are those with
 * readings archived in the range (and, for EPISODES, every patient the store knows).
 */
export async function topPatients(
  sources: HistorySources,
  metric: RankingMetric,
  from: number,
  to: number,
  first: number,
  now = Date.now(),
): Promise<PatientRanking[]> {
  checkOrder(from, to);
  if (sources.archive === undefined) {
    throw new ArchiveOffError('rankings are computed from the archive, which is off (ARCHIVE=off)');
  }
  // The totals' range is half-open on minutes: the minute holding `to` is included whole.
  const totals = await sources.archive.totals(from, to + 1);
  if (isGaitMetric(metric)) {
    const readings = new Map(totals.map((t) => [t.patientId, t.readings]));
    const gait = await sources.archive.gaitTotals(from, to + 1);
    const values = gait
      // A patient with no walking minute has no asymmetry to rank: absent, not 0.
      .filter((g) => metric === 'WALKING_MINUTES' || g.asymmetry !== null)
      .map((g) => ({
        patientId: g.patientId,
        value: metric === 'WALKING_MINUTES' ? g.walkingMinutes : g.asymmetry!,
        readingCount: readings.get(g.patientId) ?? 0,
      }));
    return rank(values, first);
  }
  if (metric !== 'EPISODES') {
    const values = totals.map((t) => ({
      patientId: t.patientId,
      value: metricOf(metric, t, from, to, { now }),
      readingCount: t.readings,
    }));
    return rank(values, first);
  }
  const readings = new Map(totals.map((t) => [t.patientId, t.readings]));
  const patients = [...new Set([...readings.keys(), ...(await sources.store.knownPatients())])];
  const values: { patientId: number; value: number; readingCount: number }[] = [];
  for (let i = 0; i < patients.length; i += EPISODE_COUNT_BATCH) {
    const batch = patients.slice(i, i + EPISODE_COUNT_BATCH);
    const pages = await Promise.all(
      batch.map((p) => sources.episodes.list({ patientIds: [p], from, to, first: 1 })),
    );
    batch.forEach((patientId, k) =>
      values.push({ patientId, value: pages[k]!.total, readingCount: readings.get(patientId) ?? 0 }),
    );
  }
  return rank(values, first);
}
