import { Registry } from 'prom-client';
import { ArchiveWriter } from '../../src/archive/archive-writer';
import type { Database } from '../../src/archive/database';
import { history } from '../../src/archive/history';
import { MINUTE_MS, minuteOf } from '../../src/archive/minute-samples';
import { openArchive } from '../../src/archive/open-archive';
import { RedisStore } from '../../src/store/redis-store';
import { describeArchiveContract } from '../support/archive-contract';
import { archivedOf, walk, within } from '../support/archive-data';
import { postgresArchive, TEST_DATABASE_URL, type TestArchive } from '../support/archive-db';
import { silentLogger } from '../support/quiet';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';
import { until } from '../support/wait';

describeArchiveContract('PostgreSQL', () => postgresArchive('contract'));

describe('archive on PostgreSQL through a connection that drops', () => {
  let proxy: TcpProxy;
  let testArchive: TestArchive;
  let db: Database;
  let store: RedisStore;
  let prefix: string;
  let writer: ArchiveWriter | undefined;

  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    target.port = String(proxy.port);
    testArchive = postgresArchive('outage', target.toString());
    db = await testArchive.open();
    prefix = uniquePrefix('archive-outage');
    store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    await store.waitUntilReady(5000);
  });

  afterAll(async () => {
    await writer?.close(100);
    await store.close();
    await deleteKeys(prefix);
    await db.close();
    await proxy.close();
    await testArchive.dispose();
  });

  it('keeps minutes while the server is unreachable and writes them, and the window, when it returns', async () => {
    const p = 7;
    const start = minuteOf(Date.now()) - 4 * MINUTE_MS;
    const readings = walk(p, start, 1200); // four minutes
    await store.append(readings);
    writer = new ArchiveWriter({
      db,
      logger: silentLogger(),
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
      flushIntervalMs: 50,
      recovery: { store, patients: async () => [p] },
    });
    writer.start();
    writer.onStored(readings.slice(0, 300));
    await until(async () => (await archivedOf(db, p)).rows === 1, 'the first minute archived');

    await proxy.cut();
    writer.onStored(readings.slice(300));
    await until(() => writer!.stats.writeErrors > 0, 'the writer to notice the outage');
    expect(writer.healthy).toBe(false);
    expect(writer.problem).toMatch(/last error: /);
    // The reading store stays the source of the live window meanwhile: recent history still answers.
    const now = Date.now();
    const recent = await history(db, store, p, now - 5 * MINUTE_MS, now, 10_000, { now });
    expect(recent.buckets).toHaveLength(1200);
    await expect(history(db, store, p, now - 3_600_000, now, 1000, { now })).rejects.toThrow(
      /the archive is unreachable/,
    );

    await proxy.restore();
    await until(() => writer!.healthy, 'recovery', 15_000);
    await until(async () => (await archivedOf(db, p)).readings === 1200, 'every minute archived', 15_000);
    expect(await archivedOf(db, p)).toEqual({ rows: 4, readings: 1200 });
  });
});

describe('openArchive with PostgreSQL down at startup', () => {
  it('starts anyway, serves the window, then opens, migrates and catches up when the server answers', async () => {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    await proxy.cut();
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.port = String(proxy.port);
    const direct = postgresArchive('startup');
    const prefix = uniquePrefix('archive-startup');
    const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    await store.waitUntilReady(5000);
    const registry = new Registry();
    const p = 11;
    const now = Date.now();
    const readings = within(walk(p, minuteOf(now) - 3 * MINUTE_MS, 1000), 0, now);
    await store.append(readings);
    const archive = await openArchive({
      databaseUrl: viaProxy.toString(),
      schema: direct.schema,
      store,
      logger: silentLogger(),
      registry,
      reopenDelayMs: 100,
    });
    let check: Database | undefined;
    try {
      expect(archive.problem).toMatch(/^archive database not open: /);
      const recent = await archive.history(p, minuteOf(now) - 3 * MINUTE_MS, now, 10_000);
      expect(recent.buckets.length).toBe(readings.length);

      await proxy.restore();
      check = await direct.open();
      const closed = within(readings, 0, minuteOf(Date.now() - 5000 - MINUTE_MS) + MINUTE_MS - 1);
      await until(
        async () => (await archivedOf(check!, p)).readings >= closed.length,
        'catch-up at open',
        15_000,
      );
      expect(archive.problem).toBeUndefined();
      expect(await registry.metrics()).toMatch(/plantar_archive_minutes_written_total [1-9]/);
    } finally {
      await archive.close(100);
      await check?.close();
      await store.close();
      await deleteKeys(prefix);
      await proxy.close();
      await direct.dispose();
    }
  });
});
