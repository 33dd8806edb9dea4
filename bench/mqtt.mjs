// MQTT push end to end: readings/s published (QoS 1) through Mosquitto and stored by Plantar,
// beside a bare MQTT.js subscriber (receive, PUBACK, JSON.parse, count) on the same broker and the
// same publisher in the same run (issue 15's target: Plantar >= 0.7 of the bare subscriber).
// The broker is a Mosquitto of the bench's own on a free port (nothing else publishes to it; no
// queue limit, so a slow subscriber only builds a backlog), the publisher its own process
// (bench/mqtt-load.mjs). Plantar runs twice per row: with a plain subscription (MQTT_SHARE_GROUP='',
// one instance) and the default shared one, since Mosquitto 2.0 delivers a shared subscription's
// QoS 1 backlog far slower while a publisher floods it.
//   node bench/mqtt.mjs [--patients 100] [--per-message 1,10] [--seconds 10] [--rounds 1] [--smoke]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
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
  freePort,
  root,
  DEAD_API,
} from './lib.mjs';

const o = options({
  patients: 100,
  'per-message': '1,10',
  seconds: 10,
  warmup: 2,
  rounds: 1,
  window: 100,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const patients = o.smoke ? 5 : Number(o.patients);
const sizes = o.smoke ? [1] : o['per-message'].split(',').map(Number);
const seconds = o.smoke ? 1 : Number(o.seconds);
const warmup = o.smoke ? 0.5 : Number(o.warmup);
const rounds = o.smoke ? 1 : Number(o.rounds);

const children = new Set();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
function spawnTracked(cmd, args, opts) {
  const child = spawn(cmd, args, opts);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
const exited = (child) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', r));

/** A Mosquitto of the bench's own: no persistence, no queue limit for a subscriber behind. */
async function startBroker() {
  const binary = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'plantar-bench-mqtt-'));
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 0\nmax_queued_bytes 0\n`,
  );
  const child = spawnTracked(binary, ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const up = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || i > 100)
      throw new Error(`mosquitto (${binary}) did not listen on ${port}`);
    await sleep(50);
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startPublisher(url, perMessage) {
  const child = spawnTracked(
    process.execPath,
    [join(root, 'bench/mqtt-load.mjs'), url, '1', String(patients), String(perMessage), String(o.window)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      return Number(/published (\d+)/.exec(out)?.[1] ?? NaN);
    },
  };
}

/** Counts readings over the measured span, from `read()` (cumulative). */
async function measure(read, pids) {
  // The publisher is a fresh process: measured from its first readings through, after a warm-up.
  for (const deadline = Date.now() + 30_000; (await read()) === 0; await sleep(50))
    if (Date.now() > deadline) throw new Error('mqtt: nothing arrived within 30 s of starting the publisher');
  await sleep(warmup * 1000);
  const r0 = await read();
  const c0 = pids.map(cpuSecondsOf);
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const r1 = await read();
  const c1 = pids.map(cpuSecondsOf);
  const wall = (Date.now() - t0) / 1000;
  return { rate: (r1 - r0) / wall, cpu: c1.map((c, i) => ((c - c0[i]) / wall) * 100), count: r1 - r0 };
}

/** The baseline: a bare MQTT.js subscriber in this process, QoS 1, parsing every payload. */
async function bare(broker, perMessage) {
  let readings = 0;
  const sub = await mqtt.connectAsync(broker.url, { clientId: `bench-bare-${process.pid}`, clean: true });
  sub.on('message', (_topic, payload) => {
    readings += JSON.parse(payload.toString('utf8')).length;
  });
  await sub.subscribeAsync('plantar/v1/patients/+/readings', { qos: 1 });
  const pub = startPublisher(broker.url, perMessage);
  const m = await measure(() => readings, [process.pid, broker.pid]);
  await pub.stop();
  await sub.endAsync(true);
  return m;
}

/** Plantar subscribed to the same broker: readings stored in Redis per second. */
async function plantar(broker, perMessage, shareGroup) {
  const prefix = `bench:mqtt:${Date.now()}:`;
  const server = await startServer({
    REDIS_URL: o.redis,
    REDIS_KEY_PREFIX: prefix,
    API_BASE_URL: DEAD_API,
    PATIENT_IDS: '999999',
    MAX_SEC: '30',
    MQTT_URL: broker.url,
    MQTT_SHARE_GROUP: shareGroup,
  });
  try {
    for (let id = 1; id <= patients; id++) {
      const res = await fetch(`${server.url}/ingest/v1/patients/${id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Bench', lastName: `MQTT ${id}` }),
      });
      if (!res.ok) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
    }
    const pub = startPublisher(broker.url, perMessage);
    const m = await measure(
      () => metric(server.url, 'plantar_readings_stored_total'),
      [server.child.pid, broker.pid],
    );
    await pub.stop();
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const rejected = Number(
      /^plantar_mqtt_readings_total\{[^}]*outcome="rejected"[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0,
    );
    return { ...m, rejected };
  } finally {
    await server.stop();
    await dropKeys(o.redis, prefix);
  }
}

console.log(
  `# mqtt — ${machine()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  `${patients} patients, one publisher (QoS 1, ${o.window} in flight), ${seconds} s measured per row\n`,
);
console.log(
  '| readings/message | bare MQTT.js readings/s | Plantar stored/s, plain subscription | / bare | Plantar stored/s, shared ($share/plantar) | / bare | Plantar CPU % (plain, shared) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
const broker = await startBroker();
let nothing = false;
try {
  for (const perMessage of sizes)
    for (let round = 1; round <= rounds; round++) {
      const b = await bare(broker, perMessage);
      // MQTT_SHARE_GROUP='' (one instance) and the default shared subscription (several split it).
      const p = await plantar(broker, perMessage, '');
      const q = await plantar(broker, perMessage, 'plantar');
      if (p.count === 0 || q.count === 0 || b.count === 0) nothing = true;
      for (const r of [p, q])
        if (r.rejected > 0) console.error(`mqtt: Plantar rejected ${r.rejected} readings`);
      console.log(
        `| ${perMessage}${rounds > 1 ? ` (round ${round}/${rounds})` : ''} | ${fmt(b.rate)} | ${fmt(p.rate)} | ${fmt(p.rate / b.rate, 2)} | ${fmt(q.rate)} | ${fmt(q.rate / b.rate, 2)} | ${fmt(p.cpu[0])}, ${fmt(q.cpu[0])} |`,
      );
    }
} finally {
  await broker.stop();
}
console.log('\ntarget: Plantar >= 0.7 of the bare subscriber');
if (nothing) {
  console.error('mqtt: a subscriber received nothing while measured');
  process.exit(1);
}
