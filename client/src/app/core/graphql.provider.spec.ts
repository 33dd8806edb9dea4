import { graphqlUrls, KEEP_ALIVE_MS, PONG_TIMEOUT_MS } from './graphql.provider';

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
