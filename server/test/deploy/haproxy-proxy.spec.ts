import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'graphql-ws';
import type { PlantarServer } from '../../src/server';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import { query, wsClient } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-process';
import { startTestServer } from '../support/server';
import { metricValue, until } from '../support/wait';
import { repoPath } from './deploy-files';

const HAPROXY = existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy';
const PATIENTS = [1, 2, 3, 4];
const LIVE = `subscription Live($ids: [Int!]) { readings(patientIds: $ids) { patientId } }`;

/**
 * The scaled profile's proxy without Docker: deploy/haproxy/haproxy.cfg as committed, only its
 * listen address and its servers pointed at two real CLUSTER=on instances on loopback (the third
 * replica left out), in front of one simulator and the shared Redis.
 */
function proxyConfig(port: number, upstreams: Record<string, number>): string {
  let cfg = readFileSync(repoPath('deploy', 'haproxy', 'haproxy.cfg'), 'utf8');
  const replace = (pattern: RegExp, by: string) => {
    if (!pattern.test(cfg)) throw new Error(`haproxy.cfg no longer has ${pattern}`);
    cfg = cfg.replace(pattern, by);
  };
  replace(/^(\s*)bind :8080$/m, `$1bind 127.0.0.1:${port}`);
  for (const [name, upstream] of Object.entries(upstreams))
    replace(new RegExp(`^(\\s*server ${name}) ${name}:4000$`, 'm'), `$1 127.0.0.1:${upstream}`);
  replace(/^\s*server plantar-3 plantar-3:4000\n/m, '');
  return cfg;
}

/** A subscription that stays open once every patient has been seen (so its socket stays counted). */
function follow(client: Client): { allSeen: Promise<void>; stop: () => void } {
  const seen = new Set<number>();
  let stop = () => undefined as void;
  const allSeen = new Promise<void>((resolve, reject) => {
    stop = client.subscribe<{ readings: { patientId: number } }>(
      { query: LIVE, variables: { ids: PATIENTS } },
      {
        next: (value) => {
          if (value.errors) reject(new Error(JSON.stringify(value.errors)));
          if (value.data) seen.add(value.data.readings.patientId);
          if (seen.size === PATIENTS.length) resolve();
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
  return { allSeen, stop: () => stop() };
}

describe('deploy/haproxy/haproxy.cfg in front of two instances', () => {
  const prefix = uniquePrefix('deploy-proxy');
  const dir = mkdtempSync(join(tmpdir(), 'plantar-haproxy-'));
  let simulator: SimulatorServer;
  const servers: PlantarServer[] = [];
  let haproxy: ChildProcess | undefined;
  let output = '';
  let proxyUrl: string;

  beforeAll(async () => {
    simulator = await startSimulatorServer({ port: 0, host: '127.0.0.1', patients: PATIENTS.length });
    for (const id of ['plantar-1', 'plantar-2'])
      servers.push(
        await startTestServer({
          REDIS_URL: TEST_REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          API_BASE_URL: simulator.url,
          PATIENT_IDS: `1-${PATIENTS.length}`,
          CLUSTER: 'on',
          INSTANCE_ID: id,
        }),
      );
    const port = await freePort();
    proxyUrl = `http://127.0.0.1:${port}`;
    const cfg = join(dir, 'haproxy.cfg');
    writeFileSync(cfg, proxyConfig(port, { 'plantar-1': servers[0]!.port, 'plantar-2': servers[1]!.port }));
    haproxy = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    haproxy.stdout!.on('data', (d) => (output += d));
    haproxy.stderr!.on('data', (d) => (output += d));
    await until(
      async () => {
        if (haproxy!.exitCode !== null) throw new Error(`haproxy exited ${haproxy!.exitCode}: ${output}`);
        return (await fetch(`${proxyUrl}/readyz`).catch(() => undefined))?.status === 200;
      },
      'the proxy answering /readyz',
      15_000,
      50,
    );
  });
  afterAll(async () => {
    if (haproxy && haproxy.exitCode === null) {
      const exited = new Promise((r) => haproxy!.once('exit', r));
      haproxy.kill('SIGTERM');
      await exited;
    }
    for (const s of servers) await s.stop();
    await simulator?.close();
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers GraphQL queries through the proxy', async () => {
    const answer = await query<{ patients: { id: number }[] }>(proxyUrl, '{ patients { id } }');
    expect(answer.status).toBe(200);
    expect(answer.data!.patients.map((p) => p.id).sort()).toEqual(PATIENTS);
  });

  it('keeps /metrics off the public side; each instance serves its own, labelled', async () => {
    expect((await fetch(`${proxyUrl}/metrics`)).status).toBe(404);
    const direct = await (await fetch(`${servers[1]!.url}/metrics`)).text();
    expect(direct).toMatch(/^plantar_ws_connections\{instance_id="plantar-2"\} \d/m);
  });

  it('carries graphql-ws through the proxy to both instances, each subscriber seeing every patient', async () => {
    const clients = [1, 2, 3, 4].map(() => wsClient(proxyUrl));
    const follows = clients.map(follow);
    try {
      // Every patient reaches every subscriber, whichever instance polls it and holds the socket.
      await Promise.all(follows.map((f) => f.allSeen));
      // Least connections: four sockets opened together end up on both instances.
      const open = await Promise.all(servers.map((s) => metricValue(s.services.metrics.connections)));
      expect(open.reduce((a, b) => a + b, 0)).toBe(4);
      expect(open.every((n) => n > 0)).toBe(true);
    } finally {
      follows.forEach((f) => f.stop());
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
