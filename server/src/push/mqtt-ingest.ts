import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Principal } from '../auth/principal';
import type { Logger } from '../observability/logger';
import { QueueFullError, StoreDownError, type PushIngest, type PushOutcome } from './push-ingest';
import { parseBatch, TooManyReadingsError, UnreadableBodyError, type ParsedBatch } from './push-payload';

export interface MqttIngestOptions {
  /** MQTT_URL, e.g. mqtt://user:pass@broker:1883 (credentials from the URL). */
  url: string;
  push: PushIngest;
  logger: Logger;
  registry: Registry;
  /** @default 6 */
  sensorCount?: number;
  /**
   * Shared-subscription group, so that several Plantar instances split the stream (MQTT 5, and
   * Mosquitto 2 for 3.1.1 clients too); '' subscribes plainly. @default 'plantar'
   */
  shareGroup?: string;
  /** Client id: with a fixed one the broker keeps the session (and QoS 1 messages) across reconnects. @default plantar-<random> */
  clientId?: string;
  /** Most readings one message carries. @default 5000 */
  maxReadings?: number;
  /** MQTT keepalive: how soon a silent broker (or client) counts as gone. @default 60 */
  keepaliveSec?: number;
}

/** The topic devices publish to; `+` is the patient id. */
export const READINGS_TOPIC = 'plantar/v1/patients/+/readings';
const TOPIC_PATIENT = /^plantar\/v1\/patients\/(\d{1,10})\/readings$/;

type Outcome = 'accepted' | 'partial' | 'invalid' | 'bad-topic' | 'unreadable' | 'too-large';

/**
 * Readings pushed over MQTT: the same payloads, validation and pipeline as HTTP push, one patient
 * per topic. A message is acknowledged (PUBACK, QoS 1) only once its readings are queued for the
 * store: while the store is down or the write queue full the subscriber waits and retries, so the
 * broker keeps what is not taken rather than Plantar dropping it. Invalid messages are counted by
 * reason and logged with their topic, and acknowledged (a retry would not make them valid).
 */
export class MqttIngest {
  private client: MqttClient | undefined;
  private closing = false;
  private storeDownSaid = false;
  private readonly messages: Counter<'outcome'>;
  private readonly readings: Counter<'outcome'>;
  private readonly subscribed: Gauge;
  private readonly held: Gauge;

  constructor(private readonly o: MqttIngestOptions) {
    this.messages = new Counter({
      name: 'plantar_mqtt_messages_total',
      help: 'MQTT messages on the readings topic by outcome (accepted, partial, invalid, bad-topic, unreadable, too-large)',
      labelNames: ['outcome'] as const,
      registers: [o.registry],
    });
    this.readings = new Counter({
      name: 'plantar_mqtt_readings_total',
      help: 'Readings received over MQTT by outcome (accepted, duplicate, rejected)',
      labelNames: ['outcome'] as const,
      registers: [o.registry],
    });
    this.subscribed = new Gauge({
      name: 'plantar_mqtt_subscribed',
      help: '1 while the readings topic is subscribed on the broker, 0 while the broker is away',
      registers: [o.registry],
    });
    this.held = new Gauge({
      name: 'plantar_mqtt_held',
      help: '1 while a message is held unacknowledged because the store is down or the write queue full (the broker keeps the rest of the stream)',
      registers: [o.registry],
    });
  }

