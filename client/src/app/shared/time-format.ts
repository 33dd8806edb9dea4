/** Formats epoch ms as a wall-clock time in the browser's zone, or in UTC on request. */
export function formatTime(t: number, utc: boolean, withMillis = false): string {
  const d = new Date(t);
  const [h, m, s] = utc
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds()];
  const base = `${pad(h)}:${pad(m)}:${pad(s)}`;
  if (!withMillis) return base;
  const ms = utc ? d.getUTCMilliseconds() : d.getMilliseconds();
  return `${base}.${String(ms).padStart(3, '0')}`;
}

export function formatDateTime(t: number, utc: boolean): string {
  const d = new Date(t);
  const [y, mo, day] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  return `${y}-${pad(mo)}-${pad(day)} ${formatTime(t, utc)}`;
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function formatAgo(t: number, now: number): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** "45 s", "1 min 5 s", "2 h 3 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

export function timeZoneName(utc: boolean): string {
  if (utc) return 'UTC';
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
