// Baseline for bench/ingest.mjs: the same HTTP client and loops as the poller (bodies parsed and
// validated, as the client does), nothing stored. Prints {"readingsPerSec", "cpu"} after the given seconds.
// Like the server, it polls from POLL_THREADS worker threads (default 1; 0 = main thread).
import { MonitorClient } from '../server/dist/polling/monitor-client.js';
import { PollWorkers } from '../server/dist/polling/poll-workers.js';
import { PatientLoop } from '../server/dist/polling/patient-loop.js';
import pino from 'pino';

const [url, patients, seconds, warmup] = process.argv.slice(2);
const n = Number(patients);
const threads = Number(process.env.POLL_THREADS ?? 1);
const client =
  threads > 0
    ? new PollWorkers({ baseUrl: url, timeoutMs: 2000, threads, logger: pino({ level: 'warn' }) })
    : new MonitorClient({ baseUrl: url, timeoutMs: 2000 });
let fresh = 0;
const last = new Map();
const loops = [];
for (let id = 1; id <= n; id++) {
  const loop = new PatientLoop({
    patientId: id,
    periodMs: 200,
    phaseMs: (id * 200) / n,
    backoffMaxMs: 30000,
    fetch: (pid, signal) => client.fetch(pid, signal),
    onBody: (pid, body) => {
      const trace = body.traceId + ':' + body.sensors.map((s) => s.value).join(',');
      if (last.get(pid) !== trace) {
        last.set(pid, trace);
        fresh++;
      }
    },
    onFailure: () => undefined,
  });
  loops.push(loop);
  loop.start();
}
await new Promise((r) => setTimeout(r, Number(warmup) * 1000));
const start = fresh;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
const elapsed = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
process.stdout.write(
  JSON.stringify({
    readingsPerSec: (fresh - start) / elapsed,
    cpu: (used.user + used.system) / 1e6 / elapsed,
  }) + '\n',
);
await Promise.all(loops.map((l) => l.stop()));
await client.close();
