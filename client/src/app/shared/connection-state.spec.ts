import {
  INITIAL_CONNECTION,
  nextConnectionState,
  OFFLINE_AFTER_MS,
  type ConnectionEvent,
  type ConnectionState,
} from './connection-state';

function run(
  events: [ConnectionEvent['type'], number][],
  from: ConnectionState = { ...INITIAL_CONNECTION, since: 0 },
) {
  return events.reduce((s, [type, now]) => nextConnectionState(s, { type } as ConnectionEvent, now), from);
}

describe('connection state', () => {
  it('connects', () => {
    expect(
      run([
        ['connecting', 0],
        ['connected', 100],
      ]),
    ).toEqual({ kind: 'connected', since: 100, attempts: 0 });
  });

  it('keeps the moment the link was lost across retries', () => {
    const s = run([
      ['connected', 100],
      ['closed', 1000],
      ['connecting', 1500],
      ['closed', 2000],
      ['connecting', 4000],
    ]);
    expect(s).toEqual({ kind: 'reconnecting', since: 1000, attempts: 2 });
  });

  it('turns offline after retrying for a while, and connected when the server is back', () => {
    let s = run([
      ['connected', 0],
      ['closed', 1000],
      ['tick', 2000],
    ]);
    expect(s.kind).toBe('reconnecting');
    s = nextConnectionState(s, { type: 'tick' }, 1000 + OFFLINE_AFTER_MS);
    expect(s).toMatchObject({ kind: 'offline', since: 1000 });
    s = nextConnectionState(s, { type: 'connected' }, 50_000);
    expect(s).toEqual({ kind: 'connected', since: 50_000, attempts: 0 });
  });

  it('follows the browser going offline and online', () => {
    let s = run([
      ['connected', 0],
      ['browser-offline', 500],
    ]);
    expect(s).toMatchObject({ kind: 'offline', since: 500 });
    s = nextConnectionState(s, { type: 'browser-online' }, 900);
    expect(s).toMatchObject({ kind: 'reconnecting', since: 500 });
  });

  it('ignores ticks while connected', () => {
    const s = run([
      ['connected', 0],
      ['tick', 999_999],
    ]);
    expect(s.kind).toBe('connected');
  });

  it('stops at a refusal of the credentials until a sign-in', () => {
    const s = run([
      ['connected', 0],
      ['unauthorized', 500],
      ['tick', 60_000],
      ['unauthorized', 70_000],
    ]);
    expect(s).toEqual({ kind: 'unauthorized', since: 500, attempts: 0 });
    expect(nextConnectionState(s, { type: 'connected' }, 80_000).kind).toBe('connected');
  });
});
