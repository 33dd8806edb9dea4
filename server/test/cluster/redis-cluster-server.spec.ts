import { Cluster } from 'ioredis';
import type { PlantarServer } from '../../src/server';
import { collect, query, wsClient } from '../support/graphql';
import { RedisClusterProcesses } from '../support/redis-cluster';
import { uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

interface Live {
  readings: { patientId: number; at: string; traceId: string };
}

const LIVE = `subscription Live($ids: [Int!]) { readings(patientIds: $ids) { patientId at traceId } }`;

/**
 * The whole server with REDIS_CLUSTER_NODES on a real 3-master Redis Cluster (redis-server
 * processes of this file's own), CLUSTER=on so the bucket leases run there too: it polls the
 * embedded simulator, stores in the hash-tag layout, serves the readings over GraphQL and streams
 * them over graphql-ws through sharded pub/sub.
 */
describe('Plantar on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  const prefix = uniquePrefix('cluster-server');
  let cluster: RedisClusterProcesses;
  let server: PlantarServer;
  let redis: Cluster;

  beforeAll(async () => {
    cluster = await RedisClusterProcesses.start();
    server = await startTestServer({
      REDIS_CLUSTER_NODES: cluster.nodes,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-6',
      SIMULATOR_PATIENTS: '6',
      CLUSTER: 'on',
      CLUSTER_LEASE_MS: '1500',
      INSTANCE_ID: 'on-the-cluster',
    });
    redis = new Cluster(cluster.seeds);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    await cluster?.stop();
  });

  it('takes every bucket lease on the cluster and polls every patient', async () => {
    await until(() => server.services.poller.patientIds().length === 6, 'all six patients polled');
    expect(server.services.cluster?.coordinator.heldBuckets.size).toBe(64);
    // Lease and fencing token of patient 7's bucket live in its group's slot.
    expect(await redis.get(`${prefix}{b7}:cluster:lease`)).toMatch(/^on-the-cluster:\d+$/);
    expect(Number(await redis.get(`${prefix}{b7}:cluster:fence`))).toBeGreaterThan(0);
    expect(await redis.zscore(`${prefix}cluster:members`, 'on-the-cluster')).not.toBeNull();
  });

  it('stores readings in the hash-tag layout and serves them over GraphQL', async () => {
    await until(async () => (await redis.llen(`${prefix}{b3}:3_data`)) >= 3, "patient 3's readings in Redis");
    expect(await redis.exists(`${prefix}3_data`)).toBe(0); // not the seed's layout
    const res = await query<{ readings: { at: string; traceId: string }[] }>(
      server.url,
      'query($id: Int!) { readings(patientId: $id, last: 20) { at traceId } }',
      { id: 3 },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.readings.length).toBeGreaterThanOrEqual(3);
    const timestamps = await redis.lrange(`${prefix}{b3}:3_timestamp`, -res.data!.readings.length, -1);
    expect(res.data!.readings.map((r) => Date.parse(r.at))).toEqual(timestamps.map(Number));
  });

  it('streams live readings to a graphql-ws subscriber, of chosen patients and of all', async () => {
    const client = wsClient(server.url);
    try {
      const [chosen, all] = await Promise.all([
        collect<Live>(client, LIVE, { ids: [2, 5] }, (rs) =>
          [2, 5].every((id) => rs.filter((r) => r.readings.patientId === id).length >= 3),
        ),
        collect<Live>(client, LIVE, {}, (rs) =>
          [1, 2, 3, 4, 5, 6].every((id) => rs.some((r) => r.readings.patientId === id)),
        ),
      ]);
      expect(new Set(chosen.map((r) => r.readings.patientId))).toEqual(new Set([2, 5]));
      // Each reading once, in order, per patient.
      for (const id of [2, 5]) {
        const ats = chosen.filter((r) => r.readings.patientId === id).map((r) => Date.parse(r.readings.at));
        expect(ats).toEqual([...ats].sort((a, b) => a - b));
        expect(new Set(ats).size).toBe(ats.length);
      }
      expect(all.length).toBeGreaterThanOrEqual(6);
    } finally {
      await client.dispose();
    }
  });

  it('shares the buckets with a second instance on the cluster; each one streams what the other polls', async () => {
    const second = await startTestServer({
      REDIS_CLUSTER_NODES: cluster.nodes,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-6',
      SIMULATOR_PATIENTS: '6',
      CLUSTER: 'on',
      CLUSTER_LEASE_MS: '1500',
      INSTANCE_ID: 'second-on-the-cluster',
    });
    try {
      const held = () => [server, second].map((s) => s.services.cluster!.coordinator.heldBuckets);
      await until(() => {
        const [a, b] = held();
        return a!.size > 0 && b!.size > 0 && a!.size + b!.size === 64 && [...a!].every((x) => !b!.has(x));
      }, 'the 64 buckets split between the two instances, none held twice');
      await until(() => {
        const polled = [server, second].flatMap((s) => s.services.poller.patientIds());
        return polled.length === 6 && new Set(polled).size === 6;
      }, 'each patient polled by exactly one of them');
      // A subscriber of the second instance hears a patient the first one polls.
      const theirs = server.services.poller.patientIds()[0]!;
      const client = wsClient(second.url);
      try {
        const got = await collect<Live>(client, LIVE, { ids: [theirs] }, (rs) => rs.length >= 2);
        expect(got.every((r) => r.readings.patientId === theirs)).toBe(true);
      } finally {
        await client.dispose();
      }
    } finally {
      await second.stop();
    }
  });
});
