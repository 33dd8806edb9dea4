// Freshness: time from the API response being received by the poller (the reading's `at`) to a
// graphql-ws subscriber in another process receiving it. Server and simulator run as their own
// processes; this process only subscribes.
//   node bench/freshness.mjs [--patients 6,1000] [--seconds 10] [--rounds 1] [--smoke]
// With --rounds k every size is measured k times, each with a fresh simulator and server, one
// row each: the machines are shared, and a single run's tail says as much about the neighbours.
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
} from './lib.mjs';

const o = options({
  patients: '6,1000',
  seconds: 10,
  warmup: 3,
  rounds: 1,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const sizes = o.smoke ? [6] : o.patients.split(',').map(Number);
const seconds = o.smoke ? 1 : o.seconds;

console.log(`# freshness — ${machine()}`);
console.log('| patients | readings received | p50 ms | p95 ms | p99 ms | max ms |');
console.log('|---:|---:|---:|---:|---:|---:|');
const rounds = o.smoke ? 1 : Number(o.rounds);
let failed = false;
for (const n of sizes) for (let round = 1; round <= rounds; round++) await measure(n, round);
if (failed) {
  console.error('freshness: the subscriber received no reading while measured');
  process.exit(1);
}

async function measure(n, round) {
  const sim = await startSimulator(n);
  const prefix = `bench:fresh:${Date.now()}:`;
  const server = await startServer(pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients: n }));
  const client = createClient({
    url: server.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
  });
  const delays = [];
  let recording = false;
  const stop = client.subscribe(
    { query: 'subscription { readings { at } }' },
    {
      next: ({ data }) => {
        if (recording) delays.push(Date.now() - Date.parse(data.readings.at));
      },
      error: (e) => console.error('subscription error', e),
      complete: () => undefined,
    },
  );
  await sleep((o.smoke ? 1 : o.warmup) * 1000);
  recording = true;
  await sleep(seconds * 1000);
  recording = false;
  stop();
  await client.dispose();
  await server.stop();
  await sim.stop();
  await dropKeys(o.redis, prefix);
  delays.sort((a, b) => a - b);
  if (delays.length === 0) failed = true;
  console.log(
    `| ${fmt(n)}${rounds > 1 ? ` (round ${round}/${rounds})` : ''} | ${fmt(delays.length)} | ${fmt(percentile(delays, 50))} | ${fmt(percentile(delays, 95))} | ${fmt(percentile(delays, 99))} | ${fmt(delays.at(-1))} |`,
  );
}
