// Ingest: simulated patients at the real rate polled, stored in Redis and published.
// Baselines measured in the same run: a poll-only loop (same client, nothing stored: the limit
// of polling) and redis-benchmark pipelined RPUSH (the store's limit).
//   node bench/ingest.mjs [--patients 6,1000,3000,10000] [--seconds 10] [--smoke]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  options,
  machine,
  startSimulator,
  startServer,
  metric,
  cpuSecondsOf,
  sleep,
  fmt,
  root,
  dropKeys,
  ensureBuilt,
  pollingEnv,
  redisRpushBaseline,
} from './lib.mjs';

const o = options({
  patients: '6,1000,3000,10000',
  seconds: 10,
  warmup: 3,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const sizes = o.smoke ? [6] : o.patients.split(',').map(Number);
const seconds = o.smoke ? 1 : o.seconds;
const warmup = o.smoke ? 1 : o.warmup;

console.log(`# ingest — ${machine()}`);
const rpush = redisRpushBaseline(o.redis, o.smoke);
console.log(
  `store baseline: redis-benchmark pipelined RPUSH ${fmt(rpush)} ops/s (a reading costs 3 RPUSH + 1 PUBLISH in one script)`,
);
console.log(
  '| patients | offered/s | poll-only readings/s | poll-only CPU | ingest readings/s | ingest CPU (server) | ingest / poll-only |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
let failed = false;
for (const n of sizes) {
  const sim = await startSimulator(n);
  // Runs warmup + seconds, then stops its loops; killed (failing the bench) if it hangs past that.
  const base = JSON.parse(
    execFileSync(
      process.execPath,
      [join(root, 'bench/poll-only.mjs'), sim.url, String(n), String(seconds), String(warmup)],
      {
        timeout: (warmup + seconds + 60) * 1000,
        killSignal: 'SIGKILL',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ).toString(),
  );
  const prefix = `bench:ingest:${Date.now()}:`;
  const server = await startServer(pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients: n }));
  await sleep(warmup * 1000);
  const s0 = await metric(server.url, 'plantar_readings_stored_total');
  const c0 = cpuSecondsOf(server.child.pid);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const s1 = await metric(server.url, 'plantar_readings_stored_total');
  const c1 = cpuSecondsOf(server.child.pid);
  const elapsed = (performance.now() - t0) / 1000;
  const rate = (s1 - s0) / elapsed;
  if (!(rate > 0) || !(base.readingsPerSec > 0)) failed = true;
  await server.stop();
  await sim.stop();
  await dropKeys(o.redis, prefix);
  console.log(
    `| ${fmt(n)} | ${fmt(n * 5)} | ${fmt(base.readingsPerSec)} | ${fmt(base.cpu * 100)}% | ${fmt(rate)} | ${fmt(((c1 - c0) / elapsed) * 100)}% | ${fmt(rate / base.readingsPerSec, 2)} |`,
  );
}
if (failed) {
  console.error(
    'ingest: the server stored nothing, or the poll-only baseline polled nothing, while measured',
  );
  process.exit(1);
}
