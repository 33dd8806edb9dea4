import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { startEmbeddedSimulator as Start } from '../../src/simulator/simulator-thread';

// A worker thread runs compiled JavaScript, so this suite uses the build (`npm test` builds first).
const DIST = resolve(__dirname, '../../dist/simulator/simulator-thread.js');

describe('the embedded simulator on its own thread', () => {
  it('serves the monitoring API from a worker thread and stops when closed', async () => {
    expect(existsSync(DIST)).toBe(true);
    const { startEmbeddedSimulator } = (await import(DIST)) as { startEmbeddedSimulator: typeof Start };
    const failures: string[] = [];
    const sim = await startEmbeddedSimulator({ patients: 3 }, (m) => failures.push(m));
    expect(sim.thread).toBe('worker');
    const res = await fetch(`${sim.url}2`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { trace: { sensors: unknown[] } };
    expect(body.trace.sensors).toHaveLength(6);
    await sim.close();
    await expect(fetch(`${sim.url}2`)).rejects.toThrow();
    expect(failures).toEqual([]);
  });
});
