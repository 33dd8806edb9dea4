import type { ReplayState } from '../../graphql/generated';

/** The speeds the server replays at. */
export const REPLAY_SPEEDS = [1, 2, 10] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export const STATE_LABELS: Record<ReplayState, string> = {
  PLAYING: 'Playing',
  PAUSED: 'Paused',
  STOPPED: 'Stopped',
  FINISHED: 'Finished',
};

/** A recording time: "0:07", "12:34", "1:02:03". */
export function clockText(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Rows sent over rows in all, 0..100 (whole percent, 100 only when all are sent). */
export function percentSent(sent: number, total: number): number {
  if (total <= 0) return 0;
  if (sent >= total) return 100;
  return Math.min(99, Math.floor((sent / total) * 100));
}

/** A detected sample rate: "4 Hz", "5.2 Hz", "0.25 Hz". */
export function rateText(samplesPerSecond: number): string {
  if (!Number.isFinite(samplesPerSecond) || samplesPerSecond <= 0) return '—';
  const rounded =
    samplesPerSecond >= 10 ? Math.round(samplesPerSecond) : Number(samplesPerSecond.toPrecision(2));
  return `${rounded} Hz`;
}

/** A replay that can still be paused, resumed or stopped. */
export function isActive(state: ReplayState): boolean {
  return state === 'PLAYING' || state === 'PAUSED';
}

/** A name for the replayed patient from the file's name: "walk-03.csv" -> "walk-03". */
export function nameFromFile(fileName: string): string {
  return (
    fileName
      .replace(/\.[^.]*$/, '')
      .trim()
      .slice(0, 100) || 'Recording'
  );
}
