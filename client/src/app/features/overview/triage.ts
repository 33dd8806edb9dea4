import type { DisplayStatus, ServerStatus } from '../../shared/patient-status';
import type { Severity } from '../../graphql/generated';
import type { PatientView, Priority } from './patient-view';

export type SortKey = 'triage' | 'name' | 'id' | 'last-reading' | 'anomalies';
export const SORT_KEYS: readonly SortKey[] = ['triage', 'name', 'id', 'last-reading', 'anomalies'];

/** The statuses one can filter on, by the server's view (a lost link does not empty the list). */
export type StatusFilter = Exclude<DisplayStatus, 'disconnected'>;
export const STATUS_FILTERS: readonly StatusFilter[] = ['live', 'stale', 'failing', 'waiting'];

export interface PatientFilter {
  readonly query: string;
  /** Empty: every status. */
  readonly statuses: readonly StatusFilter[];
  readonly disabled: 'any' | 'yes' | 'no';
  readonly openEpisode: boolean;
}

export function priorityOf(p: {
  readonly attention: Severity | null;
  readonly unacknowledgedEpisodes: number;
  readonly serverStatus: ServerStatus;
}): Priority {
  if (p.attention === 'HIGH') return 0;
  if (p.unacknowledgedEpisodes > 0) return 1;
  if (p.serverStatus === 'FAILING' || p.serverStatus === 'STALE') return 2;
  return 3;
}

/** Patients an alarm is waiting on: what screen readers are told the count of. */
export function needsAttention(p: Pick<PatientView, 'priority'>): boolean {
  return p.priority <= 1;
}

const SERVER_TO_FILTER: Record<ServerStatus, StatusFilter> = {
  LIVE: 'live',
  STALE: 'stale',
  FAILING: 'failing',
  UNKNOWN: 'waiting',
};

/** Lower case without diacritics, so "wisniewska" finds "Wiśniewska" and "lukasz" "Łukasz". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase();
}

/**
 * A predicate for the filter. The query matches an id exactly ("12" or "#12") or any part of the
 * name, first name first or surname first ("kowalska anna" finds Anna Kowalska).
 */
export function matcher(filter: PatientFilter): (p: PatientView) => boolean {
  const words = fold(filter.query).replace(/^#/, '').split(/\s+/).filter(Boolean);
  const id = words.length === 1 && /^\d+$/.test(words[0]) ? Number(words[0]) : null;
  const statuses = new Set(filter.statuses);
  return (p) => {
    if (statuses.size > 0 && !statuses.has(SERVER_TO_FILTER[p.serverStatus])) return false;
    if (filter.disabled !== 'any' && !!p.disabled !== (filter.disabled === 'yes')) return false;
    if (filter.openEpisode && p.openEpisodes === 0) return false;
    if (words.length === 0 || p.id === id) return true;
    const name = fold(`${p.firstName ?? ''} ${p.lastName ?? ''} ${p.name}`);
    return words.every((w) => name.includes(w));
  };
}

const collator = new Intl.Collator('pl', { sensitivity: 'base', numeric: true });

/** Surname, then first name, then id: a ward has namesakes. */
export function byName(a: PatientView, b: PatientView): number {
  return (
    collator.compare(a.lastName ?? a.name, b.lastName ?? b.name) ||
    collator.compare(a.firstName ?? '', b.firstName ?? '') ||
    a.id - b.id
  );
}

/**
 * Readings younger than this count as "now" when sorting by last reading: live patients would
 * otherwise swap places twice a second as their readings arrive.
 */
export const LIVE_SORT_MS = 5_000;

/**
 * The order of a sort. Every order ends in name and id, so a patient only moves when what is
 * sorted on changes: in triage order, only when its priority class changes.
 */
export function comparator(sort: SortKey, now: number): (a: PatientView, b: PatientView) => number {
  switch (sort) {
    case 'triage':
      return (a, b) => a.priority - b.priority || byName(a, b);
    case 'name':
      return byName;
    case 'id':
      return (a, b) => a.id - b.id;
    case 'anomalies':
      // Not counted yet (the counts come after the first screen): after every counted one.
      return (a, b) => (b.anomaliesLastHour ?? -1) - (a.anomaliesLastHour ?? -1) || byName(a, b);
    case 'last-reading': {
      // Longest silent first (never read before that); live ones together, by name.
      // A finite stand-in for "never": Infinity - Infinity would be NaN.
      const silence = (p: PatientView) =>
        p.lastReadingAt === null
          ? Number.MAX_SAFE_INTEGER
          : now - p.lastReadingAt < LIVE_SORT_MS
            ? 0
            : now - p.lastReadingAt;
      return (a, b) => silence(b) - silence(a) || byName(a, b);
    }
  }
}

export function arrange(
  patients: readonly PatientView[],
  filter: PatientFilter,
  sort: SortKey,
  now: number,
): PatientView[] {
  return patients.filter(matcher(filter)).sort(comparator(sort, now));
}
