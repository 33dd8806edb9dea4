// Runs every bench in sequence (`npm run bench`, or `npm run bench -- --smoke` for the CI size).
// Builds the server and the client first through Nx (`nx run-many -t build`: cached, so a second
// run or CI after `npm test` restores them in a second, and a change to the sources is never
// benchmarked stale). Exits non-zero if any bench fails.
//   node bench/run-all.mjs [--smoke] [--only ingest,history]     (BENCH_NO_BUILD=1: no build)
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureBuilt, options, root } from './lib.mjs';

const BENCHES = [
  'ingest',
  'freshness',
  'defaults',
  'fanout',
  'history',
  'export',
  'memory',
  'episodes',
  'gait-cost',
  'push',
  'cluster',
  'mqtt',
  'csv',
  'browser',
];
const o = options({ only: BENCHES.join(',') });
ensureBuilt();

const failed = [];
for (const name of o.only.split(',')) {
  if (!BENCHES.includes(name)) {
    console.error(`unknown bench ${name} (known: ${BENCHES.join(', ')})`);
    process.exit(2);
  }
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    [join(root, `bench/${name}.mjs`), ...(o.smoke ? ['--smoke'] : [])],
    // Built once above for all of them.
    { cwd: root, stdio: 'inherit', env: { ...process.env, BENCH_NO_BUILD: '1' } },
  );
  const secs = ((performance.now() - t0) / 1000).toFixed(0);
  if (run.status !== 0) {
    failed.push(name);
    console.error(`\n${name}: FAILED (exit ${run.status ?? run.signal}, ${secs} s)\n`);
  } else {
    console.log(`\n(${name}: ${secs} s)\n`);
  }
}
if (failed.length) {
  console.error(`benches failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('all benches ran');
