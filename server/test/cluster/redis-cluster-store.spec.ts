import { Redis } from 'ioredis';
import { RedisEpisodeStore } from '../../src/episodes/redis-episode-store';
import { KEY_GROUPS, KeyLayout } from '../../src/store/keys';
import { RedisStore } from '../../src/store/redis-store';
import type { Reading } from '../../src/readings/reading';
import { core, describeEpisodeStoreContract } from '../support/episode-store-contract';
import { RedisClusterProcesses } from '../support/redis-cluster';
import { uniquePrefix } from '../support/redis';
import { describeStoreContract, reading } from '../support/store-contract';
import { WriteQueue } from '../../src/store/write-queue';
import { freshMetrics, silentLogger } from '../support/quiet';
import { until } from '../support/wait';

/**
 * The Redis store and episode store on a real 3-master Redis Cluster (redis-server processes of
 * this file's own): the same contracts as on one Redis, every key of a patient in one slot,
 * live messages over sharded pub/sub, and a master restart survived.
 */
let cluster: RedisClusterProcesses;
const opened: RedisStore[] = [];

beforeAll(async () => {
  cluster = await RedisClusterProcesses.start();
}, 60_000);

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await cluster?.stop();
});

async function openClusterStore(label: string): Promise<RedisStore> {
  const store = new RedisStore({ clusterNodes: cluster.seeds, keyPrefix: uniquePrefix(label) });
  opened.push(store);
  await store.waitUntilReady(10_000);
  return store;
}

/** A plain connection to one master (not cluster-aware), to ask it about itself. */
function nodeClient(port: number): Redis {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  return redis;
}

async function keyslot(redis: Redis, key: string): Promise<number> {
  return Number(await redis.call('CLUSTER', 'KEYSLOT', key));
}

describeStoreContract('Redis store on a 3-master Redis Cluster', async () => {
  const store = await openClusterStore('cluster-contract');
  return {
    store,
    prefix: store.layout.prefix,
    dispose: () => store.close(),
    topic: (topic, id) => store.layout.channel(topic, id),
  };
});

describeEpisodeStoreContract('Redis on a 3-master Redis Cluster', async () => {
  const readings = await openClusterStore('cluster-episodes');
  return { store: new RedisEpisodeStore(readings.connection), dispose: () => readings.close() };
});

