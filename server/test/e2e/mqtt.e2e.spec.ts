import mqtt, { type MqttClient } from 'mqtt';
import type { PlantarServer } from '../../src/server';
import { MosquittoProcess, TEST_MQTT_URL } from '../support/mosquitto-process';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

jest.setTimeout(60_000);

/** Readings pushed over MQTT, through a real Mosquitto, the real server and Redis. */
describe('MQTT push', () => {
  const prefix = uniquePrefix('mqtt');
  // Ids of this run only: other runs on the same broker see these messages and refuse them (unregistered there).
  const base = 100_000 + Math.floor(Math.random() * 1_000_000);
  const t0 = Date.now() - 30_000;
  let server: PlantarServer | undefined;
  let broker: MosquittoProcess | undefined;
  const publishers: MqttClient[] = [];

  const start = (url: string, env: Record<string, string> = {}) =>
    startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      MQTT_URL: url,
      MQTT_SHARE_GROUP: `test${base}`,
      ...env,
    });
  const register = async (id: number) => {
    const res = await fetch(`${server!.url}/ingest/v1/patients/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: `Nowak-${id}` }),
    });
    expect(res.ok).toBe(true);
  };
  const publisher = async (url: string) => {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 200 });
    publishers.push(client);
    return client;
  };
  const publish = (client: MqttClient, id: number, payload: unknown) =>
    client.publishAsync(
      `plantar/v1/patients/${id}/readings`,
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      {
        qos: 1,
      },
    );
  const reading = (k: number) => ({ at: t0 + k * 200, sensors: [10 + k, 20, 30, 40, 50, 1023] });
  const stored = (id: number) => server!.services.store.readings(id, { from: 0, last: 1000 });
  const messages = async (outcome: string) => {
    const metric = await server!.services.metrics.registry
      .getSingleMetric('plantar_mqtt_messages_total')
      ?.get();
    return metric?.values.find((v) => v.labels['outcome'] === outcome)?.value ?? 0;
  };

  const subscribed = async () =>
    (await server!.services.metrics.registry.getSingleMetric('plantar_mqtt_subscribed')?.get())?.values[0]
      ?.value;

  afterEach(async () => {
    for (const p of publishers.splice(0)) await p.endAsync();
    await server?.stop();
    server = undefined;
    await broker?.dispose();
    broker = undefined;
  });
  afterAll(() => deleteKeys(prefix));

  it("stores a patient topic's readings, counts and skips what does not read, and goes on", async () => {
    server = await start(TEST_MQTT_URL);
    const id = base;
    await register(id);
    const client = await publisher(TEST_MQTT_URL);
    await publish(client, id, 'not json at all');
    await publish(client, id, [reading(0), { ...reading(1), sensors: [1, 2] }, reading(2)]);
    await publish(client, id, { patientId: id + 1, ...reading(3) }); // another patient's reading on this topic
    await publish(client, id, `${JSON.stringify(reading(4))}\n${JSON.stringify(reading(5))}\n`);
    await until(async () => (await stored(id)).length === 4, 'four readings stored');
    expect((await stored(id)).map((r) => r.at)).toEqual([0, 2, 4, 5].map((k) => t0 + k * 200));
    // 'not json at all' reads as NDJSON whose one line is broken; the foreign reading is refused by scope.
    expect(await messages('invalid')).toBe(2);
    expect(await messages('partial')).toBe(1);
    expect(await messages('accepted')).toBe(1);
  });

  it('resumes the subscription when the broker restarts', async () => {
    broker = await MosquittoProcess.start();
    server = await start(broker.url);
    const id = base + 10;
    await register(id);
    const client = await publisher(broker.url);
    await publish(client, id, [reading(0)]);
    await until(async () => (await stored(id)).length === 1, 'first reading stored');
    expect(await subscribed()).toBe(1);
    await broker.stop();
    await until(async () => (await subscribed()) === 0, 'Plantar to see the broker gone');
    await broker.start();
    await until(
      async () => client.connected && (await subscribed()) === 1,
      'both back, Plantar subscribed',
      20_000,
    );
    await publish(client, id, [reading(1), reading(2)]);
    await until(async () => (await stored(id)).length === 3, 'readings after the restart stored', 20_000);
  });
});
