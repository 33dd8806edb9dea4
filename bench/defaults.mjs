// Defaults: freshness and delivered rate of Plantar as a user runs it (`npm start`, the default
// environment, auth on, signed in with the printed token), beside the bench settings
// (NODE_ENV=production, AUTH=off, LOG_LEVEL=warn, ARCHIVE=off, server started directly: what
// bench/freshness.mjs runs), in the same run, rounds alternating.
//   node bench/defaults.mjs [--patients 1000] [--seconds 60] [--warmup 5] [--rounds 2]
//                           [--api standalone|embedded] [--vary NAME=value,...] [--only defaults,bench]
//                           [--other /path/to/checkout] [--trace /tmp/t] [--smoke]
// Both configurations poll the same way: Redis at --redis under a fresh REDIS_KEY_PREFIX, and the
// standalone simulator with --patients patients as API_BASE_URL (issue 17's reproduction), or with
// --api embedded the simulator `npm start` embeds (SIMULATOR_PATIENTS). One graphql-ws client
// (in this process) subscribes to `readings { patientId at }` of every patient; freshness is
// arrival − `at` (the poller's receipt of the API answer), delivered = readings received ÷
// readings the server stored (its /metrics) over the same seconds.
//
// "As npm start does": the build is brought up to date once here (what `npm start` does before
// it runs), then every round starts `node scripts/run-server.mjs`, the process `npm start` runs
// after its build (the server as a child sharing its stdio, signals forwarded). The environment
// is this process's without any variable Plantar reads (`.env.example` lists them) nor NODE_ENV,
// plus REDIS_URL, REDIS_KEY_PREFIX, API_BASE_URL, PATIENT_IDS, PORT, and DATA_DIR in a fresh
// temporary folder (a fresh clone's empty `.data`; the checkout's own is left alone).
// BENCH_CPU_PROF_DIR=/tmp/prof profiles both servers, BENCH_SERVER_NODE_ARGS reaches both (the
// wrapper passes its Node options on), BENCH_SERVER_STDOUT keeps the started one's output.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, createWriteStream, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  freePort,
  metric,
  cpuSecondsOf,
  root,
} from './lib.mjs';

const o = options({
  patients: 1000,
  // A whole minute: the server's once-a-minute work (archive and gait minutes, retention) falls
  // in every window once, as it does for a user.
  seconds: 60,
  warmup: 5,
  rounds: 2,
  api: 'standalone',
  only: '',
  vary: '',
  other: '',
  trace: '',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
if (!['standalone', 'embedded'].includes(o.api)) {
  console.error(`--api must be standalone or embedded, got ${o.api}`);
  process.exit(2);
}
ensureBuilt();
const patients = o.smoke ? 6 : o.patients;
const seconds = o.smoke ? 2 : o.seconds;
const warmup = o.smoke ? 2 : o.warmup;
const rounds = o.smoke ? 1 : o.rounds;

// --vary 'ARCHIVE=off,NODE_ENV=production': the defaults with one variable changed, one more
// configuration each (which part of the difference a setting explains).
const variants = o.vary
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean)
  .map((v) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(v);
    if (!m) throw new Error(`--vary: expected NAME=value, got ${v}`);
    return [m[1], m[2]];
  });
const CONFIGS = {
  defaults: {
    label: `defaults (\`npm start\`, auth on, ${o.api === 'embedded' ? 'embedded' : 'standalone'} simulator)`,
    start: (args) => startAsNpmStartDoes(args),
  },
  ...Object.fromEntries(
    variants.map(([name, value]) => [
      `${name}=${value}`,
      { label: `defaults, ${name}=${value}`, start: (args) => startAsNpmStartDoes(args, { [name]: value }) },
    ]),
  ),
  // --other /tmp/wt: the defaults of another checkout's build too (a before/after in one run; it
  // needs scripts/run-server.mjs, copy it into an older one).
  ...(o.other
    ? {
        other: {
          label: `defaults, ${o.other}`,
          start: (args) => startAsNpmStartDoes(args, {}, o.other),
        },
      }
    : {}),
  bench: {
    label: 'bench settings (production, AUTH=off, warn, ARCHIVE=off, direct)',
    start: startBenchSettings,
  },
};

