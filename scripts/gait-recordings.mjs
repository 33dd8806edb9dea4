#!/usr/bin/env node
// Runs Plantar's gait analysis (server/src/gait/analysis, built) over recordings of the real API and
// prints per-patient figures, to compare with the facts in shared/foot-pressure-api.md.
//
//   node scripts/gait-recordings.mjs ../shared/data/ppdv/captures-2020-01.ndjson [more.ndjson ...]
//
// Formats (one JSON object a line, see shared/data/ppdv/README.md):
// - raw captures: {"patient": <URL id>, "seq": n, "response": <the API's body>}; no wall time was
//   kept, so readings are taken in poll order and exact repeats (the API polled faster than it
//   samples) are collapsed by the tracker;
// - flattened readings: {"trace_id", "patient_id", "l0", "l0a", ..., "r2", "r2a"};
// - anomaly episodes: {"patient_id", "anomaly_start", "anomaly_end", "traces": [flattened readings]}.
// The receive time `at` is made up (200 ms a reading, the real service's pace): the analysis runs on
// the trace clock, so `at` only orders the readings. The data is read where it lies, never copied.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'server/dist/gait/analysis/gait-tracker.js');

/** Newest mtime of the TypeScript the analysis is built from. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the server when its dist is missing or older than the analysis' sources (only the server:
 * the client is not needed here, unlike bench/lib.mjs ensureBuilt). GAIT_NO_BUILD=1 skips it.
 */
