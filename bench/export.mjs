// CSV export: a week of one patient at 5 Hz (~3 M readings) downloaded through `exportLink` and
// GET /export/<link>, streamed: readings/s and MB/s, and the server's RSS sampled every 250 ms
// while it streams (flat means no whole-range buffering). Baseline in the same run: the bench
// process reading and decoding the same archived minutes straight from PostgreSQL (the data
// access alone, no CSV, no HTTP).
// The archive is PostgreSQL (DATABASE_URL, default the test database) in a schema of its own per
// run, dropped at the end; the week is written straight to the archive as the writer does.
//   node bench/export.mjs [--days 7] [--rounds 2] [--smoke]
import pg from 'pg';
import { request } from 'undici';
import { readMinutes, writeMinutes } from '../server/dist/archive/archive-tables.js';
import { MINUTE_MS } from '../server/dist/archive/minute-samples.js';
import { walkingMinute } from './archive-minutes.mjs';
import { openDatabase } from '../server/dist/archive/open-database.js';
import { PartitionCache } from '../server/dist/archive/partitions.js';
import { options, machine, startServer, fmt, dropKeys, rssOf, DEAD_API, ensureBuilt } from './lib.mjs';

const o = options({
  days: 7,
  rounds: 2,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  database: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
});
ensureBuilt();
const days = o.smoke ? 0.05 : Number(o.days);
const rounds = o.smoke ? 1 : Number(o.rounds);
const PATIENT = 1;
const DAY = 86_400_000;
const logger = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => logger };

console.log(`# CSV export — ${machine()}`);
const schema = `bench_export_${Date.now()}`;
const prefix = `bench:export:${Date.now()}:`;

let server;
try {
  const db = await openDatabase({ url: o.database, schema, logger });
  const now = Date.now();
  // Ending a few minutes ago: the Redis window (empty here) holds nothing of it.
  const to = Math.floor((now - 5 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const from = to - Math.round(days * DAY);
  const t = performance.now();
  const partitions = new PartitionCache();
  let readings = 0;
  for (let start = from; start < to; start += 240 * MINUTE_MS) {
    const batch = [];
    for (let m = start; m < Math.min(to, start + 240 * MINUTE_MS); m += MINUTE_MS)
      batch.push(walkingMinute(PATIENT, m));
    await partitions.ensure(
      db,
      batch.map((m) => m.minute),
    );
    await writeMinutes(db, batch, 100, now);
    readings += batch.length * 300;
  }
  console.log(
    `archive (PostgreSQL, schema ${schema}) filled with ${fmt(readings)} readings (${days} days at 5 Hz) in ${fmt((performance.now() - t) / 1000, 1)} s\n`,
  );

  server = await startServer({
    REDIS_URL: o.redis,
    REDIS_KEY_PREFIX: prefix,
    API_BASE_URL: DEAD_API,
    PATIENT_IDS: String(PATIENT),
    BACKOFF_MAX_MS: '60000',
    ARCHIVE: 'on',
    DATABASE_URL: o.database,
    ARCHIVE_SCHEMA: schema,
  });
  console.log(
    '| round | path | readings | MB | seconds | readings/s | MB/s | server RSS start / peak / end MiB |',
  );
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (let round = 1; round <= rounds; round++) {
    // Baseline: the minutes a day at a time, decoded in this process.
    const b0 = performance.now();
    let decoded = 0;
    for (let day = from; day < to; day += DAY) {
      const minutes = await readMinutes(db, PATIENT, day, Math.min(to, day + DAY) - MINUTE_MS);
      decoded += minutes.reduce((n, m) => n + m.count, 0);
    }
    const bs = (performance.now() - b0) / 1000;
    console.log(
      `| ${round} | PostgreSQL read + decode in the bench (baseline) | ${fmt(decoded)} | – | ${fmt(bs, 1)} | ${fmt(decoded / bs)} | – | – |`,
    );

    const link = await graphql(
      `
        mutation L($id: Int!, $from: DateTime!, $to: DateTime!) {
          exportLink(patientId: $id, from: $from, to: $to, kind: READINGS) {
            path
          }
        }
      `,
      { id: PATIENT, from: new Date(from).toISOString(), to: new Date(to - 1).toISOString() },
    );
    const rss = [rssOf(server.child.pid)];
    const sampler = setInterval(() => rss.push(rssOf(server.child.pid)), 250);
    const t0 = performance.now();
    const res = await request(`${server.url}${link.data.exportLink.path}`);
    if (res.statusCode !== 200) throw new Error(`export: HTTP ${res.statusCode}: ${await res.body.text()}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    rss.push(rssOf(server.child.pid));
    const rows = lines - 1; // the header
    if (rows !== readings) throw new Error(`export: ${rows} rows, expected ${readings}`);
    const mib = (b) => fmt(b / 1024 / 1024);
    console.log(
      `| ${round} | HTTP CSV export | ${fmt(rows)} | ${fmt(bytes / 1e6)} | ${fmt(seconds, 1)} | ${fmt(rows / seconds)} | ${fmt(bytes / 1e6 / seconds, 1)} | ${mib(rss[0])} / ${mib(Math.max(...rss))} / ${mib(rss[rss.length - 1])} |`,
    );
  }
  await db.close();
} finally {
  await server?.stop();
  await dropSchema();
  await dropKeys(o.redis, prefix);
}

async function graphql(query, variables) {
  const res = await request(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const json = await res.body.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json;
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
