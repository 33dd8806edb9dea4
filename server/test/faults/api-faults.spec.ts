import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import type { FaultConfig } from '../../src/simulator/faults';
import type { FailureKind } from '../../src/polling/poll-error';
import { FAILING_AFTER } from '../../src/polling/patient-health';
import { startEndlessApi, type EndlessFault } from '../support/endless-api';
import { query } from '../support/graphql';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { measured, until } from '../support/wait';

const HEALTHY = [1, 2, 3, 4];

/** Faulty patients: how each breaks and the failure kind the poller must count for it. */
const SIMULATED: [number, FaultConfig, FailureKind, string][] = [
  [5, { errorRate: 1 }, 'http-status', 'HTTP 500'],
  [6, { hang: true }, 'timeout', 'headers, then a body that never ends'],
  [7, { latencyMs: 2000 }, 'timeout', 'no answer within the timeout'],
  [8, { malformedRate: 1, malformedKinds: ['truncated-json'] }, 'malformed', 'truncated JSON'],
  [9, { malformedRate: 1, malformedKinds: ['non-json'] }, 'malformed', 'an HTML page'],
  [10, { malformedRate: 1, malformedKinds: ['wrong-sensor-count'] }, 'malformed', '5 or 7 sensors'],
  [11, { malformedRate: 1, malformedKinds: ['value-out-of-range'] }, 'malformed', 'value 2048, -1 or "abc"'],
  [12, { malformedRate: 1, malformedKinds: ['missing-field'] }, 'malformed', 'a required field missing'],
];
const TRICKLE = 13;
const FLOOD = 14;
const FAULTY = [...SIMULATED.map(([id]) => id), TRICKLE, FLOOD];
const EXPECTED_KIND = new Map<number, FailureKind>([
  ...SIMULATED.map(([id, , kind]) => [id, kind] as [number, FailureKind]),
  [TRICKLE, 'timeout'],
  [FLOOD, 'too-large'],
]);

/**
 * Scenario 2: the monitoring API fails for some patients in every way we know of. The poller must
 * stay up, keep the healthy patients at their normal rate, and count each failure where operators
 * look: the patient's status, its health record and /metrics.
 */
describe('fault: the monitoring API failing for some patients', () => {
  const prefix = uniquePrefix('api-faults');
  let simulator: SimulatorServer;
  const endlessFaults = new Map<number, EndlessFault>(); // changed at run time
  let endless: Awaited<ReturnType<typeof startEndlessApi>>;
  let server: PlantarServer;

  beforeAll(async () => {
    simulator = await startSimulatorServer({ port: 0, host: '127.0.0.1', patients: 14 });
    endless = await startEndlessApi(simulator.url, endlessFaults);
  });
  afterAll(async () => {
    await server?.stop();
    await endless?.close();
    await simulator?.close();
    await deleteKeys(prefix);
  });

  /**
   * The arrival times stored in Redis for each healthy patient over a window of `windowMs`, with the
   * fresh samples per second they make: (n - 1) intervals over the span from the first to the last,
   * so the window's edges cannot round the figure by a sample. The rate is reported, never asserted
   * (it is the machine's speed); the counts are.
   */
  async function healthyWindow(windowMs: number): Promise<{ counts: number[]; ratePerSec: number }> {
    const from = Date.now();
    await new Promise((r) => setTimeout(r, windowMs)); // the measurement window itself
    const to = Date.now();
    const redis = rawRedis();
    try {
      const arrivals = await Promise.all(
        HEALTHY.map(async (id) =>
          (await redis.lrange(`${prefix}${id}_timestamp`, 0, -1))
            .map(Number)
            .filter((t) => t >= from && t <= to),
        ),
      );
      const rates = arrivals.map((at) =>
        at.length < 2 ? 0 : ((at.length - 1) * 1000) / (at.at(-1)! - at[0]!),
      );
      return {
        counts: arrivals.map((at) => at.length),
        ratePerSec: Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100,
      };
    } finally {
      redis.disconnect();
    }
  }

  it('counts every failure per patient, keeps polling the others, and recovers', async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_BASE_URL: endless.url,
      PATIENT_IDS: '1-14',
      // Twice the API's sample rate: every fresh sample is caught.
      REQUEST_DELAY_MS: '100',
      REQUEST_TIMEOUT_MS: '400',
      BACKOFF_MAX_MS: '1000',
      INSTANCE_ID: 'api-faults',
    });
    const poller = server.services.poller;
    await until(
      () => [...HEALTHY, ...FAULTY].every((id) => poller.status(id) === 'LIVE'),
      'all patients live',
      20_000,
    );
    const normal = await healthyWindow(3000);

    for (const [id, faults] of SIMULATED) simulator.setFaults(id, faults);
    endlessFaults.set(TRICKLE, 'trickle').set(FLOOD, 'flood');
    const failingAfterMs = await until(
      () => FAULTY.every((id) => poller.status(id) === 'FAILING'),
      'every faulty patient to be FAILING',
      20_000,
    );
    const underFaults = await healthyWindow(3000);

    const patients = await query<{ patients: { id: number; status: string }[] }>(
      server.url,
      '{ patients { id status } }',
    );
    const status = new Map(patients.data!.patients.map((p) => [p.id, p.status]));
    const counted: Record<number, Partial<Record<FailureKind, number>>> = {};
    for (const id of HEALTHY) expect([id, status.get(id)]).toEqual([id, 'LIVE']);
    for (const id of FAULTY) {
      expect([id, status.get(id)]).toEqual([id, 'FAILING']);
      const health = poller.health(id)!;
      counted[id] = Object.fromEntries(Object.entries(health.failures).filter(([, n]) => n > 0));
      expect([id, health.lastFailure?.kind]).toEqual([id, EXPECTED_KIND.get(id)]);
      expect(health.failures[EXPECTED_KIND.get(id)!]).toBeGreaterThanOrEqual(FAILING_AFTER);
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const kind of ['http-status', 'timeout', 'malformed', 'too-large'])
      expect(metrics).toMatch(
        new RegExp(`plantar_polls_total\\{outcome="${kind}",instance_id="api-faults"\\} [1-9]`),
      );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Faults cleared: the simulated ones come back on their own.
    for (const [id] of SIMULATED) simulator.setFaults(id, null);
    const recoveredAfterMs = await until(
      () => SIMULATED.every(([id]) => poller.status(id) === 'LIVE'),
      'the repaired patients to be LIVE again',
      20_000,
    );

    measured('api-faults', {
      healthyRateNormalPerSec: normal.ratePerSec,
      healthyRateUnderFaultsPerSec: underFaults.ratePerSec,
      healthyRateUnderFaultsPercent: Math.round((underFaults.ratePerSec / normal.ratePerSec) * 1000) / 10,
      healthySamplesPerPatientNormal: normal.counts,
      healthySamplesPerPatientUnderFaults: underFaults.counts,
      allFaultyFailingAfterMs: failingAfterMs,
      failuresCountedPerPatient: counted,
      recoveredAfterMs,
    });
    // Every healthy patient kept being polled and stored while the others failed: a poller held up
    // by the hanging, trickling or flooding patients would store nothing for them. At least 3 fresh
    // samples in the 3 s (the API makes 15), whatever the machine's speed.
    const starved = HEALTHY.filter((_, i) => underFaults.counts[i]! < 3);
    expect(starved).toEqual([]);
  }, 90_000);
});
