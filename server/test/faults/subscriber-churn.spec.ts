import '../support/production-mode';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Redis } from 'ioredis';
import type { PlantarServer } from '../../src/server';
import { startTestServer } from '../support/server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { seededRandom } from '../support/graphql-fuzz';
import { measured, metricValue, mib, settledHeap, until } from '../support/wait';

const PATIENTS = 20;
const CONNECTIONS = 20;
const CYCLES = 10_000;
const WARM_UP = 500;
/** One cycle in this many waits for its first reading before unsubscribing. */
const WAIT_EVERY = 20;
/** How long such a cycle waits for its reading before it counts as timed out. */
const WAIT_MS = 10_000;

const LIVE = 'subscription Live($ids: [Int!]) { readings(patientIds: $ids) { patientId at } }';

/**
 * Scenario 3: thousands of subscribe/unsubscribe cycles over a few long-lived connections. After
 * the churn the server must hold what it held before: no Redis channel left subscribed, no
 * subscription counted, nothing left in the pub/sub engine's bookkeeping for subscribers that
 * left. Those are counts, asserted exactly; the heap (shared with this test, at the mercy of the
 * collector) is reported.
 */
describe('fault: subscriber churn', () => {
  const prefix = uniquePrefix('churn');
  let server: PlantarServer;
  let redis: Redis;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: `1-${PATIENTS}`,
      SIMULATOR_PATIENTS: String(PATIENTS),
    });
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    redis?.disconnect();
    await server?.stop();
    await deleteKeys(prefix);
  });

  /** Channels of this server's prefix with at least one Redis subscriber, and the sum of subscribers. */
  async function redisSubscriptions(): Promise<{ channels: number; subscribers: number }> {
    const channels = (await redis.pubsub('CHANNELS', `${prefix}*`)) as string[];
    if (channels.length === 0) return { channels: 0, subscribers: 0 };
    const numsub = (await redis.pubsub('NUMSUB', ...channels)) as (string | number)[];
    let subscribers = 0;
    for (let i = 1; i < numsub.length; i += 2) subscribers += Number(numsub[i]);
    return { channels: channels.length, subscribers };
  }

  /** The pub/sub engine's own bookkeeping (graphql-redis-subscriptions keeps it in two maps). */
  function engineRefs(): { triggers: number; ids: number } {
    const engine = server.services.store.pubsub as unknown as {
      subsRefsMap?: Map<string, Set<number>>;
      subscriptionMap?: Record<string, unknown>;
    };
    return {
      triggers: engine.subsRefsMap?.size ?? -1,
      ids: engine.subscriptionMap ? Object.keys(engine.subscriptionMap).length : -1,
    };
  }

  /** `cycles` subscribe/unsubscribe cycles spread over the connections; returns what went wrong. */
  async function churn(cycles: number, seed: number, onTick?: () => void) {
    const rnd = seededRandom(seed); // deterministic: a failing run can be replayed
    let errors = 0;
    let waitedFor = 0;
    let timedOut = 0;
    const perConnection = Math.ceil(cycles / clients.length);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < perConnection && c * perConnection + i < cycles; i++) {
          const all = rnd() < 0.05;
          const ids = all
            ? undefined
            : [
                ...new Set(
                  Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => 1 + Math.floor(rnd() * PATIENTS)),
                ),
              ];
          const wait = i % WAIT_EVERY === c % WAIT_EVERY;
          const turns = Math.floor(rnd() * 4);
          await new Promise<void>((resolve) => {
            let finished = false;
            const finish = () => {
              if (finished) return;
              finished = true;
              clearTimeout(timer);
              unsubscribe();
              resolve();
            };
            const timer = setTimeout(() => {
              timedOut++;
              finish();
            }, WAIT_MS);
            const unsubscribe = client.subscribe(
              { query: LIVE, variables: ids ? { ids } : {} },
              {
                next: () => {
                  if (wait && !finished) {
                    waitedFor++;
                    finish();
                  }
                },
                error: () => {
                  errors++;
                  finish();
                },
                complete: () => finish(),
              },
            );
            if (!wait) {
              // Leave after 0-3 event-loop turns: before, during or after the server set it up.
              let n = turns;
              const step = () => (n-- <= 0 ? finish() : setImmediate(step));
              step();
            }
          });
          onTick?.();
        }
      }),
    );
    return { errors, waitedFor, timedOut };
  }

  it(`returns to its baseline after ${CYCLES} subscribe/unsubscribe cycles over ${CONNECTIONS} connections`, async () => {
    const url = server.url.replace(/^http/, 'ws') + '/graphql';
    for (let i = 0; i < CONNECTIONS; i++) {
      clients.push(createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 }));
    }
    const metrics = server.services.metrics;
    await until(
      async () => (await metricValue(metrics.connections)) === CONNECTIONS,
      'all connections open',
      20_000,
    );

    // Warm up (JIT, caches, pools), then take the baseline.
    const warm = await churn(WARM_UP, 1);
    expect(warm.errors).toBe(0);
    const settle = async () => {
      await until(
        async () => (await metricValue(metrics.subscriptions)) === 0,
        'no subscription counted',
        20_000,
      );
      await until(
        async () => (await redisSubscriptions()).channels === 0,
        'no Redis channel subscribed',
        20_000,
      );
    };
    await settle();
    const heapBefore = await settledHeap();
    const redisBefore = await redisSubscriptions();
    const refsBefore = engineRefs();

    let peakChannels = 0;
    let samples = 0;
    const started = Date.now();
    const result = await churn(CYCLES, 2, () => {
      if (++samples % 500 === 0)
        void redisSubscriptions().then((r) => (peakChannels = Math.max(peakChannels, r.channels)));
    });
    const churnMs = Date.now() - started;
    const settleStarted = Date.now();
    await settle();
    const settleMs = Date.now() - settleStarted;
    const heapAfter = await settledHeap();
    const redisAfter = await redisSubscriptions();
    const refsAfter = engineRefs();
    const connectionsAfter = await metricValue(metrics.connections);

    measured('subscriber-churn', {
      cycles: CYCLES,
      connections: CONNECTIONS,
      churnMs,
      cyclesThatGotAReading: result.waitedFor,
      cyclesTimedOut: result.timedOut,
      cyclesWithErrors: result.errors,
      redisChannelsPeakDuringChurn: peakChannels,
      redisBefore,
      redisAfter,
      settledAfterMs: settleMs,
      pubsubEngineRefsBefore: refsBefore,
      pubsubEngineRefsAfter: refsAfter,
      heapBeforeMiB: mib(heapBefore),
      heapAfterMiB: mib(heapAfter),
      heapGrowthMiB: mib(heapAfter - heapBefore),
      openSubscriptionsGauge: await metricValue(metrics.subscriptions),
      openConnectionsGauge: connectionsAfter,
    });
    expect(result.errors).toBe(0);
    expect(result.waitedFor).toBeGreaterThan(CYCLES / WAIT_EVERY / 2); // readings did flow during churn
    expect(peakChannels).toBeGreaterThan(0); // the churn did reach Redis
    expect(redisAfter).toEqual(redisBefore);
    expect(refsAfter).toEqual(refsBefore);
    expect(connectionsAfter).toBe(CONNECTIONS);
  }, 180_000);
});
