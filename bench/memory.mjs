// Memory: Redis bytes per stored reading in the seed layout (MEMORY USAGE of a patient's lists /
// readings, filled through the server's own RedisStore.append with simulator-made readings), and
// server RSS per 1,000 polled patients.
// Baselines in the same run: the bytes of the strings stored per reading (what any layout must
// keep; the ratio is Redis's overhead on top), the same readings written with the server's
// STORE_ENCODING=compact option (same three lists, sensors as "v0,…,v5;flags"), and the RSS of a
// server polling 6 patients.
//   node bench/memory.mjs [--readings 300,3000] [--patients 6,1000] [--warmup 30] [--smoke]
import { Redis } from 'ioredis';
import { RedisStore } from '../server/dist/store/redis-store.js';
import { patientKeys } from '../server/dist/store/keys.js';
import {
  options,
  machine,
  startSimulator,
  startServer,
  metric,
  rssOf,
  memoryAfterFullGc,
  freePort,
  sleep,
  fmt,
  dropKeys,
  simulatedReadings,
  ensureBuilt,
  pollingEnv,
} from './lib.mjs';

const o = options({
  readings: '300,3000',
  patients: '6,1000',
  warmup: 30,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const readingSizes = o.smoke ? [100] : o.readings.split(',').map(Number);
const patientSizes = o.smoke ? [6] : o.patients.split(',').map(Number);
const warmup = o.smoke ? 2 : o.warmup;

console.log(`# memory — ${machine()}`);
const redis = new Redis(o.redis);
const usage = async (key) => Number(await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) || 0;
console.log(
  `Redis ${/redis_version:(\S+)/.exec(await redis.info('server'))?.[1]}, list-max-listpack-size ${(await redis.config('GET', 'list-max-listpack-size'))[1]}`,
);
console.log(
  '| readings | seed layout bytes/reading (data + timestamp + trace lists) | anomaly lists bytes/reading¹ | stored strings bytes/reading | seed / strings | STORE_ENCODING=compact bytes/reading (same lists) | seed / compact |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const n of readingSizes) {
  const prefix = `bench:memory:${Date.now()}:`;
  const store = new RedisStore({ url: o.redis, keyPrefix: prefix });
  await store.waitUntilReady(10_000);
  const readings = await simulatedReadings(1, n);
  for (let i = 0; i < readings.length; i += 500) await store.append(readings.slice(i, i + 500));
  await store.close();
  const k = patientKeys(prefix, 1);
  const seed = (await usage(k.data)) + (await usage(k.timestamp)) + (await usage(k.trace));
  const anomaly =
    (await usage(k.anomaly)) + (await usage(k.anomalyTimestamp)) + (await usage(k.anomalyTrace));
  const strings = readings.reduce(
    (a, r) => a + JSON.stringify(r.sensors).length + String(r.at).length + r.traceId.length,
    0,
  );
  const compactPrefix = `${prefix}compact:`;
  const compactStore = new RedisStore({ url: o.redis, keyPrefix: compactPrefix, sensorEncoding: 'compact' });
  await compactStore.waitUntilReady(10_000);
  for (let i = 0; i < readings.length; i += 500) await compactStore.append(readings.slice(i, i + 500));
  await compactStore.close();
  const c = patientKeys(compactPrefix, 1);
  const compact = (await usage(c.data)) + (await usage(c.timestamp)) + (await usage(c.trace));
  await dropKeys(o.redis, prefix);
  console.log(
    `| ${fmt(n)} | ${fmt(seed / n, 1)} | ${fmt(anomaly / n, 1)} | ${fmt(strings / n, 1)} | ${fmt(seed / strings, 2)} | ${fmt(compact / n, 1)} | ${fmt(seed / compact, 2)} |`,
  );
}
console.log(
  '¹ anomalous readings are stored a second time in the never-trimmed anomaly lists; the share depends on the simulated gait (episodes flag all six sensors).',
);
redis.disconnect();

console.log('');
console.log(
  `server RSS after ${warmup} s polling (simulator in its own process, Redis store); RSS and heap also after a forced full GC (DevTools protocol): what stays, not garbage awaiting collection; per 1,000 patients = (RSS after GC − the same at ${patientSizes[0]}) / extra patients × 1,000`,
);
console.log(
  '| patients | server RSS MiB | JS heap used MiB | after full GC: RSS MiB | after full GC: heap used MiB | RSS after GC per 1,000 patients MiB | RSS after GC / same at ' +
    patientSizes[0] +
    ' |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
let base;
for (const n of patientSizes) {
  const sim = await startSimulator(n);
  const prefix = `bench:memory:${Date.now()}:`;
  const inspectPort = await freePort();
  const server = await startServer(pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients: n }), {
    nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
  });
  await sleep(warmup * 1000);
  const rss = rssOf(server.child.pid);
  const heap = await metric(server.url, 'nodejs_heap_size_used_bytes');
  const live = await memoryAfterFullGc(inspectPort);
  await server.stop();
  await sim.stop();
  await dropKeys(o.redis, prefix);
  base ??= { n, rss: live.rss };
  const per = n === base.n ? NaN : ((live.rss - base.rss) / (n - base.n)) * 1000;
  console.log(
    `| ${fmt(n)} | ${fmt(rss / 2 ** 20, 1)} | ${fmt(heap / 2 ** 20, 1)} | ${fmt(live.rss / 2 ** 20, 1)} | ${fmt(live.heapUsed / 2 ** 20, 1)} | ${n === base.n ? '—' : fmt(per / 2 ** 20, 1)} | ${fmt(live.rss / base.rss, 2)} |`,
  );
}
