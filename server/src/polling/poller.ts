import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { isRepeat, type Reading, type SensorSample, type WriteFence } from '../readings/reading';
import { samePatientInfo, type PatientInfo } from '../patients/patient-info';
import type { ReadingStore } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import { newHealth, patientStatus, type PatientHealth, type PatientStatus } from './patient-health';
import { PatientLoop, type LoopState } from './patient-loop';
import { TickScheduler } from './tick-scheduler';
import type { PollError } from './poll-error';
import type { MonitorResponse } from './monitor-response';

export interface PollerOptions {
  /** A patient's validated body (MonitorFetcher.fetch), or a PollError. */
  fetch(patientId: number, signal: AbortSignal): Promise<MonitorResponse>;
  store: ReadingStore;
  writeQueue: WriteQueue;
  logger: Logger;
  metrics: Metrics;
  periodMs: number;
  backoffMaxMs: number;
  staleAfterMs: number;
  /** 0..1 chance per stored reading to flag one random sensor (the seed's demo feature). @default 0 */
  anomalySimulationRate?: number;
  random?: () => number;
  /**
   * CLUSTER=on: the lease under which a patient is polled, carried by its readings (the store
   * refuses them once another instance holds it); undefined when the lease is not held, and the
   * body is then dropped (the patient's new owner polls it). @default none: every body is stored
   */
  fenceOf?: (patientId: number) => WriteFence | undefined;
}

interface PatientEntry {
  readonly loop: PatientLoop<MonitorResponse>;
  readonly health: PatientHealth;
  /** The last sample as received (before any simulated anomaly), for repeat detection. */
  lastReceived: Reading | undefined;
  lastStoredAt: number;
  lastLatest: Reading | undefined;
  savedInfo: PatientInfo | undefined;
  lastFailureLogAt: number;
}

/** A failing patient logs its failures at most this often; every failure is still counted. */
const FAILURE_LOG_INTERVAL_MS = 10_000;

/**
 * Polls a changeable set of patients, one independent loop each, and turns validated, non-repeated
 * bodies into readings on the write queue. Everything is keyed by the polled id.
 */
export class Poller {
  private readonly patients = new Map<number, PatientEntry>();
  private readonly random: () => number;
  private running = false;
  /** One timer for every patient's ticks (see tick-scheduler.ts). */
  private readonly scheduler = new TickScheduler((error) =>
    this.options.logger.error({ err: error }, 'a patient loop failed; the other patients keep polling'),
  );

  constructor(private readonly options: PollerOptions) {
    this.random = options.random ?? Math.random;
  }

  get isRunning(): boolean {
    return this.running;
  }

  patientIds(): number[] {
    return [...this.patients.keys()];
  }

  has(patientId: number): boolean {
    return this.patients.has(patientId);
  }

  start(patientIds: readonly number[]): void {
    this.running = true;
    void this.setPatients(patientIds);
  }

  /**
   * Starts loops for new ids and stops loops for ids no longer listed; resolves when the stopped
   * ones have no poll in flight any more (a cluster handover releases their leases after it).
   */
  setPatients(patientIds: readonly number[]): Promise<void> {
    const wanted = new Set(patientIds);
    const removed: Promise<void>[] = [];
    for (const id of this.patients.keys()) if (!wanted.has(id)) removed.push(this.removePatient(id));
    const fresh = patientIds.filter((id) => !this.patients.has(id));
    fresh.forEach((id, i) => this.addPatient(id, (i * this.options.periodMs) / Math.max(1, fresh.length)));
    return Promise.all(removed).then(() => undefined);
  }

  addPatient(patientId: number, phaseMs = this.random() * this.options.periodMs): void {
    if (this.patients.has(patientId)) return;
    const o = this.options;
    const loop = new PatientLoop<MonitorResponse>({
      patientId,
      periodMs: o.periodMs,
      phaseMs,
      backoffMaxMs: o.backoffMaxMs,
      fetch: o.fetch,
      onBody: (id, response, at, ms) => this.onBody(id, response, at, ms),
      onFailure: (id, error) => this.onFailure(id, error),
      random: this.random,
      scheduler: this.scheduler,
    });
    this.patients.set(patientId, {
      loop,
      health: newHealth(),
      lastReceived: undefined,
      lastStoredAt: 0,
      lastLatest: undefined,
      savedInfo: undefined,
      lastFailureLogAt: 0,
    });
    if (this.running) loop.start();
  }

