// Gait analytics: what they cost on the ingest path of the whole server.
//   node bench/gait-cost.mjs [--patients 1000] [--seconds 20] [--rounds 2] [--smoke]
// Same run, same simulator, alternating rounds: the server with GAIT=off (baseline) and with gait
// on (the default), each with the same subscribers: the overview feed (every patient's gait state
// and cadence) and the gait panel of one patient (Subscription.gait, 1 Hz). Reported: readings
// stored per second, server CPU, CPU per stored reading, and gait's extra CPU as a share of the
// baseline's (issue 14's target: <= 5% extra server CPU at 1,000 patients x 5 Hz).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  options,
  machine,
  startSimulator,
  startServer,
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
  warmup: 8,
  rounds: 2,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const patients = o.smoke ? 6 : Number(o.patients);
const seconds = o.smoke ? 2 : Number(o.seconds);
const rounds = o.smoke ? 1 : Number(o.rounds);
const warmup = o.smoke ? 2 : Number(o.warmup);

console.log(`# gait cost — ${machine()}`);
console.log(`${patients} patients, ${seconds} s measured per round after ${warmup} s warm-up\n`);
console.log(
  '| round | gait | readings/s | server CPU % | CPU µs per reading | gait updates | walking patients |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|');
const perReading = { off: [], on: [] };
for (let round = 1; round <= rounds; round++) {
  for (const mode of ['off', 'on']) await measure(round, mode);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const extra = mean(perReading.on) / mean(perReading.off) - 1;
console.log(`\ngait's extra CPU per stored reading: ${fmt(extra * 100, 1)}% of the baseline (target <= 5%)`);

async function measure(round, mode) {
  const sim = await startSimulator(patients);
  const prefix = `bench:gait:${Date.now()}:`;
  const server = await startServer({
    ...pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients }),
    GAIT: mode,
  });
  const client = createClient({
    url: server.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
  });
  let updates = 0;
  const states = new Map();
  const subs = [
    client.subscribe(
      { query: 'subscription { patientSummaries { summaries { patientId gaitState cadence } } }' },
      {
        next: ({ data }) => {
          for (const s of data?.patientSummaries.summaries ?? []) states.set(s.patientId, s.gaitState);
        },
        error: (e) => console.error('overview subscription error', e),
        complete: () => undefined,
      },
    ),
  ];
  if (mode === 'on') {
    subs.push(
      client.subscribe(
        { query: 'subscription { gait(patientId: 2) { state cadence steps contacts { foot from to } } }' },
        {
          next: () => updates++,
          error: (e) => console.error('gait subscription error', e),
          complete: () => undefined,
        },
      ),
    );
  }
  await sleep(warmup * 1000);
  updates = 0;
  const s0 = await metric(server.url, 'plantar_readings_stored_total');
  const c0 = cpuSecondsOf(server.child.pid);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const s1 = await metric(server.url, 'plantar_readings_stored_total');
  const c1 = cpuSecondsOf(server.child.pid);
  const wall = (Date.now() - t0) / 1000;
  const walking = [...states.values()].filter((s) => s === 'WALKING').length;
  for (const stop of subs) stop();
  await client.dispose();
  await server.stop();
  await sim.stop();
  await dropKeys(o.redis, prefix);
  const stored = s1 - s0;
  const cpuUs = ((c1 - c0) * 1e6) / Math.max(1, stored);
  perReading[mode].push(cpuUs);
  console.log(
    `| ${round} | ${mode} | ${fmt(stored / wall)} | ${fmt(((c1 - c0) / wall) * 100)} | ${fmt(cpuUs, 1)} | ${mode === 'on' ? updates : '–'} | ${mode === 'on' ? walking : '–'} |`,
  );
  if (stored === 0) {
    console.error(`gait-cost: nothing stored in round ${round} (${mode})`);
    process.exit(1);
  }
  if (mode === 'on' && !o.smoke && (updates === 0 || walking === 0)) {
    console.error(`gait-cost: gait on but ${updates} panel updates and ${walking} walking patients`);
    process.exit(1);
  }
}