function ensureServerBuilt() {
  if (process.env.GAIT_NO_BUILD === '1') return;
  const sources = Math.max(
    newestSource(join(root, 'server/src/gait')),
    newestSource(join(root, 'server/src/simulator')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stderr.write('building the server (npm run -w server build)…\n');
  const build = spawnSync('npm', ['run', '-w', 'server', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('server build failed: run `npm run -w server build` to see why');
}

const SENSOR_KEYS = ['l0', 'l1', 'l2', 'r0', 'r1', 'r2'];

function fail(file, line, what) {
  throw new Error(`${file}:${line}: ${what}`);
}

/** A sensor value from outside: an integer 0..1023. */
function sensorValue(value, file, line, what) {
  if (!Number.isInteger(value) || value < 0 || value > 1023)
    fail(file, line, `${what} must be an integer 0..1023, got ${JSON.stringify(value)}`);
  return value;
}

function traceIdOf(value, file, line) {
  if (Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return value;
  return fail(file, line, `trace id must be a non-negative integer, got ${JSON.stringify(value)}`);
}

/** Readings (patientId, traceId, sensors) of one line, whatever its format. */
function readingsOfLine(record, file, line) {
  if (record === null || typeof record !== 'object') fail(file, line, 'expected a JSON object');
  if ('response' in record) {
    const patient = record.patient;
    if (!Number.isInteger(patient) || patient < 1)
      fail(file, line, `"patient" must be an id >= 1, got ${JSON.stringify(patient)}`);
    const trace = record.response?.trace;
    if (trace === null || typeof trace !== 'object' || !Array.isArray(trace.sensors))
      fail(file, line, 'response.trace.sensors must be an array');
    const sensors = trace.sensors.map((s, i) => {
      if (s === null || typeof s !== 'object' || !Number.isInteger(s.id) || s.id < 0 || s.id > 5)
        fail(file, line, `sensor ${i} must have an id 0..5`);
      return {
        id: s.id,
        value: sensorValue(s.value, file, line, `sensor ${s.id} value`),
        anomaly: s.anomaly === true,
      };
    });
    return [{ patientId: patient, traceId: traceIdOf(trace.id, file, line), sensors }];
  }
  if (Array.isArray(record.traces)) return record.traces.flatMap((t) => readingsOfLine(t, file, line));
  if ('trace_id' in record) {
    const patient = record.patient_id;
    if (!Number.isInteger(patient) || patient < 1)
      fail(file, line, `"patient_id" must be an id >= 1, got ${JSON.stringify(patient)}`);
    const sensors = SENSOR_KEYS.map((key, id) => ({
      id,
      value: sensorValue(record[key], file, line, `"${key}"`),
      anomaly: record[`${key}a`] === true,
    }));
    return [{ patientId: patient, traceId: traceIdOf(record.trace_id, file, line), sensors }];
  }
  return fail(
    file,
    line,
    'neither a capture ("response"), a flattened reading ("trace_id") nor an episode ("traces")',
  );
}

/** Sums of FIVE_MINUTES summaries taken over a recording, weighted so shares are over all of it. */
class Totals {
  constructor() {
    this.samples = 0;
    this.covered = 0;
    this.walking = 0;
    this.standing = 0;
    this.noLoad = 0;
    this.steps = 0;
    this.w = {};
    this.sums = {};
  }

  /** A figure `value` weighted by `weight` (walking seconds for walking figures). */
  add(name, value, weight) {
    if (value === null || value === undefined || !(weight > 0)) return;
    this.sums[name] = (this.sums[name] ?? 0) + value * weight;
    this.w[name] = (this.w[name] ?? 0) + weight;
  }

  mean(name) {
    return this.w[name] > 0 ? this.sums[name] / this.w[name] : null;
  }

  take(s) {
    const seconds = s.walkingSeconds + s.standingSeconds + s.noLoadSeconds;
    this.samples += s.quality.samplesPerSecond * s.quality.coverage * 300;
    this.covered += s.quality.coverage * 300;
    this.walking += s.walkingSeconds;
    this.standing += s.standingSeconds;
    this.noLoad += s.noLoadSeconds;
    this.steps += s.steps;
    const w = s.walkingSeconds;
    this.add('cadence', s.cadence, w);
    this.add('strideL', s.strideSeconds.left, w);
    this.add('strideR', s.strideSeconds.right, w);
    this.add('stanceL', s.stanceShare.left, w);
    this.add('stanceR', s.stanceShare.right, w);
    this.add('double', s.doubleSupportShare, w);
    this.add('stanceRatio', s.symmetry.stanceRatio, w);
    this.add('strideRatio', s.symmetry.strideRatio, w);
    this.add('loadRatio', s.symmetry.loadRatio, w);
    this.add('regularity', s.regularity, w);
    this.add('heelL', s.regions.left.heel, w);
    this.add('heelR', s.regions.right.heel, w);
    this.add('confidence', s.quality.confidence, seconds);
  }
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('--help')) {
    process.stdout.write('usage: node scripts/gait-recordings.mjs <recording.ndjson> [...]\n');
    process.exit(files.length === 0 ? 2 : 0);
  }
  ensureServerBuilt();
  const { GaitTracker } = await import(pathToFileURL(built).href);
  const { utcMsFromTraceId } = await import(
    pathToFileURL(join(root, 'server/dist/simulator/trace-clock.js')).href
  );
  /** Recording second of a trace id, NaN when it is none. */
  const recordingSecond = (traceId) => {
    try {
      return utcMsFromTraceId(Number(traceId)) / 1000;
    } catch {
      return Number.NaN;
    }
  };
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
    /** Per patient: tracker, readings fed, recording-clock windows summed. */
    const patients = new Map();
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const text of lines) {
      n++;
      if (text.trim() === '') continue;
      let record;
      try {
        record = JSON.parse(text);
      } catch (error) {
        fail(file, n, `not JSON (${error.message})`);
      }
      for (const r of readingsOfLine(record, file, n)) {
        let p = patients.get(r.patientId);
        if (p === undefined) {
          p = {
            tracker: new GaitTracker(r.patientId),
            readings: 0,
            totals: new Totals(),
            windowFrom: Number.NaN,
            pending: false,
          };
          patients.set(r.patientId, p);
        }
        // 200 ms a reading: the order, not a clock (the analysis runs on the trace ids).
        p.tracker.add({
          patientId: r.patientId,
          at: 1_600_000_000_000 + p.readings * 200,
          traceId: r.traceId,
          sensors: r.sensors,
        });
        p.readings++;
        // A five-minute window each time the recording clock has run ~5 minutes on (or jumped
        // back): consecutive windows then cover the recording with little overlap.
        const second = recordingSecond(r.traceId);
        if (Number.isNaN(p.windowFrom) || second < p.windowFrom) p.windowFrom = second;
        p.pending = true;
        if (second - p.windowFrom >= 295) {
          p.totals.take(p.tracker.summary('FIVE_MINUTES'));
          p.windowFrom = second;
          p.pending = false;
        }
      }
    }
    process.stdout.write(`\n${file}\n`);
    const header =
      'patient readings samples/s walk% stand% noload% steps cadence strideL strideR stanceL stanceR double  stanceR/L strideL/R loadL/R regular heelL heelR confidence';
    process.stdout.write(`${header}\n`);
    const fmt = (x, digits = 2) => (x === null || x === undefined ? '-' : x.toFixed(digits));
    for (const [id, p] of [...patients].sort((a, b) => a[0] - b[0])) {
      if (p.pending) p.totals.take(p.tracker.summary('FIVE_MINUTES'));
      const t = p.totals;
      const all = t.walking + t.standing + t.noLoad;
      const pct = (x) => (all > 0 ? ((100 * x) / all).toFixed(0) : '-');
      const cells = [
        id,
        p.readings,
        fmt(t.covered > 0 ? t.samples / t.covered : null),
        pct(t.walking),
        pct(t.standing),
        pct(t.noLoad),
        t.steps,
        fmt(t.mean('cadence'), 1),
        fmt(t.mean('strideL')),
        fmt(t.mean('strideR')),
        fmt(t.mean('stanceL')),
        fmt(t.mean('stanceR')),
        fmt(t.mean('double')),
        fmt(t.mean('stanceRatio')),
        fmt(t.mean('strideRatio')),
        fmt(t.mean('loadRatio')),
        fmt(t.mean('regularity')),
        fmt(t.mean('heelL')),
        fmt(t.mean('heelR')),
        fmt(t.mean('confidence')),
      ];
      process.stdout.write(`${cells.join(' ')}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
