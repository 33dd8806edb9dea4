// Where the server's main thread allocates, per reading delivered: runs the freshness setup
// (simulator, server, one graphql-ws subscriber of every patient), samples allocations over the
// DevTools protocol — objects already collected included, so this is the allocation rate, not
// what is retained — and prints the top allocation sites in bytes per delivered reading.
//   node bench/alloc-profile.mjs [--patients 1000] [--seconds 8] [--top 25] [--survivors]
// --survivors: only objects that no young-generation collection freed (promoted or allocated old,
// then freed by a full GC or still alive): what the scavenger copies, where its pauses come from.
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import {
  options,
  startSimulator,
  startServer,
  freePort,
  sleep,
  dropKeys,
  devtools,
  ensureBuilt,
  pollingEnv,
} from './lib.mjs';

const o = options({
  patients: 1000,
  seconds: 8,
  top: 25,
  survivors: false,
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
ensureBuilt();
const patients = o.smoke ? 6 : o.patients;
const sim = await startSimulator(patients);
const inspectPort = await freePort();
const prefix = `bench:alloc:${Date.now()}:`;
const server = await startServer(pollingEnv({ redis: o.redis, prefix, apiUrl: sim.url, patients }), {
  nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`],
});
const client = createClient({ url: server.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket });
let delivered = 0;
client.subscribe(
  { query: 'subscription { readings { at } }' },
  {
    next: () => delivered++,
    error: (e) => console.error('subscription error', e),
    complete: () => undefined,
  },
);
await sleep(o.smoke ? 1000 : 4000);

const { call, close } = await devtools(inspectPort);
await call('HeapProfiler.enable');
await call('HeapProfiler.startSampling', {
  samplingInterval: 2048,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: !o.survivors,
});
const before = delivered;
await sleep((o.smoke ? 1 : o.seconds) * 1000);
const { profile } = await call('HeapProfiler.stopSampling');
const readings = Math.max(1, delivered - before);

const bySite = new Map();
const walk = (node) => {
  const f = node.callFrame;
  const file = f.url.replace(/.*node_modules\//, '').replace(/.*\/server\/dist\//, 'server/dist/');
  const site = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  if (node.selfSize) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child);
};
walk(profile.head);
const total = [...bySite.values()].reduce((a, b) => a + b, 0);
console.log(
  `# alloc-profile — ${patients} patients, ${readings} readings delivered while sampling; ${(total / readings).toFixed(0)} bytes ${o.survivors ? 'surviving young-generation collection' : 'allocated'} per reading on the main thread`,
);
console.log('| bytes per reading | share | function (file:line) |');
console.log('|---:|---:|---|');
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, o.top)) {
  console.log(`| ${(bytes / readings).toFixed(0)} | ${((100 * bytes) / total).toFixed(1)}% | ${site} |`);
}
close();
await client.dispose();
await server.stop();
await sim.stop();
await dropKeys(o.redis, prefix);
if (delivered === before) {
  console.error('alloc-profile: no reading was delivered while sampling');
  process.exit(1);
}
