// `npm test`: everything CI checks, in order, stopping at the first failure.
//   lint + format, type-check, server tests (real Redis at REDIS_URL or 127.0.0.1:6379), client
//   tests, schema and codegen freshness, builds, end-to-end tests in headless Chromium, and a
//   smoke run of every bench (it checks that they run, never their timings).
import { execSync } from 'node:child_process';
import { ensureInstalled, root } from './ensure-install.mjs';

ensureInstalled();
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0' };
const steps = [
  ['format', 'npx prettier --check .'],
  ['lint', 'npx eslint .'],
  ['typecheck', 'npx nx run-many -t typecheck --outputStyle=static'],
  ['build', 'npx nx run-many -t build --outputStyle=static'],
  ['generated code is current', 'npm run -w client codegen:check'],
  ['unit and integration tests', 'npx nx run-many -t test --outputStyle=static --parallel=1'],
  ['end-to-end tests', 'npm run -w client e2e'],
  // Benchmarks are not tests: this only proves every bench still runs (tiny sizes, no timings).
  ['benchmarks still run (smoke size)', 'node bench/run-all.mjs --smoke'],
];
const started = Date.now();
for (const [name, command] of steps) {
  const t = Date.now();
  console.log(`\n=== ${name}: ${command}`);
  try {
    execSync(command, { cwd: root, stdio: 'inherit', env });
  } catch {
    console.error(`\n=== FAILED: ${name}`);
    process.exit(1);
  }
  console.log(`=== ${name}: ok (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
