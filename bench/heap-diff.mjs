// What grew between two heap snapshots (.heapsnapshot, e.g. from `node bench/browser.mjs
// --heap-snapshots dir`): self size and count by node type and constructor name, largest change
// first. Only what two snapshots of one page hold in common is compared by name, not identity.
//   node bench/heap-diff.mjs start.heapsnapshot end.heapsnapshot [--top 30]
import { readFileSync } from 'node:fs';

const [before, after] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 30;
if (!before || !after) {
  console.error('usage: node bench/heap-diff.mjs start.heapsnapshot end.heapsnapshot [--top 30]');
  process.exit(2);
}

/** Self size and count by "type name" (constructor for objects, the node type otherwise). */
function summarise(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const {
    node_fields: fields,
    node_types: [types],
  } = snap.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt]];
    const size = snap.nodes[i + sizeAt];
    // Strings, code and arrays by type alone: their names are their contents.
    const name =
      type === 'object' || type === 'closure' ? `${type} ${snap.strings[snap.nodes[i + nameAt]]}` : type;
    const g = groups.get(name) ?? { size: 0, count: 0 };
    g.size += size;
    g.count++;
    groups.set(name, g);
    total += size;
  }
  return { groups, total };
}

const a = summarise(before);
const b = summarise(after);
const names = new Set([...a.groups.keys(), ...b.groups.keys()]);
const rows = [...names].map((name) => {
  const x = a.groups.get(name) ?? { size: 0, count: 0 };
  const y = b.groups.get(name) ?? { size: 0, count: 0 };
  return { name, size: y.size - x.size, count: y.count - x.count, after: y.size };
});
rows.sort((p, q) => Math.abs(q.size) - Math.abs(p.size));
const kb = (n) => (n / 1024).toFixed(1);
console.log(`self size ${kb(a.total)} → ${kb(b.total)} KiB (${kb(b.total - a.total)} KiB)`);
console.log('| type / constructor | Δ KiB | Δ count | KiB after |');
console.log('|---|---:|---:|---:|');
for (const r of rows.slice(0, top))
  console.log(`| ${r.name} | ${kb(r.size)} | ${r.count} | ${kb(r.after)} |`);
