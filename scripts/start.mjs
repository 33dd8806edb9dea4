// `npm start`: install if needed, build server and dashboard (Nx caches unchanged builds), run.
import { spawn, execSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root } from './ensure-install.mjs';

ensureInstalled();
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
console.log('Building server and dashboard…');
execSync('npx nx run-many -t build --projects=@plantar/server,@plantar/client --outputStyle=static', {
  cwd: root,
  stdio: 'inherit',
  env,
});
const server = spawn(process.execPath, [join(root, 'server/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
// Forward signals so the server shuts down gracefully (flushes readings, closes clients).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
