// Summarises a `node --trace-gc` log per V8 isolate (the main thread and each worker thread):
// scavenge count and pause p50 / p90 / max / total, mark-compact count and total.
//   BENCH_SERVER_STDOUT=/tmp/gc.log BENCH_SERVER_NODE_ARGS=--trace-gc node bench/freshness.mjs --patients 1000
//   node bench/gc-trace-summary.mjs /tmp/gc.log
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/gc-trace-summary.mjs <trace-gc log>');
  process.exit(2);
}
const LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (\S+).*?MB, ([\d.]+) \/ [\d.]+ ms/;
const isolates = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const m = LINE.exec(line);
  if (!m) continue;
  const [, isolate, kind, pause] = m;
  if (!isolates.has(isolate)) isolates.set(isolate, { scavenges: [], markCompacts: [] });
  const entry = isolates.get(isolate);
  if (kind === 'Scavenge') entry.scavenges.push(Number(pause));
  else if (kind.startsWith('Mark')) entry.markCompacts.push(Number(pause));
}
const at = (sorted, q) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : 0;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
console.log(
  '| isolate | scavenges | scavenge p50 / p90 / max ms | scavenge total ms | mark-compacts | mark-compact total ms |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const [isolate, { scavenges, markCompacts }] of [...isolates].sort(
  (a, b) => b[1].scavenges.length - a[1].scavenges.length,
)) {
  const s = [...scavenges].sort((a, b) => a - b);
  console.log(
    `| ${isolate} | ${s.length} | ${at(s, 0.5).toFixed(1)} / ${at(s, 0.9).toFixed(1)} / ${at(s, 1).toFixed(1)} | ${sum(s).toFixed(0)} | ${markCompacts.length} | ${sum(markCompacts).toFixed(0)} |`,
  );
}
