import { TestBed } from '@angular/core/testing';
import { GRAPHQL_WS_FORBIDDEN, PlantarCloseCode } from '@plantar/protocol';
import type { Client } from 'graphql-ws';
import { ConnectionService } from './connection.service';
import { AuthService, TOKEN_STORAGE_KEY } from './auth';
import { createLiveClient, graphqlUrls, KEEP_ALIVE_MS, PONG_TIMEOUT_MS } from './graphql.provider';

/** A WebSocket the test plays the server's side of. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static created: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  readonly sent: { type: string; payload?: unknown }[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: ((error: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.created.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000, reason = ''): void {
    this.closeFromServer(code, reason);
  }

  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }

  acknowledge(): void {
    this.onmessage?.({ data: JSON.stringify({ type: 'connection_ack' }) });
  }

  closeFromServer(code: number, reason = ''): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
}

describe('graphql wiring', () => {
  it('uses the page origin for HTTP and WebSocket', () => {
    expect(graphqlUrls({ protocol: 'http:', host: 'localhost:4000' })).toEqual({
      http: '/graphql',
      ws: 'ws://localhost:4000/graphql',
    });
    expect(graphqlUrls({ protocol: 'https:', host: 'ward.example' }).ws).toBe('wss://ward.example/graphql');
  });

  it('detects a dead link within one keep-alive period', () => {
    expect(PONG_TIMEOUT_MS).toBeLessThan(KEEP_ALIVE_MS);
  });
});

describe('the live link, on a close from the server', () => {
  let client: Client;
  let auth: AuthService;
  let connection: ConnectionService;

  beforeEach(async () => {
    jest.useFakeTimers();
    // graphql-ws reports a close it does not retry on the console; that is expected here.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    FakeSocket.created = [];
    localStorage.setItem(TOKEN_STORAGE_KEY, 'token-of-the-day');
    auth = TestBed.inject(AuthService);
    connection = TestBed.inject(ConnectionService);
    client = createLiveClient('ws://ward.example/graphql', connection, auth, FakeSocket);
    await jest.advanceTimersByTimeAsync(0);
    socket().open();
    await jest.advanceTimersByTimeAsync(0);
  });

  afterEach(async () => {
    // dispose() alone waits for a connection that may never be acknowledged here: terminate it
    // (which fails that wait, as intended).
    const disposed = Promise.resolve(client.dispose()).catch(() => undefined);
    client.terminate();
    await disposed;
    jest.useRealTimers();
    jest.restoreAllMocks();
    localStorage.clear();
  });

  const socket = () => FakeSocket.created.at(-1)!;

  it('sends the token with connection_init', () => {
    expect(socket().sent[0]).toEqual({ type: 'connection_init', payload: { token: 'token-of-the-day' } });
  });

  it('asks staff to sign in again when the token expired, and stops retrying', async () => {
    socket().acknowledge();
    expect(connection.state().kind).toBe('connected');
    socket().closeFromServer(PlantarCloseCode.TokenExpired, 'Token expired');
    expect(auth.rejected()).toBe('expired');
    expect(connection.state().kind).toBe('unauthorized');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('calls a refused token invalid, not expired', () => {
    socket().closeFromServer(GRAPHQL_WS_FORBIDDEN, 'Forbidden');
    expect(auth.rejected()).toBe('invalid');
    expect(connection.state().kind).toBe('unauthorized');
  });

  it("does not take graphql-ws's own 4401 (subscribe before the acknowledgement) for an expired token", () => {
    socket().closeFromServer(4401, 'Unauthorized');
    expect(auth.rejected()).toBeNull();
    expect(connection.state().kind).not.toBe('unauthorized');
  });

  it.each([
    ['a slow consumer', PlantarCloseCode.SlowConsumer],
    ['a server going away', PlantarCloseCode.GoingAway],
    ['too many failed sign-ins from this address', PlantarCloseCode.TooManyRequests],
  ])('reconnects by itself after %s', async (_what, code) => {
    socket().acknowledge();
    socket().closeFromServer(code);
    expect(auth.rejected()).toBeNull();
    expect(connection.state().kind).toBe('reconnecting');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.created.length).toBeGreaterThan(1);
  });
});
