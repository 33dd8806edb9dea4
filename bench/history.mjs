// History: `readings(patientId, last: 3000)` (ten minutes at 5 Hz) over HTTP — every field, then the
// dashboard's selection — against a baseline in this process: the raw LRANGE of the same three
// lists + JSON.parse of every entry.
// The patient is filled through the server's own RedisStore.append (the seed layout) with
// simulator-made readings; the server polls a dead API, so nothing else is written.
//   node bench/history.mjs [--readings 3000] [--requests 200] [--warmup 20] [--smoke]
import { Redis } from 'ioredis';
import { request } from 'undici';
import { RedisStore } from '../server/dist/store/redis-store.js';
import { patientKeys } from '../server/dist/store/keys.js';
import {
  options,
  machine,
  startServer,
  cpuSecondsOf,
  percentile,
  fmt,
  dropKeys,
  simulatedReadings,
  DEAD_API,
  ensureBuilt,
} from './lib.mjs';

const o = options({
  readings: 3000,
  requests: 200,
  warmup: 20,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const n = o.smoke ? 100 : o.readings;
const requests = o.smoke ? 5 : o.requests;
const warmup = o.smoke ? 2 : o.warmup;
const PATIENT = 1;
/** The selections measured: every field (the case) and what the dashboard asks for. */
const SELECTIONS = {
  'every field': 'patientId at traceId anomaly sensors { id name foot value anomaly }',
  "dashboard's fields": 'patientId at traceId anomaly sensors { id value anomaly }',
};
const queryOf = (selection) =>
  `query History($id: Int!, $last: Int) { readings(patientId: $id, last: $last) { ${selection} } }`;

/**
 * Runs each of `fns` `warmup` times, then `requests` calls of each in blocks taken in turn (A B A B
 * …, BLOCKS blocks each), so the baseline and the measured path share the drifts of a noisy
 * machine, while a call of one never overlaps the aftermath of the other (the server collecting a
 * history's garbage) except at block edges. Per-call ms and calls/s (from the summed call times).
 */
const BLOCKS = 4;
async function timed(fns) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const times = fns.map(() => []);
  const perBlock = Math.max(1, Math.round(requests / BLOCKS));
  for (let done = 0; done < requests; done += perBlock) {
    for (let f = 0; f < fns.length; f++) {
      for (let i = done; i < Math.min(requests, done + perBlock); i++) {
        const t = performance.now();
        await fns[f]();
        times[f].push(performance.now() - t);
      }
    }
  }
  return times.map((ts) => {
    const total = ts.reduce((a, b) => a + b, 0) / 1000;
    ts.sort((a, b) => a - b);
    return { p50: percentile(ts, 50), p99: percentile(ts, 99), perSec: ts.length / total, elapsed: total };
  });
}

console.log(`# history — ${machine()}`);
const prefix = `bench:history:${Date.now()}:`;
const store = new RedisStore({ url: o.redis, keyPrefix: prefix });
await store.waitUntilReady(10_000);
const readings = await simulatedReadings(PATIENT, n);
for (let i = 0; i < readings.length; i += 500) await store.append(readings.slice(i, i + 500));
await store.close();

const server = await startServer({
  REDIS_URL: o.redis,
  REDIS_KEY_PREFIX: prefix,
  API_BASE_URL: DEAD_API,
  PATIENT_IDS: String(PATIENT),
  MAX_SEC: String(31 * 24 * 3600),
  BACKOFF_MAX_MS: '60000',
});
try {
  const url = `${server.url}/graphql`;
  const httpFor = (selection) => {
    const body = JSON.stringify({ query: queryOf(selection), variables: { id: PATIENT, last: n } });
    return async () => {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const bytes = await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${Buffer.from(bytes)}`);
      return bytes;
    };
  };

  const redis = new Redis(o.redis);
  const k = patientKeys(prefix, PATIENT);
  const raw = async () => {
    const [[, timestamps], [, data], [, traces]] = await redis
      .pipeline()
      .lrange(k.timestamp, -n, -1)
      .lrange(k.data, -n, -1)
      .lrange(k.trace, -n, -1)
      .exec();
    let sum = 0;
    for (let i = 0; i < data.length; i++)
      sum += JSON.parse(data[i]).length + Number(timestamps[i]) + traces[i].length;
    return sum;
  };

  console.log(
    `patient filled with ${fmt(n)} readings via RedisStore.append; per selection ${requests} raw reads and ${requests} HTTP requests in ${BLOCKS} alternating blocks each, after ${warmup} warm-up`,
  );
  console.log(
    '| readings | selection | response KiB | raw LRANGE+parse p50 / p99 ms | raw req/s | HTTP GraphQL p50 / p99 ms | HTTP req/s | server CPU | HTTP / raw |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, selection] of Object.entries(SELECTIONS)) {
    const http = httpFor(selection);
    const first = JSON.parse(Buffer.from(await http()).toString());
    if (first.errors || first.data.readings.length !== n) {
      throw new Error(`unexpected answer: ${JSON.stringify(first).slice(0, 500)}`);
    }
    const responseBytes = (await http()).byteLength;
    const c0 = cpuSecondsOf(server.child.pid);
    const [base, got] = await timed([raw, http]);
    // The server is (nearly) idle while the raw baseline runs: its CPU over the HTTP calls' own time.
    const cpu = (cpuSecondsOf(server.child.pid) - c0) / got.elapsed;
    console.log(
      `| ${fmt(n)} | ${name} | ${fmt(responseBytes / 1024)} | ${fmt(base.p50, 2)} / ${fmt(base.p99, 2)} | ${fmt(base.perSec)} | ${fmt(got.p50, 2)} / ${fmt(got.p99, 2)} | ${fmt(got.perSec)} | ${fmt(cpu * 100)}% | ${fmt(got.perSec / base.perSec, 2)} |`,
    );
  }
  redis.disconnect();
} finally {
  await server.stop();
  await dropKeys(o.redis, prefix);
}
