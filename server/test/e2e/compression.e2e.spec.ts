import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { getIntrospectionQuery } from 'graphql';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';

/**
 * HTTP answers are gzipped for clients that accept it, and only for them; GraphQL answers are not
 * hashed for an ETag (live data), static files keep theirs.
 */
describe('HTTP compression and validators', () => {
  let server: PlantarServer;

  beforeAll(async () => {
    server = await startTestServer({ PATIENT_IDS: '1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function post(query: string, headers: Record<string, string>) {
    const res = await request(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
  }

  it('gzips a large GraphQL answer for a client that accepts gzip, to the same JSON', async () => {
    const plain = await post(getIntrospectionQuery(), {});
    const gzipped = await post(getIntrospectionQuery(), { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['vary']).toMatch(/accept-encoding/i);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(gunzipSync(gzipped.body).toString())).toEqual(JSON.parse(plain.body.toString()));
  });

  it('leaves small answers alone', async () => {
    const small = await post('{ __typename }', { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { __typename: 'Query' } });
  });

  it('sends GraphQL answers without an ETag', async () => {
    const { headers } = await post('{ __typename }', {});
    expect(headers['etag']).toBeUndefined();
  });

  it('gzips static assets', async () => {
    const res = await request(`${server.url}/graphiql/assets/graphiql.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    expect(res.statusCode).toBe(200);
    expect(res.headers['etag']).toEqual(expect.any(String));
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(body).length).toBeGreaterThan(body.length * 2);
  });
});
