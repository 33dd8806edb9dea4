// `npm start`: install if needed, build server and dashboard (Nx caches unchanged builds), run.
import { execSync } from 'node:child_process';
import { ensureInstalled, root } from './ensure-install.mjs';
import { runServer } from './run-server.mjs';

ensureInstalled();
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };
console.log('Building server and dashboard…');
execSync('npx nx run-many -t build --projects=@plantar/server,@plantar/client --outputStyle=static', {
  cwd: root,
  stdio: 'inherit',
  env,
});
runServer();
