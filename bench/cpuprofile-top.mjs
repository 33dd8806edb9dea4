// Top self-time functions of a V8 .cpuprofile (node --cpu-prof), grouped by function and file,
// plus the same grouped by package (node_modules/<name>) or server file.
//   node bench/cpuprofile-top.mjs <file.cpuprofile> [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { root } from './lib.mjs';

const file = process.argv[2];
const o = {
  top: 25,
  ...(process.argv.includes('--top') ? { top: Number(process.argv[process.argv.indexOf('--top') + 1]) } : {}),
};
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const where = (url) => {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith('/') ? relative(root, path) : path;
};
const fns = new Map();
const pkgs = new Map();
for (const [id, us] of dt) {
  const { callFrame: f } = byId.get(id);
  const key = `${f.functionName || '(anonymous)'}  ${where(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const w = where(f.url);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(w);
  const pkg = m
    ? m[1]
    : w.startsWith('node:')
      ? 'node:' + w.slice(5).split('/')[0]
      : w === '(native)'
        ? `${f.functionName || '(native)'}`
        : w;
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const show = (title, map) => {
  console.log(`\n| ${title} | self ms | self % |\n|---|---:|---:|`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, o.top)) {
    console.log(
      `| ${k.replace(/\|/g, '\\|')} | ${(us / 1000).toFixed(0)} | ${((100 * us) / total).toFixed(1)}% |`,
    );
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('function (file:line)', fns);
show('package or file', pkgs);
