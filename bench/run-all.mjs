// Runs every bench in sequence (`npm run bench`, or `npm run bench -- --smoke` for the CI size).
// Builds server/dist first when it is missing (a fresh clone after `npm install`); the browser
// bench builds the client itself when it is missing. Exits non-zero if any bench fails.
//   node bench/run-all.mjs [--smoke] [--only ingest,history]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { options, root } from './lib.mjs';

const BENCHES = ['ingest', 'freshness', 'fanout', 'history', 'memory', 'browser'];
const o = options({ only: BENCHES.join(',') });

if (!existsSync(join(root, 'server/dist/main.js'))) {
  console.log('server/dist missing: building the server (npx tsc -p server/tsconfig.build.json)');
  const build = spawnSync('npx', ['tsc', '-p', 'server/tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

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
    {
      cwd: root,
      stdio: 'inherit',
    },
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
