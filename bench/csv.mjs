// CSV recordings (issue 15): rows/s parsed and validated by Plantar's reader (csv-parse stream into
// typed columns, every field checked), beside csv-parse alone on the same text with the same options
// (records counted, nothing checked) in the same run; then an upload of 100 MiB to a server
// (POST /ingest/v1/recordings, streamed from a generator: neither side holds the text) with the
// server's RSS sampled every 50 ms: before, peak during the upload, and after the report.
//   node bench/csv.mjs [--rows 1000000] [--upload-mib 100] [--rounds 3] [--smoke]
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import {
  options,
  machine,
  startServer,
  sleep,
  fmt,
  dropKeys,
  ensureBuilt,
  rssOf,
  root,
  DEAD_API,
} from './lib.mjs';

const o = options({
  rows: 1_000_000,
  'upload-mib': 100,
  rounds: 3,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const rows = o.smoke ? 20_000 : Number(o.rows);
const uploadBytes = (o.smoke ? 2 : Number(o['upload-mib'])) * 1024 * 1024;
const rounds = o.smoke ? 1 : Number(o.rounds);
const { readRecording } = createRequire(import.meta.url)(join(root, 'server/dist/replay/recording-csv.js'));

/** Row i of a minimal recording at 100 Hz: `time,L0,L1,L2,R0,R1,R2` (a walk's alternating loads). */
function row(i) {
  const left = i % 40 < 20;
  const v = (on, k) => (on ? 600 + ((i * 7 + k * 13) % 400) : 20 + ((i + k) % 30));
  return `${(i / 100).toFixed(2)},${v(left, 0)},${v(left, 1)},${v(left, 2)},${v(!left, 3)},${v(!left, 4)},${v(!left, 5)}\n`;
}
const HEADER = 'time,L0,L1,L2,R0,R1,R2\n';

/** The recording as 64 KiB chunks, generated as read (`limitBytes`: stop at the first row past it). */
function* chunks({ maxRows = Infinity, limitBytes = Infinity }) {
  let buf = HEADER;
  let bytes = 0;
  for (let i = 0; i < maxRows && bytes < limitBytes; i++) {
    buf += row(i);
    if (buf.length >= 65536) {
      bytes += buf.length;
      yield Buffer.from(buf);
      buf = '';
    }
  }
  if (buf !== '') yield Buffer.from(buf);
}

console.log(
  `# csv — ${machine()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

// 1. Parsing and validation in this process, the text in memory (both sides read the same chunks).
const text = [...chunks({ maxRows: rows })];
const mib = text.reduce((n, c) => n + c.length, 0) / 2 ** 20;
console.log(`\n${fmt(rows)} rows (${fmt(mib, 1)} MiB), minimal format, ${rounds} rounds alternating\n`);
console.log(
  '| round | csv-parse alone rows/s | Plantar reader rows/s | reader / csv-parse | MiB/s (reader) |',
);
console.log('|---:|---:|---:|---:|---:|');
const timed = async (run) => {
  const t = performance.now();
  const n = await run();
  return n / ((performance.now() - t) / 1000);
};
const bareRun = async () => {
  let records = 0;
  const parser = Readable.from(text).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: false }),
  );
  parser.on('data', () => records++);
  await new Promise((resolve, reject) => parser.once('end', resolve).once('error', reject));
  return records - 1;
};
const readerRun = async () => {
  const recording = await readRecording(Readable.from(text));
  if (recording.rows !== rows || recording.errorCount !== 0)
    throw new Error(`csv: read ${recording.rows} rows, ${recording.errorCount} errors; expected ${rows}, 0`);
  await recording.spool.discard();
  return recording.rows;
};
for (let round = 1; round <= rounds; round++) {
  // Alternating which goes first, so neither always pays the warm-up.
  let bare, reader;
  if (round % 2 === 1) {
    bare = await timed(bareRun);
    reader = await timed(readerRun);
  } else {
    reader = await timed(readerRun);
    bare = await timed(bareRun);
  }
  console.log(
    `| ${round} | ${fmt(bare)} | ${fmt(reader)} | ${fmt(reader / bare, 2)} | ${fmt((mib * reader) / rows, 1)} |`,
  );
}
text.length = 0;

// 2. An upload of uploadBytes to a server, its RSS sampled throughout.
const prefix = `bench:csv:${Date.now()}:`;
const server = await startServer({
  REDIS_URL: o.redis,
  REDIS_KEY_PREFIX: prefix,
  API_BASE_URL: DEAD_API,
  PATIENT_IDS: '999999',
});
try {
  await sleep(1000); // past the start's own allocations
  const pid = server.child.pid;
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
  let sent = 0;
  const t0 = performance.now();
  const body = Readable.from(
    (function* () {
      for (const c of chunks({ limitBytes: uploadBytes })) {
        sent += c.length;
        yield c;
      }
    })(),
  );
  const { status, report } = await new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/ingest/v1/recordings`,
      { method: 'POST', headers: { 'content-type': 'text/csv' } },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (answer += d));
        res.on('end', () => resolve({ status: res.statusCode, report: JSON.parse(answer) }));
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rssOf(pid));
  const after = rssOf(pid);
  if (status !== 200)
    throw new Error(`csv: upload answered ${status}: ${JSON.stringify(report).slice(0, 300)}`);
  // What the held upload spools to disk (time 8 B, six values 2 B each, flags 1 B a row; until the
  // spool these rows were held in memory).
  const columns = (report.rows * 21) / 2 ** 20;
  console.log(
    `\nupload of ${fmt(sent / 2 ** 20, 1)} MiB (${fmt(report.rows)} rows): ${fmt(secs, 1)} s, ${fmt(sent / 2 ** 20 / secs, 1)} MiB/s\n`,
  );
  console.log(
    '| server RSS before MiB | peak during MiB | after the report MiB | peak − before MiB | rows spooled to disk MiB |',
  );
  console.log('|---:|---:|---:|---:|---:|');
  const m = (b) => fmt(b / 2 ** 20, 0);
  console.log(`| ${m(before)} | ${m(peak)} | ${m(after)} | ${m(peak - before)} | ${fmt(columns, 0)} |`);
  console.log(
    `\ntarget: flat server memory (neither the text nor the rows are held: peak − before a constant, not following the file)`,
  );
} finally {
  await server.stop();
  await dropKeys(o.redis, prefix);
}