  /** Connects and subscribes; resolves once subscribed the first time (reconnects resubscribe). */
  start(): Promise<void> {
    const group = this.o.shareGroup ?? 'plantar';
    const topic = group === '' ? READINGS_TOPIC : `$share/${group}/${READINGS_TOPIC}`;
    const client = mqtt.connect(this.o.url, {
      clientId: this.o.clientId ?? `plantar-${Math.random().toString(16).slice(2, 10)}`,
      clean: this.o.clientId === undefined,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      keepalive: this.o.keepaliveSec ?? 60,
      resubscribe: true,
    });
    this.client = client;
    // mqtt.js sends PUBACK when this callback is called: after the readings are taken.
    client.handleMessage = (packet, done) => {
      this.handle(packet).then(
        () => done(),
        (error: unknown) => {
          // Closing while held: no PUBACK, so the broker redelivers it (to this session or the group).
          if (this.closing) return;
          this.o.logger.error({ err: error, topic: packet.topic }, 'MQTT message not handled');
          done();
        },
      );
    };
    let wasDown = false;
    client.on('error', (error) => this.o.logger.warn({ err: { message: error.message } }, 'MQTT error'));
    client.on('offline', () => {
      this.subscribed.set(0);
      if (!wasDown && !this.closing)
        this.o.logger.warn({ url: redacted(this.o.url) }, 'MQTT broker away; reconnecting');
      wasDown = true;
    });
    return new Promise((resolve) => {
      client.on('connect', () => {
        if (wasDown) this.o.logger.info('MQTT broker back; subscription resumed');
        wasDown = false;
        client.subscribe(topic, { qos: 1 }, (error) => {
          if (error) this.o.logger.error({ err: error, topic }, 'MQTT subscribe failed');
          else {
            this.subscribed.set(1);
            this.o.logger.info({ topic, url: redacted(this.o.url) }, 'MQTT readings subscribed');
          }
          resolve();
        });
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client?.endAsync();
  }

  private async handle(packet: IPublishPacket): Promise<void> {
    const match = TOPIC_PATIENT.exec(packet.topic);
    if (match === null)
      return this.refuse('bad-topic', packet.topic, `expected topic plantar/v1/patients/<id>/readings`);
    const patientId = Number(match[1]);
    const text =
      typeof packet.payload === 'string' ? packet.payload : Buffer.from(packet.payload).toString('utf8');
    let batch: ParsedBatch;
    try {
      // Parsed once: readings that leave out `patientId` are the topic's patient's.
      batch = parseBatch(text, {
        format: 'message',
        topicPatient: patientId,
        sensorCount: this.o.sensorCount ?? 6,
        maxReadings: this.o.maxReadings ?? 5000,
      });
    } catch (error) {
      if (error instanceof UnreadableBodyError) return this.refuse('unreadable', packet.topic, error.message);
      if (error instanceof TooManyReadingsError) return this.refuse('too-large', packet.topic, error.message);
      throw error;
    }
    // The topic is the device's scope: a reading naming another patient is refused like a foreign token's.
    const principal: Principal = {
      subject: `mqtt:${packet.topic}`,
      role: 'device',
      expiresAt: undefined,
      patients: new Set([patientId]),
    };
    let holding: NodeJS.Timeout | undefined;
    try {
      for (let delayMs = 200; ; delayMs = Math.min(delayMs * 2, 5000)) {
        try {
          return this.count(packet.topic, await this.o.push.push(principal, batch));
        } catch (error) {
          if (!(error instanceof StoreDownError || error instanceof QueueFullError) || this.closing)
            throw error;
          holding ??= this.hold(packet.topic, error);
          // Not acknowledged yet: the broker holds the rest of the stream meanwhile (QoS 1).
          await new Promise((r) => setTimeout(r, delayMs));
        }
      }
    } finally {
      if (holding !== undefined) {
        clearInterval(holding);
        this.held.set(0);
        if (this.storeDownSaid) this.o.logger.info('MQTT ingest resumed: the store takes readings again');
        this.storeDownSaid = false;
      }
    }
  }

  /**
   * Starts holding a message the store cannot take yet. mqtt.js reads the next packet only once this
   * one is acknowledged, so the broker's PINGRESP waits unread behind it and the client would end a
   * healthy connection at its keepalive timeout (with a clean session, the broker then drops what it
   * queued for us). Meanwhile the client pings (so the broker sees it alive) and counts the
   * connection alive itself; a broken socket still ends it ('close').
   */
  private hold(topic: string, why: Error): NodeJS.Timeout {
    this.held.set(1);
    // A full write queue is ordinary backpressure under load; a store outage is worth a line (once).
    if (why instanceof StoreDownError && !this.storeDownSaid) {
      this.storeDownSaid = true;
      this.o.logger.warn({ topic, reason: why.message }, 'MQTT ingest held: the store is down');
    }
    const client = this.client;
    return setInterval(
      () => {
        if (client === undefined || !client.connected) return;
        client.sendPing();
        client.reschedulePing(true);
      },
      ((this.o.keepaliveSec ?? 60) * 1000) / 2,
    );
  }

  private count(topic: string, outcome: PushOutcome): void {
    this.readings.inc({ outcome: 'accepted' }, outcome.accepted);
    this.readings.inc({ outcome: 'duplicate' }, outcome.duplicates);
    this.readings.inc({ outcome: 'rejected' }, outcome.rejected);
    const kind: Outcome =
      outcome.rejected === 0 ? 'accepted' : outcome.accepted + outcome.duplicates > 0 ? 'partial' : 'invalid';
    this.messages.inc({ outcome: kind });
    if (outcome.rejected > 0)
      this.o.logger.warn(
        { topic, rejected: outcome.rejected, first: outcome.errors[0] },
        'MQTT readings rejected',
      );
  }

  private refuse(outcome: Outcome, topic: string, message: string): void {
    this.messages.inc({ outcome });
    this.o.logger.warn({ topic, reason: message }, 'MQTT message refused');
  }
}

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'an invalid URL';
  }
}
