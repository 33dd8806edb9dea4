// Baseline server of bench/fanout.mjs: the limit of broadcasting over WebSocket on this machine.
// Listens to the same Redis channel as Plantar and, per event, builds the message a graphql-ws
// subscriber of Plantar receives (same JSON, same bytes for the same reading), frames it once and
// writes that one frame to every client socket. Nothing per subscriber but the socket write.
//   (forked) node bench/fanout-raw.mjs <redis url> <channel>
import { WebSocketServer, Sender } from 'ws';
import { Redis } from 'ioredis';

const [redisUrl, channel] = process.argv.slice(2);
const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
await new Promise((r) => wss.once('listening', r));

const sub = new Redis(redisUrl);
await sub.subscribe(channel);
sub.on('messageBuffer', (_channel, payload) => {
  const r = JSON.parse(payload);
  const message = JSON.stringify({
    id: '1',
    type: 'next',
    payload: {
      data: {
        readings: {
          patientId: r.patientId,
          at: new Date(r.at).toISOString(),
          traceId: r.traceId,
          anomaly: r.sensors.some((s) => s.anomaly),
          sensors: r.sensors.map((s) => ({
            id: s.id,
            name: s.name,
            foot: s.id < 3 ? 'LEFT' : 'RIGHT',
            value: s.value,
            anomaly: s.anomaly,
          })),
        },
      },
    },
  });
  const frame = Buffer.concat(
    Sender.frame(Buffer.from(message), { fin: true, opcode: 1, mask: false, readOnly: true, rsv1: false }),
  );
  for (const client of wss.clients) {
    // ws keeps its own socket; a server that never pings or sends otherwise can write frames to it.
    if (client.readyState === 1) client._socket.write(frame);
  }
});

process.send({ type: 'listening', url: `ws://127.0.0.1:${wss.address().port}/` });
// The bench died: do not outlive it.
process.on('disconnect', () => process.exit(0));
process.on('message', (m) => {
  if (m.cmd === 'exit') {
    for (const c of wss.clients) c.terminate();
    sub.disconnect();
    wss.close(() => process.exit(0));
  }
});
