// History from the archive: `history(patientId, from, to, maxPoints: 1000)` over HTTP for the
// dashboard's 10-minute window (Redis and the archive together), 24 hours and 30 days (rollups:
// minute rows, then hour rows), targets p99 <= 10 / 50 / 100 ms; then the archive's extra server CPU
// on ingest, A/B ARCHIVE=off / on with the same polling load (target <= 10%).
// The archive is PostgreSQL (DATABASE_URL, default the test database) in a schema of its own per
// run, dropped at the end. The patient's past is written straight to the archive (minutes, rollups,
// hour rows, as the writer does): the last 24 h at 5 Hz, older days at --oldHz (the 30-day answer
// reads one hour row per bucket, whatever the readings per minute); the last ten minutes are in
// Redis through the server's own RedisStore.append.
//   node bench/history-archive.mjs [--days 30] [--oldHz 1] [--requests 200] [--warmup 20]
//     [--patients 200] [--seconds 70] [--rounds 2] [--only latency|ab] [--baseline DIR] [--smoke]
// --baseline DIR: a checkout of another commit with its server built (e.g. `git archive <commit>
// server bench package.json tsconfig.base.json | tar -x -C DIR`, node_modules linked, `tsc -p
// server/tsconfig.build.json`): its server runs beside this one, requests alternating in blocks.
import { join } from 'node:path';
import pg from 'pg';
import { request } from 'undici';
import { writeMinutes } from '../server/dist/archive/archive-tables.js';
import { MINUTE_MS } from '../server/dist/archive/minute-samples.js';
import { walkingMinute } from './archive-minutes.mjs';
import { openDatabase } from '../server/dist/archive/open-database.js';
import { PartitionCache } from '../server/dist/archive/partitions.js';
import { RedisStore } from '../server/dist/store/redis-store.js';
import {
  options,
  machine,
  startServer,
  startSimulator,
  pollingEnv,
  percentile,
  fmt,
  dropKeys,
  sleep,
  metric,
  cpuSecondsOf,
  simulatedReadings,
  DEAD_API,
  ensureBuilt,
} from './lib.mjs';

const o = options({
  days: 30,
  oldHz: 1,
  requests: 200,
  warmup: 20,
  patients: 200,
  // Over a minute: each round sees minutes closed and written, not only readings collected.
  seconds: 70,
  only: '',
  rounds: 2,
  // A checkout of another commit, built by hand: its server answers beside this one (latency only).
  baseline: '',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  database: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
});
ensureBuilt();
const days = o.smoke ? 2 : Number(o.days);
const requests = o.smoke ? 5 : Number(o.requests);
const warmup = o.smoke ? 2 : Number(o.warmup);
const PATIENT = 1;
const DAY = 86_400_000;
const BLOCKS = 4;
const logger = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => logger };

console.log(`# history from the archive — ${machine()}`);
const schema = `bench_history_${Date.now()}`;
const prefix = `bench:history-archive:${Date.now()}:`;
try {
  // --only latency | ab: one half.
  if (o.only !== 'ab') {
    await fill();
    await latencies();
  }
  if (o.only !== 'latency') await ingestAb();
} finally {
  await dropSchema();
  await dropKeys(o.redis, prefix);
}

