// Publisher side of bench/mqtt.mjs, its own process so that publishing does not share a thread
// with the subscriber measured. Publishes readings (QoS 1) round-robin to patients
// first..first+count-1 as fast as the broker takes them, `window` messages in flight, until
// SIGTERM; then prints `published <messages>` and exits.
//   (spawned) node bench/mqtt-load.mjs <mqtt url> <first patient> <count> <readings per message> <window>
import mqtt from 'mqtt';

const [url, firstArg, countArg, perArg, windowArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const perMessage = Number(perArg);
const window = Number(windowArg);

const client = await mqtt.connectAsync(url, { clientId: `bench-pub-${process.pid}`, clean: true });
let inFlight = 0;
let published = 0;
let stopping = false;
// Per patient a clock 1 ms a reading from a minute ago: in time order, as a device sends them, and
// never more than the allowed 5 minutes ahead at the rates measured.
const t0 = Date.now() - 60_000;
const sent = new Array(count).fill(0);

function message(slot) {
  const readings = [];
  for (let i = 0; i < perMessage; i++) {
    const k = sent[slot]++;
    readings.push({ at: t0 + k, sensors: [k % 1024, 500, 1023, 80, (k * 7) % 1024, 1023] });
  }
  return JSON.stringify(readings);
}

function pump() {
  while (!stopping && inFlight < window) {
    const slot = published % count;
    inFlight++;
    published++;
    client.publish(`plantar/v1/patients/${first + slot}/readings`, message(slot), { qos: 1 }, () => {
      inFlight--;
      pump();
    });
  }
}

process.once('SIGTERM', async () => {
  stopping = true;
  process.stdout.write(`published ${published}\n`);
  await client.endAsync(true);
  process.exit(0);
});
pump();
