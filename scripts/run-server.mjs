// The process `npm start` runs after its build: the built server as a child with the terminal
// (stdio inherited, nothing relayed through this process) and signals forwarded. Its own file so
// bench/defaults.mjs starts the server exactly this way without a build per round.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './ensure-install.mjs';

export function runServer() {
  // Node options given to this process go to the server too (`node --cpu-prof scripts/run-server.mjs`).
  const server = spawn(process.execPath, [...process.execArgv, join(root, 'server/dist/main.js')], {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  // Forward signals so the server shuts down gracefully (flushes readings, closes clients).
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.url === `file://${process.argv[1]}`) runServer();
