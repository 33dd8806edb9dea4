// Client side of bench/fanout.mjs, forked several times so that receiving is not the bottleneck.
// Opens `count` WebSockets to `url`; with mode `graphql-ws` each speaks the graphql-transport-ws
// protocol by hand (connection_init, then one subscribe) so that both servers in the comparison
// cost this process the same: one raw frame received per delivered message, never parsed except
// one message in `sampleEvery` whose `at` gives the delivery latency.
//   (forked) node bench/fanout-client.mjs <ws url> <count> <graphql-ws|raw> <query>
import WebSocket from 'ws';

const [url, countArg, mode, query] = process.argv.slice(2);
const count = Number(countArg);
const sampleEvery = 8;
const AT = Buffer.from('"at":"');

let counting = false;
let received = 0;
let seen = 0;
let latencies = [];
const closes = {};
const sockets = [];
const gotOne = new Set();
const openedSockets = new Set();
const closedSockets = new Set();

function onMessage(socket, data) {
  if (!gotOne.has(socket)) gotOne.add(socket);
  if (!counting) return;
  received++;
  if (++seen % sampleEvery !== 0) return;
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  const i = buf.indexOf(AT);
  if (i < 0) return;
  const at = Date.parse(buf.toString('latin1', i + AT.length, i + AT.length + 24));
  if (Number.isFinite(at)) latencies.push(Date.now() - at);
}

function open() {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, mode === 'graphql-ws' ? 'graphql-transport-ws' : undefined, {
      perMessageDeflate: false,
    });
    let acked = mode !== 'graphql-ws';
    socket.on('open', () => {
      if (mode === 'graphql-ws') {
        socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
        return;
      }
      openedSockets.add(socket);
      resolve(true);
    });
    socket.on('message', (data) => {
      if (!acked) {
        acked = true;
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        openedSockets.add(socket);
        resolve(true);
        return;
      }
      onMessage(socket, data);
    });
    socket.on('close', (code) => {
      closedSockets.add(socket);
      closes[code] = (closes[code] ?? 0) + 1;
      resolve(false);
    });
    socket.on('error', () => undefined);
    sockets.push(socket);
  });
}

let opened = 0;
for (let i = 0; i < count; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(count, i + 50); j++) batch.push(open());
  opened += (await Promise.all(batch)).filter(Boolean).length;
}
process.send({ type: 'connected', opened });

// The bench died: do not outlive it.
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m.cmd === 'status') {
    // Of the sockets counted as opened, those the server closed before they got a reading.
    const closedBeforeReading = [...closedSockets].filter(
      (s) => openedSockets.has(s) && !gotOne.has(s),
    ).length;
    process.send({ type: 'status', live: gotOne.size, closedBeforeReading });
  } else if (m.cmd === 'start') {
    received = 0;
    seen = 0;
    latencies = [];
    counting = true;
  } else if (m.cmd === 'stop') {
    counting = false;
    process.send({ type: 'result', received, latencies, closes });
  } else if (m.cmd === 'exit') {
    for (const s of sockets) s.terminate();
    process.exit(0);
  }
});
