// A producer in a few lines, like the ticker board's: registers a patient, then posts a batch of
// readings every second (five, as an insole sampling at 5 Hz would).
//   PLANTAR_URL=http://127.0.0.1:4000 TOKEN=<device or operator token> node examples/push-readings.mjs 7
// Mint a device token with `AUTH_SECRET=… npm run token -- --role device --patients 7`.
const base = process.env.PLANTAR_URL ?? 'http://127.0.0.1:4000';
const patientId = Number(process.argv[2] ?? 7);
const headers = { authorization: `Bearer ${process.env.TOKEN}`, 'content-type': 'application/json' };

const put = await fetch(`${base}/ingest/v1/patients/${patientId}`, {
  method: 'PUT',
  headers,
  body: JSON.stringify({ firstName: 'Ada', lastName: 'Nowak', birthYear: 1941, disabled: false }),
});
if (!put.ok) throw new Error(`registration failed: ${put.status} ${await put.text()}`);

let step = 0;
setInterval(async () => {
  const now = Date.now();
  const readings = Array.from({ length: 5 }, (_, k) => {
    const phase = ((step++ % 6) / 6) * 2 * Math.PI; // a stride every ~1.2 s: left and right alternate
    const load = (offset) => Math.round(40 + 983 * Math.max(0, Math.sin(phase + offset)));
    return {
      patientId,
      at: now - 800 + k * 200,
      sensors: [load(0), load(0.3), load(-0.3), load(Math.PI), load(Math.PI + 0.3), load(Math.PI - 0.3)],
    };
  });
  const res = await fetch(`${base}/ingest/v1/readings`, {
    method: 'POST',
    headers,
    body: JSON.stringify(readings),
  });
  const answer = await res.json();
  if (res.status === 429 || res.status === 503)
    console.warn(`retry after ${res.headers.get('retry-after')} s`, answer);
  else console.log(res.status, answer);
}, 1000);