console.log(`# defaults — ${machine()}`);
console.log(
  `${fmt(patients)} patients, one graphql-ws client of every patient's \`readings { patientId at }\`; ${warmup} s warm-up, ${seconds} s measured per round; freshness = arrival − at (ms)`,
);
console.log('');
console.log(
  '| configuration | round | received/s | delivered | p50 ms | p95 ms | p99 ms | max ms | server CPU % | CPU µs/reading |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const chosen = Object.keys(CONFIGS).filter((n) => o.only === '' || o.only.split(',').includes(n));
const results = Object.fromEntries(chosen.map((n) => [n, []]));
for (let round = 1; round <= rounds; round++) {
  // Alternating order: neither configuration always runs on the machine the other warmed.
  const order = round % 2 === 1 ? chosen : [...chosen].reverse();
  for (const name of order) {
    const r = await measure(name, round);
    results[name].push(r);
    row(CONFIGS[name].label, `${round}/${rounds}`, r);
  }
}
if (rounds > 1) {
  console.log('');
  console.log('All rounds pooled (percentiles over every delay of every round):');
  console.log('');
  console.log(
    '| configuration | rounds | received/s | delivered | p50 ms | p95 ms | p99 ms | max ms | server CPU % | CPU µs/reading |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of Object.keys(results).filter((n) => results[n].length > 0))
    row(CONFIGS[name].label, String(rounds), pool(results[name]));
}
const empty = Object.entries(results).filter(([, rs]) => rs.some((r) => r.delays.length === 0));
if (empty.length > 0) {
  console.error(`defaults: no reading received while measured (${empty.map(([n]) => n).join(', ')})`);
  process.exit(1);
}

function row(label, round, r) {
  const d = r.delays;
  console.log(
    `| ${label} | ${round} | ${fmt(r.received / r.seconds)} | ${fmt(r.received / r.stored, 3)} | ${fmt(percentile(d, 50))} | ${fmt(percentile(d, 95))} | ${fmt(percentile(d, 99))} | ${fmt(d.at(-1))} | ${fmt(r.cpu * 100)} | ${fmt((r.cpu * r.seconds * 1e6) / r.stored)} |`,
  );
}

function pool(rs) {
  const delays = rs.flatMap((r) => r.delays).sort((a, b) => a - b);
  const sum = (k) => rs.reduce((s, r) => s + r[k], 0);
  const secs = sum('seconds');
  return {
    delays,
    received: sum('received'),
    stored: sum('stored'),
    seconds: secs,
    cpu: rs.reduce((s, r) => s + r.cpu * r.seconds, 0) / secs,
  };
}

/** One round of one configuration: fresh simulator (standalone), server, prefix and client. */
async function measure(name, round) {
  const sim = o.api === 'standalone' || name === 'bench' ? await startSimulator(patients) : undefined;
  const prefix = `bench:defaults:${name.replace(/[^A-Za-z0-9_.-]/g, '_')}:${Date.now()}:`;
  const server = await CONFIGS[name].start({ prefix, apiUrl: sim?.url, round });
  try {
    return await subscribeAndMeasure(server, `${name}-${round}`);
  } finally {
    await server.stop();
    await sim?.stop();
    await dropKeys(o.redis, prefix);
  }
}

async function subscribeAndMeasure(server, tag) {
  const client = createClient({
    url: server.url.replace('http', 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: server.token === undefined ? {} : { token: server.token },
  });
  const delays = [];
  let recording = false;
  let received = 0;
  let failure;
  // --trace /tmp/t: arrival time and delay of every reading, one file per round (where stalls fall).
  const trace = o.trace ? [] : undefined;
  const stop = client.subscribe(
    { query: 'subscription { readings { patientId at } }' },
    {
      next: ({ data, errors }) => {
        if (errors) failure ??= new Error(`subscription errors: ${JSON.stringify(errors)}`);
        if (!recording || !data) return;
        received++;
        const now = Date.now();
        delays.push(now - Date.parse(data.readings.at));
        trace?.push(now);
      },
      error: (e) =>
        (failure ??= e instanceof Error ? e : new Error(`subscription closed: ${e?.code} ${e?.reason}`)),
      complete: () => undefined,
    },
  );
  await sleep(warmup * 1000);
  const stored0 = await metric(server.url, 'plantar_readings_stored_total');
  const cpu0 = server.cpuSeconds();
  const t0 = performance.now();
  recording = true;
  await sleep(seconds * 1000);
  recording = false;
  const measured = (performance.now() - t0) / 1000;
  const cpu = (server.cpuSeconds() - cpu0) / measured;
  const stored = (await metric(server.url, 'plantar_readings_stored_total')) - stored0;
  stop();
  await client.dispose();
  if (failure) throw failure;
  if (trace) writeFileSync(`${o.trace}-${tag}.csv`, trace.map((t, i) => `${t},${delays[i]}`).join('\n'));
  delays.sort((a, b) => a - b);
  return { delays, received, stored, seconds: measured, cpu };
}

/** The environment this process was given, without anything Plantar reads: its defaults apply. */
function defaultEnvironment() {
  const names = new Set(['NODE_ENV']);
  for (const line of readFileSync(join(root, '.env.example'), 'utf8').split('\n')) {
    const m = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line);
    if (m) names.add(m[1]);
  }
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

/**
 * `npm start` after its build: `node scripts/run-server.mjs` in the repository, the default
 * environment plus what the user set, stdout read for the printed sign-in link (its token
 * is the one used: minted at startup by the same TokenService as `npm run token`).
 */
async function startAsNpmStartDoes({ prefix, apiUrl }, overrides = {}, checkout = root) {
  const port = String(await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'plantar-defaults-'));
  const prof = process.env.BENCH_CPU_PROF_DIR;
  const env = {
    ...defaultEnvironment(),
    REDIS_URL: o.redis,
    REDIS_KEY_PREFIX: prefix,
    PORT: port,
    DATA_DIR: dataDir,
    ...(apiUrl === undefined
      ? { SIMULATOR_PATIENTS: String(patients), PATIENT_IDS: `1-${patients}` }
      : { API_BASE_URL: apiUrl, PATIENT_IDS: `1-${patients}` }),
    ...overrides,
  };
  // The wrapper passes its Node options on to the server (and profiles itself too: idle).
  const nodeArgs = [
    ...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []),
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const wrapper = spawn(process.execPath, [...nodeArgs, join(checkout, 'scripts/run-server.mjs')], {
    cwd: checkout,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A SIGKILLed wrapper forwards nothing: its server goes first, or it would poll on orphaned.
  const killAll = () => {
    if (wrapper.exitCode !== null || wrapper.signalCode !== null) return;
    for (const pid of childPidsOf(wrapper.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    wrapper.kill('SIGKILL');
  };
  process.once('exit', killAll);
  // What a terminal would show; BENCH_SERVER_STDOUT keeps it in a file.
  const log = process.env.BENCH_SERVER_STDOUT
    ? createWriteStream(process.env.BENCH_SERVER_STDOUT)
    : undefined;
  let out = '';
  wrapper.stdout.setEncoding('utf8');
  wrapper.stderr.setEncoding('utf8');
  wrapper.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const token = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start: no sign-in link after 180 s\n${out.slice(-3000)}`)),
      180_000, // the first start runs the embedded archive's initdb: slow on a loaded machine
    );
    wrapper.stdout.on('data', (chunk) => {
      log?.write(chunk);
      if (out.length < 1 << 20) out += chunk;
      const m = /\?token=([A-Za-z0-9._-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    wrapper.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `npm start exited (${code ?? signal}) before it printed a sign-in link\n${out.slice(-3000)}`,
        ),
      );
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const serverPid = childPidOf(wrapper.pid);
  return {
    url,
    token,
    // The wrapper and the server: all `npm start` costs beyond npm's own waiting.
    cpuSeconds: () => cpuSecondsOf(wrapper.pid) + cpuSecondsOf(serverPid),
    stop: async () => {
      const exited = new Promise((r) => wrapper.once('exit', r));
      const timer = setTimeout(killAll, 60_000);
      wrapper.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
      process.off('exit', killAll);
      log?.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A process's children, from /proc (none when it is gone). */
function childPidsOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The wrapper's one child (the server), from /proc. */
function childPidOf(pid) {
  const children = childPidsOf(pid);
  if (children.length !== 1 || !children[0])
    throw new Error(`npm start: expected one server process, found ${children}`);
  return children[0];
}

/** What every other bench runs: lib.mjs's BENCH_SERVER_ENV, server/dist/main.js started directly. */
async function startBenchSettings({ prefix, apiUrl }) {
  const server = await startServer(pollingEnv({ redis: o.redis, prefix, apiUrl, patients }));
  return {
    url: server.url,
    token: undefined,
    cpuSeconds: () => cpuSecondsOf(server.child.pid),
    stop: server.stop,
  };
}