describe('Redis Cluster key layout', () => {
  it("keeps every key and channel of a patient, and its bucket's lease and fence, in one slot", async () => {
    const store = await openClusterStore('cluster-slots');
    const episodes = new RedisEpisodeStore(store.connection);
    const layout = store.layout;
    const patients = Array.from({ length: 2 * KEY_GROUPS + 3 }, (_, i) => i + 1);
    await store.append(patients.map((id) => reading(id, 1000, id % 5 === 0 ? [0] : [])));
    await Promise.all(
      patients.slice(0, 10).map(async (id) => {
        await store.savePatient({
          id,
          firstName: 'A',
          lastName: 'B',
          birthYear: null,
          disabled: false,
          traceName: 't',
        });
        await episodes.record({
          patientId: id,
          changes: [{ core: core(id, 1000), event: 'OPENED' }],
          state: { n: 1 },
        });
      }),
    );
    const probe = nodeClient(cluster.masters[0]!.port);
    try {
      // Every name the layout gives a patient, as the server hashes it.
      for (const id of [1, 7, 64, 65, 130]) {
        const k = layout.patient(id);
        const episodeId = core(id, 1000).id;
        const names = [
          ...Object.values(k),
          layout.channel('readings', id),
          layout.channel('anomalies', id),
          layout.channel('episodes', id),
          `${layout.patientStem(id)}episodes`,
          `${layout.patientStem(id)}detector`,
          layout.episode(episodeId, id),
          layout.episodeIndexes(id).all,
          layout.bucket(id % KEY_GROUPS).lease,
          layout.bucket(id % KEY_GROUPS).fence,
        ];
        const slots = new Set(await Promise.all(names.map((n) => keyslot(probe, n))));
        expect({ id, slots: [...slots] }).toEqual({ id, slots: [expect.any(Number)] });
      }
      // And every key actually written, on the master that serves its slot: a key of a patient
      // without its group's tag would show up here in another slot.
      const tagged = /\{b(\d+)\}:(\d+)?/;
      let written = 0;
      const mastersWithKeys = new Set<number>();
      for (const [index, master] of cluster.masters.entries()) {
        const redis = nodeClient(master.port);
        try {
          const keys = await redis.keys(`${layout.prefix}*`);
          for (const key of keys) {
            written++;
            mastersWithKeys.add(index);
            const match = tagged.exec(key);
            if (match === null) {
              expect(key).toMatch(/patients:known$/); // the deployment's one untagged key here
              continue;
            }
            const [, group, patient] = match;
            if (patient !== undefined) expect(Number(patient) % KEY_GROUPS).toBe(Number(group));
            expect(await keyslot(redis, key)).toBe(await keyslot(redis, `{b${group}}`));
          }
        } finally {
          redis.disconnect();
        }
      }
      expect(written).toBeGreaterThan(patients.length * 3);
      expect(mastersWithKeys.size).toBe(3); // the groups spread over every master
    } finally {
      probe.disconnect();
    }
  });

  it('refuses a key prefix with braces in the hash-tag layout', () => {
    expect(() => new KeyLayout('hash-tag', 'ward{7}:')).toThrow('without { or }');
  });
});

describe('Redis Cluster live messages', () => {
  it('delivers over sharded pub/sub: SSUBSCRIBE on the owning master, nothing broadcast', async () => {
    const store = await openClusterStore('cluster-sharded');
    const events = store.subscribe('readings', [7]);
    const next = events.next();
    const channel = store.layout.channel('readings', 7);
    const probe = nodeClient(cluster.masters[0]!.port);
    try {
      const master = cluster.masterOf(await keyslot(probe, channel));
      const owner = nodeClient(master.port);
      try {
        await until(
          async () => Number(((await owner.call('PUBSUB', 'SHARDNUMSUB', channel)) as unknown[])[1]) === 1,
          'the SSUBSCRIBE to reach the master of the channel',
        );
        expect(((await owner.call('PUBSUB', 'NUMSUB', channel)) as unknown[])[1]).toBe(0);
      } finally {
        owner.disconnect();
      }
      await store.append([reading(7, 1000)]);
      expect((await next).value).toEqual(reading(7, 1000));
    } finally {
      probe.disconnect();
      await events.return?.();
    }
  });

  it("hears every patient with 'all', in every group and on every master, patients new since included", async () => {
    const store = await openClusterStore('cluster-all');
    const events = store.subscribe('readings', 'all');
    const heard = new Set<number>();
    const patients = Array.from({ length: KEY_GROUPS }, (_, i) => 1000 + i);
    const done = (async () => {
      for await (const r of events) {
        heard.add(r.patientId);
        if (patients.every((id) => heard.has(id))) return;
      }
    })();
    // Published until heard: the 64 SSUBSCRIBEs are confirmed one by one.
    let at = 1000;
    await until(async () => {
      at += 10;
      await store.append(patients.filter((id) => !heard.has(id)).map((id) => reading(id, at)));
      return patients.every((id) => heard.has(id));
    }, "every group's readings at an 'all' subscriber");
    await done;
    await events.return?.();
  });
});