async function fill() {
  const t = performance.now();
  const db = await openDatabase({ url: o.database, schema, logger });
  const partitions = new PartitionCache();
  const now = Date.now();
  // Up to 11 minutes ago: the rest is the Redis window (below).
  const end = Math.floor((now - 11 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const start = end - days * DAY;
  let minutes = 0;
  let readings = 0;
  for (let batchStart = start; batchStart < end; batchStart += 120 * MINUTE_MS) {
    const batch = [];
    for (let m = batchStart; m < Math.min(end, batchStart + 120 * MINUTE_MS); m += MINUTE_MS) {
      batch.push(walkingMinute(PATIENT, m, m >= end - DAY ? 5 : Number(o.oldHz)));
    }
    await partitions.ensure(
      db,
      batch.map((m) => m.minute),
    );
    await writeMinutes(db, batch, 100, now);
    minutes += batch.length;
    readings += batch.reduce((n, m) => n + m.count, 0);
  }
  await db.close();
  const store = new RedisStore({ url: o.redis, keyPrefix: prefix });
  await store.waitUntilReady(10_000);
  const recent = await simulatedReadings(PATIENT, 3300, now);
  for (let i = 0; i < recent.length; i += 500) await store.append(recent.slice(i, i + 500));
  await store.close();
  console.log(
    `archive (PostgreSQL, schema ${schema}) filled with ${fmt(minutes)} patient-minutes, ${fmt(readings)} readings ` +
      `(last 24 h at 5 Hz, older at ${o.oldHz} Hz) in ${fmt((performance.now() - t) / 1000, 1)} s; ` +
      `${fmt(recent.length)} readings of the last 11 minutes in Redis\n`,
  );
}

/**
 * Each range against this build and, with --baseline DIR (another checkout, built by hand: its
 * server/dist/main.js), against that one too on the same archive and Redis, requests in alternating
 * blocks (A B A B …) so both meet the same drifts of a shared machine.
 */
async function latencies() {
  const env = {
    REDIS_URL: o.redis,
    REDIS_KEY_PREFIX: prefix,
    API_BASE_URL: DEAD_API,
    PATIENT_IDS: String(PATIENT),
    BACKOFF_MAX_MS: '60000',
    ARCHIVE: 'on',
    DATABASE_URL: o.database,
    ARCHIVE_SCHEMA: schema,
  };
  const servers = [{ name: 'this build', server: await startServer(env) }];
  if (o.baseline) {
    servers.unshift({
      name: `baseline (${o.baseline})`,
      server: await startServer(env, { main: join(o.baseline, 'server/dist/main.js') }),
    });
  }
  try {
    const queryOf = (
      sensors,
    ) => `query H($id: Int!, $from: DateTime!, $to: DateTime!) { history(patientId: $id, from: $from, to: $to, maxPoints: 1000) {
      bucketMs buckets { start count anomalyCount sensors { ${sensors} } } gaps { from to } } }`;
    // Every field, and what the patient page's history view asks for (history.graphql).
    const selections = [
      ['every field', queryOf('min max mean count anomalyCount')],
      ["view's fields", queryOf('name min max mean')],
    ];
    const ranges = [
      ['10 minutes (dashboard window)', 600_000, 10],
      ['24 hours', DAY, 50],
      [`${days} days`, days * DAY, 100],
    ].flatMap(([name, span, target]) =>
      selections.map(([fields, query]) => [`${name}, ${fields}`, span, target, query]),
    );
    console.log(
      '| range | server | bucket | buckets | answer kB | p50 ms | p99 ms | server CPU ms per request | target p99 |',
    );
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, span, target, query] of ranges) {
      const runs = servers.map(({ server }) => {
        const run = { shape: undefined, times: [], cpu: 0, pid: server.child.pid };
        const url = `${server.url}/graphql`;
        run.call = async () => {
          const to = Date.now();
          const body = JSON.stringify({
            query,
            variables: {
              id: PATIENT,
              from: new Date(to - span).toISOString(),
              to: new Date(to).toISOString(),
            },
          });
          const res = await request(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const bytes = await res.body.arrayBuffer();
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${Buffer.from(bytes)}`);
          run.shape ??= { bytes: bytes.byteLength, json: JSON.parse(Buffer.from(bytes).toString()) };
          if (run.shape.json.errors) throw new Error(JSON.stringify(run.shape.json.errors));
        };
        return run;
      });
      for (const run of runs) for (let i = 0; i < warmup; i++) await run.call();
      const perBlock = Math.max(1, Math.round(requests / BLOCKS));
      for (let done = 0; done < requests; done += perBlock) {
        for (const run of runs) {
          // The server's own CPU over its block: on a shared machine steadier than wall time.
          const c0 = cpuSecondsOf(run.pid);
          for (let i = done; i < Math.min(requests, done + perBlock); i++) {
            const t = performance.now();
            await run.call();
            run.times.push(performance.now() - t);
          }
          run.cpu += cpuSecondsOf(run.pid) - c0;
        }
      }
      runs.forEach((run, k) => {
        run.times.sort((a, b) => a - b);
        const h = run.shape.json.data.history;
        console.log(
          `| ${name} | ${servers[k].name} | ${h.bucketMs === 0 ? 'raw' : `${fmt(h.bucketMs / 1000)} s`} | ${fmt(h.buckets.length)} | ${fmt(run.shape.bytes / 1024)} | ${fmt(percentile(run.times, 50), 1)} | ${fmt(percentile(run.times, 99), 1)} | ${fmt((run.cpu * 1000) / run.times.length, 1)} | ${target} ms |`,
        );
      });
    }
    console.log(
      `\n${requests} sequential requests per range and server (${BLOCKS} blocks, alternating between servers) after ${warmup} warm-up\n`,
    );
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

/** Server CPU per stored reading with the archive off and on, rounds alternating (A B A B). */
async function ingestAb() {
  const patients = o.smoke ? 6 : Number(o.patients);
  const seconds = o.smoke ? 2 : Number(o.seconds);
  const rounds = o.smoke ? 1 : Number(o.rounds);
  console.log(
    `ingest A/B: ${patients} patients from the simulator, ${seconds} s measured per round after 5 s warm-up\n`,
  );
  console.log('| round | archive | readings/s | server CPU % | CPU µs per reading | archived readings |');
  console.log('|---:|---|---:|---:|---:|---:|');
  const perReading = { off: [], on: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const mode of ['off', 'on']) {
      const sim = await startSimulator(patients);
      const runPrefix = `${prefix}ab${round}${mode}:`;
      const server = await startServer({
        ...pollingEnv({ redis: o.redis, prefix: runPrefix, apiUrl: sim.url, patients }),
        ARCHIVE: mode,
        DATABASE_URL: o.database,
        ARCHIVE_SCHEMA: schema,
      });
      await sleep(o.smoke ? 1000 : 5000);
      const s0 = await metric(server.url, 'plantar_readings_stored_total');
      const c0 = cpuSecondsOf(server.child.pid);
      const t0 = Date.now();
      await sleep(seconds * 1000);
      const s1 = await metric(server.url, 'plantar_readings_stored_total');
      const c1 = cpuSecondsOf(server.child.pid);
      const archived =
        mode === 'on' ? await metric(server.url, 'plantar_archive_readings_written_total') : NaN;
      const wall = (Date.now() - t0) / 1000;
      await server.stop();
      await sim.stop();
      await dropKeys(o.redis, runPrefix);
      const stored = s1 - s0;
      if (stored === 0) throw new Error(`nothing stored in round ${round} (${mode})`);
      const cpuUs = ((c1 - c0) * 1e6) / stored;
      perReading[mode].push(cpuUs);
      console.log(
        `| ${round} | ${mode} | ${fmt(stored / wall)} | ${fmt(((c1 - c0) / wall) * 100)} | ${fmt(cpuUs, 1)} | ${mode === 'on' ? fmt(archived) : '–'} |`,
      );
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const extra = mean(perReading.on) / mean(perReading.off) - 1;
  console.log(
    `\narchive's extra server CPU per stored reading: ${fmt(extra * 100, 1)}% of the baseline (target <= 10%; PostgreSQL's own CPU not included)`,
  );
}

async function dropSchema() {
  const client = new pg.Client({ connectionString: o.database });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
