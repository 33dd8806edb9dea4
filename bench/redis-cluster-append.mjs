// Append throughput of the store on one Redis and on a 3-master Redis Cluster (issue 16, "Redis
// Cluster"): RedisStore.append in batches like the write queue's (up to 2,000 readings of many
// patients), one batch in flight, for --seconds each. The one-Redis run is the seed layout, one
// script call per batch (the path the cluster work must not slow down); the cluster run splits each
// batch per key group (64 script calls, pipelined per master) and publishes with SPUBLISH.
// Every Redis here is a redis-server of this bench's own (free loopback ports, temp dirs, no
// persistence), stopped at the end. On 2 shared cores the three masters compete with the bench and
// each other: read the ratio, not the absolute figures.
//
//   node bench/redis-cluster-append.mjs [--seconds 8] [--patients 1000] [--batch 2000]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, fmt, freePort, machine, options, root, sleep } from './lib.mjs';

const opts = options({ seconds: 8, patients: 1000, batch: 2000 });
if (opts.smoke) Object.assign(opts, { seconds: 1, patients: 50, batch: 200 });
ensureBuilt();
const { RedisStore } = await import(join(root, 'server/dist/store/redis-store.js'));

function redisServer(port, extra) {
  const dir = mkdtempSync(join(tmpdir(), 'plantar-bench-redis-'));
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
  return {
    port,
    ready,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sensors(at) {
  return [0, 1, 2, 3, 4, 5].map((id) => ({ anomaly: false, id, name: `S${id}`, value: (at + id) % 1024 }));
}

async function run(label, store) {
  await store.waitUntilReady(10_000);
  let at = Date.now();
  let stored = 0;
  const perBatch = Math.min(opts.batch, opts.patients * 2);
  const deadline = Date.now() + opts.seconds * 1000;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  while (Date.now() < deadline) {
    const readings = [];
    for (let i = 0; i < perBatch; i++) {
      const patientId = (i % opts.patients) + 1;
      if (patientId === 1) at += 10;
      readings.push({ patientId, at, traceId: String(at * 10 + patientId), sensors: sensors(at) });
    }
    await store.append(readings);
    stored += readings.length;
  }
  const secs = (Date.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  const result = {
    label,
    readingsPerSec: stored / secs,
    benchCpuUsPerReading: (cpu.user + cpu.system) / stored,
  };
  console.log(`| ${label} | ${fmt(result.readingsPerSec)} | ${fmt(result.benchCpuUsPerReading, 1)} |`);
  return result;
}

const servers = [];
try {
  console.log(JSON.stringify({ machine: machine(), opts }));
  console.log('| store on | readings/s appended | bench process CPU µs/reading |');
  console.log('| --- | --- | --- |');
  const single = redisServer(await freePort(), []);
  servers.push(single);
  await single.ready;
  const one = await run(
    'one Redis (seed layout, one call per batch)',
    new RedisStore({ url: `redis://127.0.0.1:${single.port}`, keyPrefix: 'bench:' }),
  );
  single.stop();
  servers.length = 0;

  const ports = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const bus = await freePort();
    ports.push(port);
    const s = redisServer(port, [
      '--cluster-enabled',
      'yes',
      '--cluster-port',
      String(bus),
      '--cluster-config-file',
      'nodes.conf',
    ]);
    servers.push(s);
    await s.ready;
  }
  execFileSync(
    'redis-cli',
    [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ],
    {
      stdio: 'ignore',
    },
  );
  for (let tries = 0; tries < 100; tries++) {
    const info = execFileSync('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']).toString();
    if (info.includes('cluster_state:ok')) break;
    await sleep(100);
  }
  const clustered = await run(
    '3-master Redis Cluster (hash-tag layout, one call per key group)',
    new RedisStore({ clusterNodes: ports.map((port) => ({ host: '127.0.0.1', port })), keyPrefix: 'bench:' }),
  );
  console.log(
    `RESULT ${JSON.stringify({ one, clustered, ratio: clustered.readingsPerSec / one.readingsPerSec })}`,
  );
} finally {
  for (const s of servers) s.stop();
}
