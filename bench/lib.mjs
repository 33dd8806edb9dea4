// Shared helpers for the benchmarks: child processes, percentiles, CPU, machine description.
import { spawn, spawnSync, execSync, execFileSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createWriteStream, readFileSync } from 'node:fs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** --smoke runs every bench at a tiny size (CI checks they still run; never their timings). */
export function options(defaults) {
  const { values } = parseArgs({
    options: Object.fromEntries(
      Object.entries({ smoke: false, ...defaults }).map(([k, v]) => [
        k,
        { type: typeof v === 'boolean' ? 'boolean' : 'string' },
      ]),
    ),
  });
  const out = {};
  for (const [k, v] of Object.entries({ smoke: false, ...defaults })) {
    const given = values[k];
    out[k] =
      given === undefined ? v : typeof v === 'number' ? Number(given) : typeof v === 'string' ? given : given;
  }
  return out;
}

/**
 * Builds the server and the client through Nx (`nx run-many -t build`) so a bench never runs a
 * build older than the sources: cached by content, so this takes about a second when nothing
 * changed. `BENCH_NO_BUILD=1` skips it (run-all builds once for all; A/B runs of a hand-made build).
 */
export function ensureBuilt() {
  if (process.env.BENCH_NO_BUILD === '1') return;
  process.stderr.write('building server and client if changed (npx nx run-many -t build)…\n');
  const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error('build failed: run `npx nx run-many -t build` to see why');
}

/** The header line of every bench: machine, Node, commit (marked when the tree differs from it), date. */
export function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
    if (execSync('git status --porcelain -- server client bench', { cwd: root }).toString().trim())
      commit += ' + uncommitted changes';
  } catch {
    /* not a checkout */
  }
  return `${cpus().length} cores (${cpus()[0]?.model?.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, commit ${commit}, ${new Date().toISOString()}`;
}

/**
 * Every child process a bench started through this module: killed when the bench exits, also when
 * it fails (an uncaught error still runs 'exit' handlers), so a failed bench leaves no server or
 * simulator behind polling and listening.
 */
const children = new Set();
process.on('exit', () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/**
 * Keeps the last `max` lines a child wrote to `stream` (for the message of a failed start), passing
 * everything on to `forward` when given.
 */
function tailOf(stream, forward, max = 20) {
  const lines = [];
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    forward?.write(chunk);
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    lines.push(...parts);
    if (lines.length > max) lines.splice(0, lines.length - max);
  });
  return () => [...lines, ...(partial ? [partial] : [])].slice(-max).join('\n') || '(nothing)';
}

function exitDescription(child) {
  return child.signalCode !== null
    ? `was killed by ${child.signalCode}`
    : `exited with code ${child.exitCode}`;
}

/**
 * Starts the standalone simulator and resolves with its base URL once it listens. Rejects, with
 * the simulator's last output, if it exits first or does not listen within `timeoutMs`.
 */
