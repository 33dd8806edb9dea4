// Fan-out: one patient's readings delivered to many graphql-ws subscribers. This process publishes
// synthetic readings of patient 1 on the patient's Redis channel at a fixed rate (the server polls
// a dead API, so nothing else is published); subscribers are spread over several client processes
// that count what they receive. Baseline in the same run: a raw `ws` server (bench/fanout-raw.mjs)
// on the same Redis channel, framing the same JSON message once and writing it to every client.
//   node bench/fanout.mjs [--subscribers 100,1000,5000] [--rate 100] [--seconds 10] [--clients 4] [--rounds 1] [--smoke]
// With --rounds k the raw and Plantar measurements alternate k times and the best of each is kept
// (the machines are shared: a neighbour's burst should not decide the ratio).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  options,
  machine,
  startServer,
  cpuSecondsOf,
  percentile,
  sleep,
  fmt,
  root,
  dropKeys,
  DEAD_API,
  ensureBuilt,
} from './lib.mjs';

const o = options({
  subscribers: '100,1000,5000',
  rate: 100,
  seconds: 10,
  clients: 4,
  rounds: 1,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const sizes = o.smoke ? [20] : o.subscribers.split(',').map(Number);
const seconds = o.smoke ? 1 : o.seconds;
const rate = o.smoke ? 20 : o.rate;
const QUERY =
  'subscription { readings(patientIds: [1]) { patientId at traceId anomaly sensors { id name foot value anomaly } } }';

function reading(i) {
  const sensors = [];
  for (let s = 0; s < 6; s++) {
    sensors.push(
      `{"anomaly":false,"id":${s},"name":"${s < 3 ? 'L' : 'R'}${s % 3}","value":${(i * 7 + s * 131) % 1024}}`,
    );
  }
  return `{"patientId":1,"at":${Date.now()},"traceId":"${i}","sensors":[${sensors.join(',')}]}`;
}

/** Publishes `rate` readings a second on `channel` until stopped; drift-free. */
function publisher(redis, channel) {
  let sent = 0;
  let running = true;
  const t0 = performance.now();
  const timer = setInterval(() => {
    if (!running) return;
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (sent < due) redis.publish(channel, reading(sent++));
  }, 2);
  return {
    sentSoFar: () => sent,
    stop: () => {
      running = false;
      clearInterval(timer);
      return sent;
    },
  };
}

/**
 * The next message of `type` from a forked child. Rejects when the child exits first or sends none
 * within `timeoutMs`, so a child that cannot start (e.g. Redis unreachable) fails the bench.
 */
const waitFor = (child, type, timeoutMs = 60_000) =>
  new Promise((resolve, reject) => {
    const name = child.spawnargs.find((a) => a.endsWith('.mjs'))?.replace(/.*\//, '') ?? 'child';
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (m) => {
      if (m.type !== type) return;
      done();
      resolve(m);
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`${name} exited (${code ?? signal}) while the bench waited for its '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${name} sent no '${type}' within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

/**
 * Resolves when a forked child told to exit has exited (at once if it already had, by a signal
 * too); one still running after `timeoutMs` is killed and fails the bench.
 */
const exitOf = (child, timeoutMs = 30_000) =>
  new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${child.spawnargs.find((a) => a.endsWith('.mjs'))} did not exit within ${timeoutMs / 1000} s`,
        ),
      );
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** One measurement: `n` subscribers of `wsUrl`, server process `pid`, readings on `channel`. */
async function measure(n, mode, wsUrl, pid, channel) {
  const per = Math.ceil(n / o.clients);
  const children = [];
  for (let left = n; left > 0; left -= per) {
    children.push(
      fork(join(root, 'bench/fanout-client.mjs'), [wsUrl, String(Math.min(per, left)), mode, QUERY], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }
  const opened = (await Promise.all(children.map((c) => waitFor(c, 'connected', 300_000)))).reduce(
    (a, m) => a + m.opened,
    0,
  );
  if (opened === 0) throw new Error(`fanout: none of ${n} ${mode} subscribers could connect to ${wsUrl}`);
  const redis = new Redis(o.redis);
  // Warm up until every subscriber has received a reading (the server subscribes lazily) or was
  // closed by the server (reported in the table); a subscriber left waiting fails the bench.
  let pub = publisher(redis, channel);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await sleep(250);
    const status = await Promise.all(children.map((c) => (c.send({ cmd: 'status' }), waitFor(c, 'status'))));
    const live = status.reduce((a, m) => a + m.live, 0);
    const closed = status.reduce((a, m) => a + m.closedBeforeReading, 0);
    if (live > 0 && live + closed >= opened) break;
    if (Date.now() > deadline) {
      pub.stop();
      redis.disconnect();
      throw new Error(
        `fanout: after 30 s of warm-up only ${live} of ${opened} ${mode} subscribers had received a reading (${closed} closed before one); is ${o.redis} reachable and the server publishing?`,
      );
    }
  }
  await sleep(o.smoke ? 200 : 1000);
  pub.stop();
  await sleep(500);

  const c0 = cpuSecondsOf(pid);
  for (const c of children) c.send({ cmd: 'start' });
  const t0 = performance.now();
  pub = publisher(redis, channel);
  await sleep(seconds * 1000);
  const events = pub.stop();
  const results = await Promise.all(children.map((c) => (c.send({ cmd: 'stop' }), waitFor(c, 'result'))));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (cpuSecondsOf(pid) - c0) / elapsed;
  for (const c of children) c.send({ cmd: 'exit' });
  await Promise.all(children.map((c) => exitOf(c)));
  redis.disconnect();

  const received = results.reduce((a, r) => a + r.received, 0);
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const closes = {};
  for (const r of results)
    for (const [code, k] of Object.entries(r.closes)) closes[code] = (closes[code] ?? 0) + k;
  return {
    opened,
    offered: (events * n) / elapsed,
    delivered: received / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpu,
    closed: Object.entries(closes)
      .map(([code, k]) => `${k}×${code}`)
      .join(' '),
  };
}

console.log(`# fanout — ${machine()}`);
console.log(
  `one patient, ${fmt(rate)} readings/s published on its Redis channel for ${seconds} s; subscribers over ${o.clients} client processes; latency = receipt − publish time (1 in 8 messages, ms)`,
);
console.log(
  '| subscribers | offered msgs/s | raw ws msgs/s | raw p50 / p99 ms | raw CPU | Plantar msgs/s | Plantar p50 / p99 ms | Plantar CPU (server) | closed by server | Plantar / raw |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
let failed = false;
for (const n of sizes) {
  const prefix = `bench:fanout:${Date.now()}:`;
  const channel = `${prefix}readings:1`;

  let base;
  let got;
  for (let round = 0; round < (o.smoke ? 1 : o.rounds); round++) {
    const raw = fork(join(root, 'bench/fanout-raw.mjs'), [o.redis, channel], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const { url: rawUrl } = await waitFor(raw, 'listening', 30_000);
    const b = await measure(n, 'raw', rawUrl, raw.pid, channel);
    raw.send({ cmd: 'exit' });
    await exitOf(raw);
    if (base === undefined || b.delivered > base.delivered) base = b;

    const server = await startServer({
      REDIS_URL: o.redis,
      REDIS_KEY_PREFIX: prefix,
      API_BASE_URL: DEAD_API,
      PATIENT_IDS: '1',
      BACKOFF_MAX_MS: '60000',
    });
    const wsUrl = server.url.replace('http', 'ws') + '/graphql';
    const g = await measure(n, 'graphql-ws', wsUrl, server.child.pid, channel);
    await server.stop();
    await dropKeys(o.redis, prefix);
    if (got === undefined || g.delivered > got.delivered) got = g;
  }

  if (base.opened < n || got.opened < n || got.delivered === 0) failed = true;
  console.log(
    `| ${fmt(n)}${got.opened < n ? ` (${fmt(got.opened)} opened)` : ''} | ${fmt(got.offered)} | ${fmt(base.delivered)} | ${fmt(base.p50)} / ${fmt(base.p99)} | ${fmt(base.cpu * 100)}% | ${fmt(got.delivered)} | ${fmt(got.p50)} / ${fmt(got.p99)} | ${fmt(got.cpu * 100)}% | ${got.closed || '—'} | ${fmt(got.delivered / base.delivered, 2)} |`,
  );
}
if (failed) {
  console.error('fanout: some subscribers could not connect or nothing was delivered');
  process.exit(1);
}
