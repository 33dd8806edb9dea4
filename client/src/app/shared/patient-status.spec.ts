import { deriveStatus, type StatusInput } from './patient-status';
import { STALE_AFTER_MS } from './reading-rate';

const base: StatusInput = {
  server: 'LIVE',
  serverAt: 1000,
  lastReadingAt: 1000,
  now: 1500,
  connection: 'connected',
};

describe('deriveStatus', () => {
  it('is live with a fresh reading', () => {
    expect(deriveStatus(base).kind).toBe('live');
  });

  it('turns stale when readings stop, even if the server said LIVE', () => {
    expect(deriveStatus({ ...base, now: 1000 + STALE_AFTER_MS + 1 }).kind).toBe('stale');
  });

  it('is live again when a reading newer than a STALE/FAILING status arrives', () => {
    expect(deriveStatus({ ...base, server: 'STALE', lastReadingAt: 1200 }).kind).toBe('live');
    expect(deriveStatus({ ...base, server: 'FAILING', lastReadingAt: 1200 }).kind).toBe('live');
  });

  it('reports failing and stale from the server when nothing newer is known', () => {
    expect(deriveStatus({ ...base, server: 'FAILING' })).toMatchObject({ kind: 'failing', label: 'Failing' });
    expect(deriveStatus({ ...base, server: 'STALE' }).kind).toBe('stale');
    expect(deriveStatus({ ...base, server: 'STALE', lastReadingAt: null }).kind).toBe('stale');
  });

  it('waits for a first reading', () => {
    expect(deriveStatus({ ...base, server: 'UNKNOWN', lastReadingAt: null }).kind).toBe('waiting');
  });

  it('never claims live without the connection', () => {
    expect(deriveStatus({ ...base, connection: 'reconnecting' })).toMatchObject({
      kind: 'disconnected',
      label: 'Not live',
    });
  });
});