export async function startSimulator(patients, port = 0, { timeoutMs = 30_000 } = {}) {
  const child = track(
    spawn(
      process.execPath,
      [join(root, 'server/dist/simulator/cli.js'), '--port', String(port), '--patients', String(patients)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const stderr = tailOf(child.stderr, process.stderr);
  const stdout = tailOf(child.stdout);
  let timer;
  try {
    const url = await new Promise((resolve, reject) => {
      const onData = () => {
        const m = /(http:\/\/[^\s]+\/v2\/monitor\/)/.exec(stdout());
        if (!m) return;
        child.stdout.off('data', onData);
        resolve(m[1]);
      };
      child.stdout.on('data', onData);
      const failure = (what) =>
        new Error(
          `simulator ${what}\n--- its last stdout lines ---\n${stdout()}\n--- its last stderr lines ---\n${stderr()}`,
        );
      child.once('exit', () => reject(failure(`${exitDescription(child)} before it listened`)));
      timer = setTimeout(() => reject(failure(`not listening after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return { url, child, stop: () => stopChild(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGTERM, then waits for the exit. The server exits by itself once its SHUTDOWN_GRACE_SEC (10 s by
 * default) is over; a child still running `killAfterMs` later is wedged: SIGKILLed, and said so.
 */
function stopChild(child, killAfterMs = 60_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write(
        `bench: child ${child.pid} (${child.spawnargs.find((a) => a.endsWith('.js')) ?? child.spawnfile}) still running ${killAfterMs / 1000} s after SIGTERM: SIGKILLed\n`,
      );
      child.kill('SIGKILL');
    }, killAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU used by this process over a span, as a share of one core. */
export function cpuMeter() {
  const start = process.cpuUsage();
  const t = process.hrtime.bigint();
  return () => {
    const used = process.cpuUsage(start);
    const wall = Number(process.hrtime.bigint() - t) / 1e3;
    return (used.user + used.system) / wall;
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function fmt(n, digits = 0) {
  return Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : String(n);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat; after the ") " split they sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Environment every bench server starts with. Benches measure the data path, not access control:
 * AUTH=off skips tokens (checked once per connection or request, not per reading) and the
 * per-address connection cap is lifted because every bench client connects from 127.0.0.1.
 * Variables a server build does not know are ignored by its config loader. Any of these can be
 * overridden from the environment of the bench (e.g. NODE_ENV=development).
 */
export const BENCH_SERVER_ENV = {
  // As deployed (server/Dockerfile): graphql-js skips its development-mode checks.
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  HOST: '127.0.0.1',
  AUTH: 'off',
  MAX_CONNECTIONS_PER_IP: '100000',
  // Figures stay comparable with those before the archive; bench/history.mjs turns it on.
  ARCHIVE: 'off',
};

/**
 * A port nothing listens on, from the kernel (bind to 0, read it, close). Picking one at random
 * collided with the ephemeral ports of the bench's own thousands of connections (EADDRINUSE).
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The server environment of the polling benches: Redis at `redis` under `prefix`, patients 1..n
 * polled from the simulator at `apiUrl`, readings kept 30 s (a bench never needs more).
 */
export function pollingEnv({ redis, prefix, apiUrl, patients }) {
  return {
    REDIS_URL: redis,
    REDIS_KEY_PREFIX: prefix,
    API_BASE_URL: apiUrl,
    PATIENT_IDS: `1-${patients}`,
    MAX_SEC: '30',
  };
}

/**
 * Starts the Plantar server (server/dist/main.js, or `main`: another checkout's build for a
 * same-run A/B) as its own process; resolves once /readyz
 * answers 200. Throws, with the last /readyz answer and the server's last output lines, when the
 * server exits first or is not ready within `readyTimeoutMs` (then it is killed): a bench must
 * never measure a server that did not start.
 */
export async function startServer(
  env,
  { nodeArgs: extraNodeArgs = [], readyTimeoutMs = 30_000, main = join(root, 'server/dist/main.js') } = {},
) {
  const port = env.PORT ?? String(await freePort());
  // BENCH_CPU_PROF_DIR=/tmp/prof: every server writes a .cpuprofile there when it stops
  // (summarise with `node bench/cpuprofile-top.mjs <file>`).
  const prof = process.env.BENCH_CPU_PROF_DIR;
  // BENCH_SERVER_NODE_ARGS='--max-semi-space-size=64': V8 options for the server, for A/B runs.
  const envArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const nodeArgs = [...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []), ...envArgs, ...extraNodeArgs];
  const child = track(
    spawn(process.execPath, [...nodeArgs, main], {
      env: { ...BENCH_SERVER_ENV, ...process.env, ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const stderr = tailOf(child.stderr, process.stderr);
  // BENCH_SERVER_STDOUT=/tmp/gc.log with BENCH_SERVER_NODE_ARGS=--trace-gc: the server's GC trace.
  const stdout = tailOf(
    child.stdout,
    process.env.BENCH_SERVER_STDOUT ? createWriteStream(process.env.BENCH_SERVER_STDOUT) : undefined,
  );
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let lastAnswer = 'none (not listening yet)';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `server ${exitDescription(child)} before it was ready (last /readyz answer: ${lastAnswer})\n` +
          `--- its last stderr lines ---\n${stderr()}\n--- its last stdout lines ---\n${stdout()}`,
      );
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) break;
      lastAnswer = `${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      lastAnswer = `none (${error.cause?.code ?? error.name})`;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `server not ready after ${readyTimeoutMs / 1000} s (last /readyz answer: ${lastAnswer}); killed it\n` +
          `--- its last stderr lines ---\n${stderr()}\n--- its last stdout lines ---\n${stdout()}`,
      );
    }
    await Promise.race([sleep(100), exited]);
  }
  return { url, child, stop: () => stopChild(child) };
}

/** Reads one counter from the server's /metrics. */
export async function metric(url, name) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

/** Deletes every key under a bench's REDIS_KEY_PREFIX (run after each server run). */
export async function dropKeys(redisUrl, prefix) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl);
  let cursor = '0';
  let dropped = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) dropped += await redis.unlink(...keys);
  } while (cursor !== '0');
  redis.disconnect();
  return dropped;
}

/** An API base URL where nothing listens: a server polling it stores and publishes nothing. */
export const DEAD_API = 'http://127.0.0.1:9/v2/monitor/';

/**
 * `n` readings of one patient as the poller would store them, from the simulator's own body
 * writer and gait model on a fake clock, 200 ms apart, the newest at `endMs`.
 */
export async function simulatedReadings(patientId, n, endMs = Date.now()) {
  const { createSimulator } = await import('../server/dist/simulator/simulator.js');
  const start = endMs - (n - 1) * 200;
  let now = start;
  const sim = createSimulator({ patients: Math.max(6, patientId), clock: () => now });
  const out = [];
  for (let i = 0; i < n; i++) {
    now = start + i * 200;
    const body = JSON.parse(sim.body(patientId, now));
    out.push({ patientId, at: now, traceId: String(body.trace.id), sensors: body.trace.sensors });
  }
  return out;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/**
 * A DevTools protocol session on a process started with `--inspect=127.0.0.1:<port>`. Opening it
 * and every call are bounded (`timeoutMs`): a process that stopped answering fails the bench
 * instead of leaving it waiting.
 */
export async function devtools(inspectPort, { timeoutMs = 120_000 } = {}) {
  const { default: WebSocket } = await import('ws');
  const [target] = await (
    await fetch(`http://127.0.0.1:${inspectPort}/json/list`, { signal: AbortSignal.timeout(10_000) })
  ).json();
  if (!target) throw new Error(`no DevTools target on port ${inspectPort}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 1 << 30, handshakeTimeout: 10_000 });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let id = 0;
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const mine = ++id;
      const done = () => {
        clearTimeout(timer);
        ws.off('message', onMessage);
        ws.off('close', onClose);
      };
      const onMessage = (data) => {
        const m = JSON.parse(data);
        if (m.id !== mine) return;
        done();
        if (m.error) reject(new Error(`DevTools ${method}: ${m.error.message}`));
        else resolve(m.result);
      };
      const onClose = () => {
        done();
        reject(new Error(`DevTools ${method}: the session closed before the answer`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`DevTools ${method}: no answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      ws.on('message', onMessage);
      ws.once('close', onClose);
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  return { call, close: () => ws.close() };
}

/**
 * Forces a full garbage collection in a process started with `--inspect=127.0.0.1:<port>` (over
 * the DevTools protocol) and returns its process.memoryUsage() afterwards: the live heap, not the
 * garbage a busy server carries between major GCs.
 */
export async function memoryAfterFullGc(inspectPort) {
  const { call, close } = await devtools(inspectPort);
  await call('HeapProfiler.collectGarbage');
  const { result } = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())' });
  close();
  return JSON.parse(result.value);
}

/**
 * The store's own limit: redis-benchmark pipelined RPUSH ops/s, NaN (with a line saying why) when
 * it is absent or fails. redis-benchmark spins for ever on a Redis it cannot reach (and outlives a
 * SIGTERM to a shell): run directly, killed after a minute; a bench then fails on the server's
 * readiness, with why.
 */
export function redisRpushBaseline(redis, smoke) {
  const url = new URL(redis);
  try {
    const out = execFileSync(
      'redis-benchmark',
      `-h ${url.hostname} -p ${url.port || 6379} -t rpush -P 16 -n ${smoke ? 10000 : 500000} -q`.split(' '),
      { timeout: 60_000, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'] },
    ).toString();
    return Number(/RPUSH: ([0-9.]+)/.exec(out)?.[1]);
  } catch (error) {
    const why =
      error.code === 'ETIMEDOUT' ? 'timed out' : error.code === 'ENOENT' ? 'not installed' : 'failed';
    console.log(`(redis-benchmark ${why}: store baseline skipped)`);
    return NaN;
  }
}
