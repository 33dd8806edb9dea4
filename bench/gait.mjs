// Micro-bench of the gait analysis alone (server/src/gait/analysis, built), in-process: the CPU of
// GaitTracker.add for 1,000 patients x 5 readings a second (the ingest path's share of one core),
// of current() for the ward overview, and of summary() per watched patient. The full-server A/B is
// gait-cost.mjs; this one says where the cost is.
//   node bench/gait.mjs [--patients 1000] [--seconds 60] [--smoke]
import { cpuUsage } from 'node:process';
import { ensureBuilt, machine, options } from './lib.mjs';

const o = options({ patients: 1000, seconds: 60, distinct: 100 });
if (o.smoke) Object.assign(o, { patients: 20, seconds: 5, distinct: 5 });
ensureBuilt();
const { GaitTracker } = await import('../server/dist/gait/analysis/gait-tracker.js');
const { gaitProfileFor } = await import('../server/dist/simulator/gait-model.js');
const { walkReadings } = await import('../server/dist/simulator/gait-truth-readings.js');

const RATE = 5; // readings a second per patient, the real service's pace
const WARMUP_S = 300; // five minutes first: full rings, as on a server that has been running
const samples = (WARMUP_S + o.seconds) * RATE;
// Readings of `distinct` simulated patients (the default six and generated ones: walking,
// standing, sitting), shared round-robin by the trackers: generating 1,000 x 1,800 readings would
// cost more memory than the trackers measured.
const sources = [];
for (let k = 0; k < o.distinct; k++)
  sources.push(walkReadings(gaitProfileFor(k + 1, 1), { samples, patientId: k + 1 }).readings);
const buffersBefore = process.memoryUsage().arrayBuffers;
const trackers = Array.from({ length: o.patients }, (_, i) => new GaitTracker(i + 1));
const perTracker = (process.memoryUsage().arrayBuffers - buffersBefore) / o.patients;

function feed(from, to) {
  for (let n = from; n < to; n++)
    for (let i = 0; i < trackers.length; i++) {
      trackers[i].add(sources[i % o.distinct][n]);
      if (n % 300 === 0) trackers[i].takeMinutes();
    }
}

/** CPU seconds (user + system) of `work`. */
function cpuOf(work) {
  const before = cpuUsage();
  work();
  const used = cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

feed(0, WARMUP_S * RATE);
const addCpu = cpuOf(() => feed(WARMUP_S * RATE, samples));
const added = o.patients * o.seconds * RATE;

const overviewRounds = 50;
const currentCpu = cpuOf(() => {
  for (let r = 0; r < overviewRounds; r++) for (const t of trackers) t.current();
});

const watched = Math.min(100, o.patients);
const summaryCpu = {};
for (const window of ['THIRTY_SECONDS', 'FIVE_MINUTES']) {
  summaryCpu[window] = cpuOf(() => {
    for (let r = 0; r < 5; r++) for (let i = 0; i < watched; i++) trackers[i].summary(window);
  });
}
const heap = process.memoryUsage().heapUsed;

console.log(machine());
console.log(
  `\ngait analysis, ${o.patients} patients x ${RATE} readings/s, ${o.seconds} s measured after ${WARMUP_S} s warm-up\n`,
);
console.log('| figure | value |');
console.log('| --- | --- |');
console.log(`| add(): CPU per reading | ${((addCpu / added) * 1e6).toFixed(2)} µs |`);
console.log(
  `| add(): share of one core at ${o.patients} x ${RATE}/s | ${((100 * addCpu) / o.seconds).toFixed(2)} % |`,
);
console.log(
  `| current(): CPU per call | ${((currentCpu / (overviewRounds * o.patients)) * 1e6).toFixed(2)} µs |`,
);
for (const [window, cpu] of Object.entries(summaryCpu))
  console.log(`| summary(${window}): CPU per call | ${((cpu / (5 * watched)) * 1e3).toFixed(3)} ms |`);
const perSummary = summaryCpu.FIVE_MINUTES / (5 * watched);
console.log(
  `| summary(FIVE_MINUTES) at 1 Hz for 100 watched patients: share of one core | ${(perSummary * 100 * 100).toFixed(2)} % |`,
);
console.log(`| typed arrays per tracker | ${(perTracker / 1024).toFixed(1)} KiB |`);
console.log(
  `| heap after the run (${o.patients} trackers + the readings) | ${(heap / 2 ** 20).toFixed(0)} MiB |`,
);