describe('Redis Cluster master restart', () => {
  it('reports errors for the down master only, then stores and publishes again once it is back', async () => {
    const store = await openClusterStore('cluster-restart');
    const probe = nodeClient(cluster.masters[0]!.port);
    const masterOf = async (id: number) =>
      cluster.masterOf(await keyslot(probe, store.layout.patient(id).data));
    // One patient on the master to be killed, one on another master.
    const victim = cluster.masters[1]!;
    const ids = Array.from({ length: KEY_GROUPS }, (_, i) => i + 1);
    const owners = await Promise.all(ids.map(masterOf));
    const down = ids.find((_, i) => owners[i] === victim)!;
    const up = ids.find((_, i) => owners[i] !== victim)!;
    const events = store.subscribe('readings', [down]);
    const received: Reading[] = [];
    const listening = (async () => {
      for await (const r of events) received.push(r);
    })();
    try {
      await store.append([reading(down, 1000), reading(up, 1000)]);
      await victim.kill();
      // The down master's patient fails, the process goes on, and the other masters still store.
      await expect(store.append([reading(down, 2000)])).rejects.toThrow();
      await until(
        () =>
          store.append([reading(up, 2000)]).then(
            () => true,
            () => false,
          ),
        'the masters still up to take writes',
      );
      expect((await store.readings(up, { last: 10 })).map((r) => r.at)).toEqual([1000, 2000]);

      await victim.start();
      await cluster.waitUntilOk();
      let at = 3000;
      await until(
        async () => {
          at += 10;
          await store.append([reading(down, at)]).catch(() => undefined);
          return received.some((r) => r.at > 2000);
        },
        'a reading stored and heard on the restarted master',
        20_000,
        100,
      );
      const stored = (await store.readings(down, { last: 100 })).map((r) => r.at);
      expect(stored[0]).toBe(1000); // acknowledged before the crash, kept (append-only file)
      expect(stored).not.toContain(2000); // refused while down, never half-written
      expect(stored.length).toBeGreaterThan(1);
    } finally {
      probe.disconnect();
      await events.return?.();
      await listening;
    }
  }, 60_000);

  it('keeps storing the patients of the masters still up, and buffers only those of the one down', async () => {
    const store = await openClusterStore('cluster-queue');
    const probe = nodeClient(cluster.masters[0]!.port);
    const victim = cluster.masters[2]!;
    const ids = Array.from({ length: KEY_GROUPS }, (_, i) => i + 1);
    const owners = await Promise.all(
      ids.map(async (id) => cluster.masterOf(await keyslot(probe, store.layout.patient(id).data))),
    );
    probe.disconnect();
    const down = ids.find((_, i) => owners[i] === victim)!;
    const up = ids.find((_, i) => owners[i] !== victim)!;
    const told: Reading[] = [];
    const queue = new WriteQueue({
      store,
      capacityPerPatient: 1000,
      logger: silentLogger(),
      metrics: freshMetrics(),
      retryDelayMs: 50,
      onStored: (readings) => told.push(...readings),
    });
    try {
      await victim.kill();
      for (let i = 0; i < 20; i++) for (const id of [down, up]) queue.submit(reading(id, 1000 + i * 10));
      // Each batch fails for `down` only: `up` is stored and told meanwhile, never buffered again.
      await until(
        () => told.filter((r) => r.patientId === up).length === 20,
        "the up master's patient stored",
      );
      expect(queue.queuedFor(up)).toBe(0);
      expect(queue.queuedFor(down)).toBe(20);
      expect(queue.healthy).toBe(false);
      expect(told.some((r) => r.patientId === down)).toBe(false);

      await victim.start();
      await cluster.waitUntilOk();
      expect(await queue.drain(20_000)).toBe(0);
      expect(told.filter((r) => r.patientId === down).map((r) => r.at)).toEqual(
        Array.from({ length: 20 }, (_, i) => 1000 + i * 10),
      );
      expect((await store.readings(down, { last: 100 })).map((r) => r.at)).toEqual(
        Array.from({ length: 20 }, (_, i) => 1000 + i * 10),
      );
      expect((await store.readings(up, { last: 100 })).length).toBe(20); // each once
    } finally {
      queue.close();
    }
  }, 60_000);
});
