// Device push over HTTP: readings/s stored with batches of 1,000 from 4 concurrent producers
// (issue 15's target: >= 50,000 readings/s on this machine), beside redis-benchmark pipelined RPUSH
// in the same run (the store's own limit; a reading costs 3 RPUSH + 1 PUBLISH in one script).
// Then freshness (issue 15: live subscribers see pushed readings as fresh as polled ones): every
// patient pushes a reading every 200 ms, stamped when sent, and a graphql-ws subscriber in this
// process takes `received − at` as bench/freshness.mjs does for polled ones; the polled case is
// measured in the same run beside it (simulator, `at` = when the poller received the answer).
//   node bench/push.mjs [--patients 1000] [--producers 4] [--batch 1000] [--seconds 10]
//                       [--fresh-patients 1000] [--fresh-seconds 10] [--smoke]
import { loadavg } from 'node:os';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  options,
  machine,
  startServer,
  metric,
  cpuSecondsOf,
  sleep,
  fmt,
  dropKeys,
  ensureBuilt,
  redisRpushBaseline,
  startSimulator,
  pollingEnv,
  percentile,
  DEAD_API,
} from './lib.mjs';

const o = options({
  patients: 1000,
  producers: 4,
  batch: 1000,
  seconds: 10,
  warmup: 2,
  'fresh-patients': 1000,
  'fresh-seconds': 10,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const patients = o.smoke ? 10 : Number(o.patients);
const producers = o.smoke ? 2 : Number(o.producers);
const batchSize = o.smoke ? 100 : Number(o.batch);
const seconds = o.smoke ? 2 : Number(o.seconds);
const warmup = o.smoke ? 1 : Number(o.warmup);

console.log(
  `# push — ${machine()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const rpush = redisRpushBaseline(o.redis, o.smoke);
console.log(`store baseline: redis-benchmark pipelined RPUSH ${fmt(rpush)} ops/s`);
console.log(
  `${patients} pushing patients, ${producers} producers, batches of ${batchSize}, ${seconds} s measured\n`,
);

const prefix = `bench:push:${Date.now()}:`;
// Nothing polled (PATIENT_IDS names one id the API never answers for), so every stored reading is pushed.
const server = await startServer({
  REDIS_URL: o.redis,
  REDIS_KEY_PREFIX: prefix,
  API_BASE_URL: DEAD_API,
  PATIENT_IDS: '999999',
  MAX_SEC: '30',
});
const headers = { 'content-type': 'application/json' };
for (let id = 1; id <= patients; id++) {
  const res = await fetch(`${server.url}/ingest/v1/patients/${id}`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ firstName: 'Bench', lastName: `Patient ${id}` }),
  });
  if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
}

// Each producer owns a slice of the patients and keeps its own clock per patient (time order).
let running = true;
let refused = 0;
const posted = [];
async function produce(p) {
  const mine = [];
  for (let id = 1 + p; id <= patients; id += producers) mine.push(id);
  let t = Date.now() - 60_000;
  let k = 0;
  let count = 0;
  while (running) {
    const batch = [];
    for (let i = 0; i < batchSize; i++) {
      const id = mine[k++ % mine.length];
      if (k % mine.length === 0) t += 1; // a new millisecond once every patient of the slice had one
      batch.push({ patientId: id, at: t, sensors: [k % 1024, 500, 1023, 80, (k * 7) % 1024, 1023] });
    }
    const res = await fetch(`${server.url}/ingest/v1/readings`, {
      method: 'POST',
      headers,
      body: JSON.stringify(batch),
    });
    const answer = await res.json();
    if (res.status === 429 || res.status === 503) {
      refused++;
      await sleep(Number(res.headers.get('retry-after') ?? 1) * 100);
    } else if (!res.ok || answer.rejected > 0)
      throw new Error(`push refused: ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
    else count += answer.accepted;
  }
  posted[p] = count;
}
const loops = Array.from({ length: producers }, (_, p) => produce(p));
await sleep(warmup * 1000);
const s0 = await metric(server.url, 'plantar_readings_stored_total');
const c0 = cpuSecondsOf(server.child.pid);
const t0 = Date.now();
await sleep(seconds * 1000);
const s1 = await metric(server.url, 'plantar_readings_stored_total');
const c1 = cpuSecondsOf(server.child.pid);
const wall = (Date.now() - t0) / 1000;
running = false;
await Promise.all(loops);
await server.stop();
await dropKeys(o.redis, prefix);
const rate = (s1 - s0) / wall;
console.log(
  '| readings stored/s | server CPU % | CPU µs per reading | 429/503 answers | stored / RPUSH ops |',
);
console.log('|---:|---:|---:|---:|---:|');
console.log(
  `| ${fmt(rate)} | ${fmt(((c1 - c0) / wall) * 100)} | ${fmt(((c1 - c0) * 1e6) / Math.max(1, s1 - s0), 1)} | ${refused} | ${fmt(rate / rpush, 3)} |`,
);
console.log(`\ntarget: >= 50,000 readings/s stored`);
if (s1 - s0 === 0) {
  console.error('push: nothing stored while measured');
  process.exit(1);
}

// Freshness: pushed beside polled, the same subscriber and the same figure.
const freshPatients = o.smoke ? 6 : Number(o['fresh-patients']);
const freshSeconds = o.smoke ? 1 : Number(o['fresh-seconds']);
console.log(
  `\n${freshPatients} patients, a reading each every 200 ms; received − at at one graphql-ws subscriber, ${freshSeconds} s\n`,
);
console.log('| source | readings received | p50 ms | p95 ms | p99 ms | max ms |');
console.log('|---|---:|---:|---:|---:|---:|');
const polled = await freshness('polled', async (prefix) => {
  const sim = await startSimulator(freshPatients);
  const srv = await startServer(
    pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients: freshPatients }),
  );
  return { server: srv, stop: () => sim.stop() };
});
const pushed = await freshness('pushed', async (prefix) => {
  const srv = await startServer({
    REDIS_URL: o.redis,
    REDIS_KEY_PREFIX: prefix,
    API_BASE_URL: DEAD_API,
    PATIENT_IDS: '999999',
    MAX_SEC: '30',
  });
  for (let id = 1; id <= freshPatients; id++) {
    const res = await fetch(`${srv.url}/ingest/v1/patients/${id}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ firstName: 'Bench', lastName: `Fresh ${id}` }),
    });
    if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  }
  // Four gateways, each posting its patients' newest readings every 200 ms, stamped as sent.
  let on = true;
  const gateways = Array.from({ length: producers }, async (_, p) => {
    for (let tick = 0; on; tick++) {
      const next = Date.now() + 200;
      const at = Date.now();
      const batch = [];
      for (let id = 1 + p; id <= freshPatients; id += producers)
        batch.push({ patientId: id, at, sensors: [tick % 1024, 500, 1023, 80, 700, 1023] });
      const res = await fetch(`${srv.url}/ingest/v1/readings`, {
        method: 'POST',
        headers,
        body: JSON.stringify(batch),
      });
      await res.arrayBuffer();
      await sleep(Math.max(0, next - Date.now()));
    }
  });
  return {
    server: srv,
    stop: async () => {
      on = false;
      await Promise.all(gateways);
    },
  };
});
console.log(`\ntarget: pushed as fresh as polled (p99 pushed / polled ${fmt(pushed.p99 / polled.p99, 2)})`);
if (polled.count === 0 || pushed.count === 0) {
  console.error('push: the subscriber received no reading while measured');
  process.exit(1);
}

async function freshness(source, start) {
  const prefix = `bench:push-fresh:${source}:${Date.now()}:`;
  const { server: srv, stop } = await start(prefix);
  const client = createClient({ url: srv.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket });
  const delays = [];
  let recording = false;
  const unsubscribe = client.subscribe(
    { query: 'subscription { readings { at } }' },
    {
      next: ({ data }) => {
        if (recording) delays.push(Date.now() - Date.parse(data.readings.at));
      },
      error: (e) => console.error('subscription error', e),
      complete: () => undefined,
    },
  );
  await sleep((o.smoke ? 1 : 3) * 1000);
  recording = true;
  await sleep(freshSeconds * 1000);
  recording = false;
  unsubscribe();
  await client.dispose();
  await stop();
  await srv.stop();
  await dropKeys(o.redis, prefix);
  delays.sort((a, b) => a - b);
  const f = (p) => fmt(percentile(delays, p));
  console.log(
    `| ${source} | ${fmt(delays.length)} | ${f(50)} | ${f(95)} | ${f(99)} | ${fmt(delays.at(-1))} |`,
  );
  return { count: delays.length, p99: percentile(delays, 99) };
}