  async removePatient(patientId: number): Promise<void> {
    const entry = this.patients.get(patientId);
    if (entry === undefined) return;
    this.patients.delete(patientId);
    await entry.loop.stop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all([...this.patients.values()].map((p) => p.loop.stop()));
  }

  health(patientId: number): PatientHealth | undefined {
    return this.patients.get(patientId)?.health;
  }

  loopState(patientId: number): LoopState | undefined {
    return this.patients.get(patientId)?.loop.state;
  }

  status(patientId: number, now = Date.now()): PatientStatus {
    const entry = this.patients.get(patientId);
    return entry === undefined ? 'UNKNOWN' : patientStatus(entry.health, now, this.options.staleAfterMs);
  }

  /** The newest reading this process stored for the patient, without a store round trip. */
  latest(patientId: number): Reading | undefined {
    return this.patients.get(patientId)?.lastLatest;
  }

  statusCounts(now = Date.now()): Record<PatientStatus, number> {
    const counts: Record<PatientStatus, number> = { UNKNOWN: 0, LIVE: 0, STALE: 0, FAILING: 0 };
    for (const id of this.patients.keys()) counts[this.status(id, now)]++;
    return counts;
  }

  private onBody(patientId: number, response: MonitorResponse, receivedAt: number, requestMs: number): void {
    const entry = this.patients.get(patientId);
    if (entry === undefined) return;
    const o = this.options;
    const fence = o.fenceOf?.(patientId);
    // Lease lost or released a moment ago: polling of the patient stops with the next refresh.
    if (o.fenceOf !== undefined && fence === undefined) return;
    o.metrics.pollSeconds.observe(requestMs / 1000);
    const health = entry.health;
    health.lastAnswerAt = receivedAt;
    health.consecutiveFailures = 0;
    this.keepInfoCurrent(entry, {
      id: patientId,
      firstName: response.firstName,
      lastName: response.lastName,
      birthYear: response.birthYear,
      disabled: response.disabled,
      traceName: response.traceName,
    });
    if (isRepeat(entry.lastReceived, response.traceId, response.sensors)) {
      health.repeats++;
      o.metrics.pollsRepeat.inc();
      return;
    }
    // Timestamps must not go backwards within a patient (a wall-clock step back would break the
    // lists' time order that range queries rely on).
    const at = Math.max(receivedAt, entry.lastStoredAt);
    const { traceId, sensors } = response;
    const received: Reading =
      fence === undefined ? { patientId, at, traceId, sensors } : { patientId, at, traceId, sensors, fence };
    entry.lastReceived = received;
    entry.lastStoredAt = at;
    health.lastFreshAt = receivedAt;
    health.fresh++;
    o.metrics.pollsFresh.inc();
    const reading = this.maybeSimulateAnomaly(received);
    entry.lastLatest = reading;
    o.writeQueue.submit(reading);
  }

  private maybeSimulateAnomaly(reading: Reading): Reading {
    const rate = this.options.anomalySimulationRate ?? 0;
    if (rate <= 0 || this.random() >= rate) return reading;
    const flagged = Math.floor(this.random() * reading.sensors.length);
    const sensors: SensorSample[] = reading.sensors.map((s, i) =>
      i === flagged ? { ...s, anomaly: true } : s,
    );
    return { ...reading, sensors };
  }

  private keepInfoCurrent(entry: PatientEntry, info: PatientInfo): void {
    if (samePatientInfo(entry.savedInfo, info)) return;
    entry.savedInfo = info;
    this.options.store.savePatient(info).catch((error: Error) => {
      entry.savedInfo = undefined; // try again with the next body
      this.options.logger.warn(
        { patientId: info.id, err: { message: error.message } },
        'could not save patient metadata',
      );
    });
  }

  private onFailure(patientId: number, error: PollError): void {
    const entry = this.patients.get(patientId);
    if (entry === undefined) return;
    const now = Date.now();
    const health = entry.health;
    health.consecutiveFailures++;
    health.failures[error.kind]++;
    health.lastFailure = { kind: error.kind, message: error.message, at: now };
    this.options.metrics.polls.inc({ outcome: error.kind });
    if (health.consecutiveFailures === 1 || now - entry.lastFailureLogAt >= FAILURE_LOG_INTERVAL_MS) {
      entry.lastFailureLogAt = now;
      this.options.logger.warn(
        {
          patientId,
          kind: error.kind,
          consecutiveFailures: health.consecutiveFailures,
          failures: health.failures,
        },
        `poll failed: ${error.message}`,
      );
    }
  }
}
