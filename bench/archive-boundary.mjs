// Archive at a minute boundary: what the embedded archive (ArchiveWriter on PGlite, as `npm start`
// runs it) costs the event loop when every patient's minute closes and is written at once. In
// process: a minute of readings for every patient is fed to the writer, then the first readings of
// the next minute (in five slices 40 ms apart, as polls arrive) and a flush; meanwhile the event
// loop's delay is sampled (monitorEventLoopDelay, 1 ms). Freshness of live readings suffers by the
// loop's delay: its max is the worst stall a subscriber saw.
//   node bench/archive-boundary.mjs [--patients 1000] [--rounds 3] [--checkout DIR] [--smoke]
// --checkout another checkout's build (server/dist) for a before/after: run it once per checkout.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { options, machine, ensureBuilt, fmt, root, sleep } from './lib.mjs';

const o = options({ patients: 1000, rounds: 3, checkout: root });
if (o.checkout === root) ensureBuilt();
const patients = o.smoke ? 20 : o.patients;
const rounds = o.smoke ? 1 : o.rounds;
const require = createRequire(join(o.checkout, 'server/dist/'));
const { ArchiveWriter } = require('./archive/archive-writer.js');
const { openDatabase } = require('./archive/open-database.js');
const logger = require('pino')({ level: 'silent' });

console.log(`# archive-boundary — ${machine()}`);
console.log(`${fmt(patients)} patients, build of ${o.checkout}; embedded PGlite in a temporary folder`);
console.log('');
console.log('| round | main thread busy ms | process CPU ms | loop delay p99 ms | loop delay max ms |');
console.log('|---:|---:|---:|---:|---:|');

const dataDir = mkdtempSync(join(tmpdir(), 'plantar-archive-boundary-'));
const db = await openDatabase({ dataDir, logger });
// Minutes of ten minutes ago onwards: inside today's partitions, closed by the readings fed.
let now = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const writer = new ArchiveWriter({ db, logger, now: () => now });
let tick = 0;
const sensors = () => {
  tick++;
  return Array.from({ length: 6 }, (_, s) => ({
    id: s,
    value: Math.round(500 + 400 * Math.sin(tick / 40 + s) + (tick % 7)),
    anomaly: false,
  }));
};
const reading = (patientId, at) => ({ patientId, at, traceId: '1', sensors: sensors() });
try {
  for (let round = 1; round <= rounds; round++) {
    const minute = now - (now % 60_000);
    for (let t = minute; t < minute + 60_000; t += 200) {
      const batch = [];
      for (let p = 1; p <= patients; p++) batch.push(reading(p, t + (p % 199)));
      writer.onStored(batch);
    }
    now = minute + 60_100;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    for (let k = 0; k < 5; k++) {
      const batch = [];
      for (let p = 1 + k; p <= patients; p += 5) batch.push(reading(p, minute + 60_000 + k * 40));
      writer.onStored(batch);
      await sleep(40);
    }
    await writer.flush();
    const busy = performance.eventLoopUtilization(elu).active;
    const used = process.cpuUsage(cpu);
    delay.disable();
    console.log(
      `| ${round} | ${fmt(busy)} | ${fmt((used.user + used.system) / 1000)} | ${fmt(delay.percentile(99) / 1e6, 1)} | ${fmt(delay.max / 1e6, 1)} |`,
    );
    now = minute + 60_000;
  }
} finally {
  await writer.close(5000);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
