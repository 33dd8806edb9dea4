import { PlantarCloseCode } from '../../src/protocol/close-code';
import WebSocket from 'ws';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';

const SECRET = 'auth-e2e-secret-'.padEnd(48, 'z');

async function gql(
  server: PlantarServer,
  query: string,
  token?: string,
  variables?: Record<string, unknown>,
) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as {
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: res.status, headers: res.headers, ...body };
}

/** Opens a graphql-transport-ws socket; resolves with the ack, or the close code if refused. */
function connect(server: PlantarServer, token: string | undefined, headers: Record<string, string> = {}) {
  return new Promise<{ ws: WebSocket; acked: boolean; code?: number; status?: number }>((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', {
      headers,
    });
    ws.once('unexpected-response', (_req, res) => resolve({ ws, acked: false, status: res.statusCode }));
    ws.once('open', () =>
      ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { token } : {} })),
    );
    ws.once('message', (m) => resolve({ ws, acked: JSON.parse(String(m)).type === 'connection_ack' }));
    ws.once('close', (code) => resolve({ ws, acked: false, code }));
    ws.on('error', () => undefined);
  });
}

describe('authentication, roles and abuse limits', () => {
  let server: PlantarServer;
  let viewer: string;
  let operator: string;

  beforeAll(async () => {
    server = await startTestServer({
      PATIENT_IDS: '1-2',
      AUTH_SECRET: SECRET,
      ALLOWED_ORIGINS: 'https://wall.ward.example',
      MUTATIONS_PER_MINUTE: '3',
      AUTH_FAILURES_PER_MINUTE: '5',
      MAX_CONNECTIONS_PER_IP: '6',
      AUTH: 'on',
    });
    viewer = server.services.access.tokens!.mint('nurse', 'viewer', 600);
    operator = server.services.access.tokens!.mint('admin', 'operator', 600);
  });
  afterAll(() => server.stop());

  it('refuses HTTP without a valid token, with a reason and a code', async () => {
    const none = await gql(server, '{ patients { id } }');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.errors).toEqual([
      { message: 'a bearer token is required', extensions: { code: 'UNAUTHENTICATED' } },
    ]);
    const forged = await gql(
      server,
      '{ patients { id } }',
      server.services.access.tokens!.mint('x', 'viewer', -1),
    );
    expect(forged.errors![0]!.message).toBe('the token has expired');
    const ok = await gql(server, '{ patients { id } }', viewer);
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ patients: [{ id: 1 }, { id: 2 }] });
  });

  it('lets viewers read and operators change the polled patients', async () => {
    const denied = await gql(server, 'mutation { startPolling(patientIds: [5]) }', viewer);
    expect(denied.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const added = await gql(server, 'mutation { startPolling(patientIds: [5]) }', operator);
    expect(added.data).toEqual({ startPolling: [1, 2, 5] });
    expect(server.services.poller.has(5)).toBe(true);
    expect(await server.services.store.patientOverrides()).toEqual(new Map([[5, 'add']]));
    const removed = await gql(server, 'mutation { stopPolling(patientIds: [2]) }', operator);
    expect(removed.data).toEqual({ stopPolling: [1, 5] });
    const bad = await gql(server, 'mutation { stopPolling(patientIds: []) }', operator);
    expect(bad.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
  });

  it('rate-limits mutations per caller', async () => {
    // Three per minute: two were spent above (the refused empty list spends none).
    const third = await gql(server, 'mutation { startPolling(patientIds: [2]) }', operator);
    expect(third.errors).toBeUndefined();
    const fourth = await gql(server, 'mutation { startPolling(patientIds: [3]) }', operator);
    expect(fourth.errors![0]).toMatchObject({
      message: 'at most 3 changes per minute',
      extensions: { code: 'RATE_LIMITED' },
    });
  });

  it('authenticates WebSockets in connection_init and honours the origin allowlist', async () => {
    const anonymous = await connect(server, undefined);
    expect(anonymous).toMatchObject({ acked: false, code: 4403 });
    const good = await connect(server, viewer);
    expect(good.acked).toBe(true);
    good.ws.close();
    const sameSite = await connect(server, viewer, { origin: server.url });
    expect(sameSite.acked).toBe(true);
    sameSite.ws.close();
    const allowed = await connect(server, viewer, { origin: 'https://wall.ward.example' });
    expect(allowed.acked).toBe(true);
    allowed.ws.close();
    const hijack = await connect(server, viewer, { origin: 'https://evil.example' });
    expect(hijack).toMatchObject({ acked: false, status: 403 });
  });

  it('closes a WebSocket when its token expires', async () => {
    const shortLived = server.services.access.tokens!.mint('kiosk', 'viewer', 2);
    const { ws, acked } = await connect(server, shortLived);
    expect(acked).toBe(true);
    const code = await new Promise<number>((r) => ws.once('close', (c) => r(c)));
    expect(code).toBe(PlantarCloseCode.TokenExpired);
  });

  it('caps WebSockets per client address', async () => {
    const open = [];
    for (let i = 0; i < 6; i++) open.push(await connect(server, viewer));
    expect(open.every((c) => c.acked)).toBe(true);
    const seventh = await connect(server, viewer);
    expect(seventh).toMatchObject({ acked: false, status: 429 });
    await Promise.all(open.map(({ ws }) => new Promise((r) => (ws.once('close', r), ws.close()))));
    const again = await connect(server, viewer);
    expect(again.acked).toBe(true);
    again.ws.close();
  });

  it('refuses an address after repeated failed authentications', async () => {
    let last = 0;
    for (let i = 0; i < 7; i++) last = (await gql(server, '{ patients { id } }', 'not-a-token')).status;
    expect(last).toBe(429);
    // Even a good token waits until the window passes: guessing must not pay off.
    const blocked = await gql(server, '{ patients { id } }', viewer);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('sends security headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
