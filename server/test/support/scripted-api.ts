import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A monitoring API whose patients do what a test says: every request is a fresh sample (the trace
 * id moves on), values alternate like walking, and all six sensors are flagged while the test
 * has flagged the patient. For end-to-end tests of what the detectors make of real polls.
 */
export async function startScriptedApi() {
  const flagged = new Set<number>();
  const sockets = new Set<Socket>();
  let trace = 2350401012010;
  const server = createServer((req, res) => {
    const id = Number(/(\d+)$/.exec(req.url ?? '')?.[1]);
    trace += 1;
    const anomaly = flagged.has(id);
    const sensors = [0, 1, 2, 3, 4, 5].map((s) => ({
      anomaly,
      id: s,
      name: `${s < 3 ? 'L' : 'R'}${s % 3}`,
      value: (trace + s) % 2 === 0 ? 1023 : 20 + s,
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        birthdate: '1982',
        disabled: false,
        firstname: 'Test',
        id: 12,
        lastname: `Patient ${id}`,
        trace: { id: trace, name: 'scripted', sensors },
      }),
    );
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2/monitor/`,
    flag: (patientId: number, on: boolean) => void (on ? flagged.add(patientId) : flagged.delete(patientId)),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
