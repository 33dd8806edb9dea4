#!/usr/bin/env node
// A third-party client of Plantar: follows live readings of some patients over graphql-ws and
// prints one line per reading. Run it against a running server (npm start):
//
//   node examples/subscribe-readings.mjs                      # patients 1 and 2 on localhost:4000
//   PLANTAR_URL=ws://host:4000/graphql node examples/subscribe-readings.mjs 3 4 5
//
// It uses only the public packages `graphql-ws` and `ws`, reconnects forever with backoff, and
// stops cleanly on Ctrl-C.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const url = process.env.PLANTAR_URL ?? 'ws://127.0.0.1:4000/graphql';
const patientIds = process.argv.slice(2).map(Number);
const ids = patientIds.length > 0 ? patientIds : [1, 2];
if (ids.some((id) => !Number.isInteger(id) || id < 1)) {
  console.error(`expected patient ids as positive integers, got: ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  retryAttempts: Infinity,
  keepAlive: 10_000,
  on: {
    connected: () => console.error(`connected to ${url}`),
    closed: (event) => console.error(`connection closed (${event?.code ?? '?'}); reconnecting…`),
  },
  connectionParams: process.env.PLANTAR_TOKEN ? { token: process.env.PLANTAR_TOKEN } : undefined,
});

const query = `subscription Live($ids: [Int!]) {
  readings(patientIds: $ids) { patientId at traceId anomaly sensors { name value anomaly } }
}`;

const stop = client.subscribe(
  { query, variables: { ids } },
  {
    next: ({ data, errors }) => {
      if (errors) return console.error('server said:', errors.map((e) => e.message).join('; '));
      const r = data.readings;
      const values = r.sensors
        .map((s) => `${s.name}=${String(s.value).padStart(4)}${s.anomaly ? '!' : ' '}`)
        .join(' ');
      console.log(`${r.at} patient ${r.patientId} ${values}${r.anomaly ? '  ANOMALY' : ''}`);
    },
    error: (error) => {
      console.error('subscription failed:', error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
    complete: () => console.error('subscription completed'),
  },
);

process.on('SIGINT', () => {
  stop();
  void client.dispose();
});
