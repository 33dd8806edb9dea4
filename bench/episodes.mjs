// Episodes: what the detectors cost on the ingest path, and how soon an episode reaches a subscriber.
//   node bench/episodes.mjs [--patients 1000] [--seconds 20] [--rounds 2] [--smoke]
// Same run, same simulator recordings, alternating rounds: the server with EPISODES=off (baseline)
// and with the detectors on (the default), each with the same two subscribers (every anomaly,
// every episode event). Reported: readings stored per second, server CPU per
// stored reading, the detectors' extra CPU as a share of the baseline's, and the open latency of
// ANOMALY episodes: from the arrival (at a subscriber) of the flagged reading that completed the
// pending period to the arrival of OPENED at the same subscriber.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  options,
  machine,
  startSimulator,
  startServer,
  percentile,
  sleep,
  fmt,
  dropKeys,
  ensureBuilt,
  pollingEnv,
  metric,
  cpuSecondsOf,
} from './lib.mjs';

const o = options({
  patients: 1000,
  seconds: 20,
  warmup: 5,
  rounds: 2,
  pending: 1000,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const patients = o.smoke ? 6 : Number(o.patients);
const seconds = o.smoke ? 2 : Number(o.seconds);
const rounds = o.smoke ? 1 : Number(o.rounds);

console.log(`# episodes — ${machine()}`);
console.log(
  `${patients} patients, ${seconds} s measured per round after ${o.smoke ? 1 : o.warmup} s warm-up\n`,
);
console.log('| round | detectors | readings/s | server CPU % | CPU µs per reading | episodes opened |');
console.log('|---:|---|---:|---:|---:|---:|');
const perReading = { off: [], on: [] };
const latencies = [];
for (let round = 1; round <= rounds; round++) {
  for (const mode of ['off', 'on']) await measure(round, mode);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const extra = mean(perReading.on) / mean(perReading.off) - 1;
console.log(
  `\ndetectors' extra CPU per stored reading: ${fmt(extra * 100, 1)}% of the baseline (target <= 10%)`,
);
latencies.sort((a, b) => a - b);
console.log(
  `ANOMALY open latency after the pending period (${latencies.length} episodes): ` +
    `p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms, ` +
    `p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? NaN)} ms (target p99 <= 50 ms)`,
);
await inProcess();
if (!o.smoke && latencies.length === 0) {
  console.error('episodes: no episode opened while measured');
  process.exit(1);
}

async function measure(round, mode) {
  const sim = await startSimulator(patients);
  const prefix = `bench:episodes:${Date.now()}:`;
  const server = await startServer({
    ...pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients }),
    EPISODES: mode,
  });
  const client = createClient({
    url: server.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
  });
  // Per patient: arrival times of flagged readings by their `at`; OPENED arrivals.
  const flagged = new Map();
  let opened = 0;
  let recording = false;
  const subs = [];
  // Both modes carry the same subscribers, so the difference is the detectors' alone.
  {
    subs.push(
      client.subscribe(
        { query: 'subscription { anomalies { patientId at } }' },
        {
          next: ({ data }) => {
            const list = flagged.get(data.anomalies.patientId) ?? [];
            list.push([Date.parse(data.anomalies.at), Date.now()]);
            if (list.length > 500) list.splice(0, 250);
            flagged.set(data.anomalies.patientId, list);
          },
          error: (e) => console.error('anomalies subscription error', e),
          complete: () => undefined,
        },
      ),
      client.subscribe(
        { query: 'subscription { episodes { type episode { patientId kind startedAt } } }' },
        {
          next: ({ data }) => {
            const { type, episode } = data.episodes;
            if (type !== 'OPENED' || episode.kind !== 'ANOMALY' || !recording) return;
            opened++;
            const arrived = Date.now();
            const due = Date.parse(episode.startedAt) + Number(o.pending);
            const completing = (flagged.get(episode.patientId) ?? []).find(([at]) => at >= due);
            if (completing) latencies.push(arrived - completing[1]);
          },
          error: (e) => console.error('episodes subscription error', e),
          complete: () => undefined,
        },
      ),
    );
  }
  await sleep((o.smoke ? 1 : Number(o.warmup)) * 1000);
  recording = true;
  const s0 = await metric(server.url, 'plantar_readings_stored_total');
  const c0 = cpuSecondsOf(server.child.pid);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const s1 = await metric(server.url, 'plantar_readings_stored_total');
  const c1 = cpuSecondsOf(server.child.pid);
  const wall = (Date.now() - t0) / 1000;
  recording = false;
  for (const stop of subs) stop();
  await client.dispose();
  await server.stop();
  await sim.stop();
  await dropKeys(o.redis, prefix);
  const stored = s1 - s0;
  const cpuUs = ((c1 - c0) * 1e6) / Math.max(1, stored);
  perReading[mode].push(cpuUs);
  console.log(
    `| ${round} | ${mode} | ${fmt(stored / wall)} | ${fmt(((c1 - c0) / wall) * 100)} | ${fmt(cpuUs, 1)} | ${mode === 'on' ? opened : '–'} |`,
  );
  if (stored === 0) {
    console.error(`episodes: nothing stored in round ${round} (${mode})`);
    process.exit(1);
  }
}

/**
 * The detectors' own work per reading, in this process and without I/O besides the in-process
 * episode store: steadier on a shared machine than the server A/B above, and comparable with the
 * ingest path's CPU per reading measured there (the baseline column).
 */
async function inProcess() {
  const { EpisodeEngine } = await import('../server/dist/episodes/episode-engine.js');
  const { MemoryEpisodeStore } = await import('../server/dist/episodes/memory-episode-store.js');
  const { DEFAULT_DETECTOR_CONFIG } = await import('../server/dist/episodes/detection/index.js');
  const logger = { info() {}, warn() {}, error() {}, debug() {} };
  const engine = new EpisodeEngine({
    store: new MemoryEpisodeStore(),
    detectors: DEFAULT_DETECTOR_CONFIG,
    monitored: () => [],
    logger,
  });
  const n = o.smoke ? 50 : patients;
  const perPatient = o.smoke ? 50 : 300;
  // Walking-like values, an all-sensor flag run of 3 s every 30 s: the real shape, at 5 Hz.
  const batches = [];
  for (let i = 0; i < perPatient; i++) {
    const batch = [];
    for (let p = 1; p <= n; p++) {
      const at = 1_700_000_000_000 + i * 200 + p;
      const flagged = i % 150 >= 100 && i % 150 < 115;
      batch.push({
        patientId: p,
        at,
        traceId: String(i),
        sensors: [0, 1, 2, 3, 4, 5].map((id) => ({
          id,
          name: `${id < 3 ? 'L' : 'R'}${id % 3}`,
          value: (i + id + p) % 3 === 0 ? 1023 : 40 + ((i * 37 + id * 11 + p) % 400),
          anomaly: flagged,
        })),
      });
    }
    batches.push(batch);
  }
  engine.onStored(batches[0]);
  await engine.settled();
  const t0 = process.cpuUsage();
  for (const batch of batches.slice(1)) {
    engine.onStored(batch);
    await engine.settled();
  }
  const used = process.cpuUsage(t0);
  await engine.stop();
  const readings = n * (perPatient - 1);
  const us = (used.user + used.system) / readings;
  const base = mean(perReading.off);
  console.log(
    `in process: ${fmt(us, 2)} µs of CPU per reading for ${fmt(readings)} readings of ${n} patients ` +
      `(detectors, coalescing, episode writes) = ${fmt((us / base) * 100, 1)}% of the baseline's ${fmt(base, 1)} µs per stored reading`,
  );
}
