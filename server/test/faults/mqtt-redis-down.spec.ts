import mqtt, { type MqttClient } from 'mqtt';
import type { PlantarServer } from '../../src/server';
import { MosquittoProcess } from '../support/mosquitto-process';
import { RedisProcess } from '../support/redis-process';
import { uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

jest.setTimeout(60_000);

/**
 * MQTT push while Redis is away: a message the store cannot take is held unacknowledged (QoS 1),
 * so the broker keeps the rest of the stream, and everything published during the outage is stored
 * in order once Redis is back. The outage outlasts the MQTT keepalive timeout (1.5 x 1 s here):
 * a subscriber that let its connection lapse would lose, with its clean session, what the broker
 * queued for it.
 */
describe('fault: Redis down while readings arrive over MQTT', () => {
  const prefix = uniquePrefix('mqtt-redis-down');
  const id = 4242;
  const t0 = Date.now() - 60_000;
  let redis: RedisProcess;
  let broker: MosquittoProcess;
  let server: PlantarServer | undefined;
  let publisher: MqttClient | undefined;

  beforeAll(async () => {
    // Fsynced append-only file: what Redis acknowledged before the kill is there after the restart.
    redis = await RedisProcess.start(['--save', '', '--appendonly', 'yes', '--appendfsync', 'always']);
    broker = await MosquittoProcess.start();
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await server?.stop();
    await broker?.dispose();
    await redis?.stop();
  });

  const gauge = async (name: string) =>
    (await server!.services.metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value;
  const messages = async (outcome: string) =>
    (
      await server!.services.metrics.registry.getSingleMetric('plantar_mqtt_messages_total')?.get()
    )?.values.find((v) => v.labels['outcome'] === outcome)?.value ?? 0;
  const reading = (k: number) => ({ at: t0 + k * 200, sensors: [100 + k, 200, 300, 400, 500, 600] });
  const publish = (k: number) =>
    publisher!.publishAsync(`plantar/v1/patients/${id}/readings`, JSON.stringify([reading(k)]), { qos: 1 });
  const stored = async () =>
    (await server!.services.store.readings(id, { from: 0, last: 1000 })).map((r) => r.sensors[0]!.value);

  it('holds the stream unacknowledged while Redis is down and stores all of it, in order, once it is back', async () => {
    server = await startTestServer({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      MQTT_URL: broker.url,
      MQTT_KEEPALIVE_SEC: '1',
    });
    const res = await fetch(`${server.url}/ingest/v1/patients/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: 'Nowak' }),
    });
    expect(res.status).toBe(201);
    publisher = await mqtt.connectAsync(broker.url, { clientId: `${prefix}-pub`, reconnectPeriod: 200 });
    await publish(0);
    await until(async () => (await stored()).length === 1, 'the first reading stored');

    await redis.kill();
    await until(() => !server!.services.store.connected, 'the server to see Redis gone');
    // The broker takes these (its PUBACK to the publisher); Plantar may not acknowledge them yet.
    for (let k = 1; k <= 10; k++) await publish(k);
    await until(async () => (await gauge('plantar_mqtt_held')) === 1, 'a message held for the store');
    // Past the keepalive timeout (1.5 s) the held connection must still be up. Nothing announces a
    // lapse that did not happen: an observation window of two timeouts.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await gauge('plantar_mqtt_subscribed')).toBe(1);
    expect(await gauge('plantar_mqtt_held')).toBe(1);
    expect(await messages('accepted')).toBe(1);

    await redis.start();
    await until(
      async () => (await stored().catch(() => [])).length === 11,
      'the readings of the outage stored',
      30_000,
    );
    expect(await stored()).toEqual(Array.from({ length: 11 }, (_, k) => 100 + k));
    expect(await gauge('plantar_mqtt_held')).toBe(0);
    expect(await messages('accepted')).toBe(11);
  });
});
