import type { Principal } from '../auth/principal';
import type { Logger } from '../observability/logger';
import type { PatientInfo } from '../patients/patient-info';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import { describe, type IndexedReading, type ParsedBatch, type PushError } from './push-payload';

/** What a push answers (HTTP 200): partial success, as InfluxDB and OTLP report it. */
export interface PushOutcome {
  /** Readings queued for the store, in order per patient. */
  readonly accepted: number;
  /**
   * Readings already stored or queued: same patient and time, or same trace id with the same values
   * (the API's trace id names a second of the recording and 3-4 samples share it, so the id alone
   * is not a duplicate). A safe retry.
   */
  readonly duplicates: number;
  readonly rejected: number;
  readonly errors: readonly PushError[];
}

/** The write queue has no room for a patient's readings: 429, retry after a moment. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
  readonly retryAfterSec = 1;
}

/** The store is unreachable: 503, retry later (nothing of the batch was taken). */
export class StoreDownError extends Error {
  override readonly name = 'StoreDownError';
  readonly retryAfterSec = 5;
}

/** The newest reading per patient: what a pushed one must come after. */
interface Newest {
  at: number;
  /** Trace id and values, e.g. "2350401012010|1,2,3,4,5,6" ('' without a trace id). */
  key: string;
}

/** What makes two readings with different times the same sample: trace id and values. */
function sampleKey(r: Reading): string {
  return r.traceId === '' ? '' : `${r.traceId}|${r.sensors.map((s) => s.value).join(',')}`;
}

export interface PushIngestOptions {
  store: ReadingStore;
  writeQueue: WriteQueue;
  logger: Logger;
}

/**
 * Pushed readings into the same pipeline as polled ones: the write queue (store, publish, episodes,
 * gait, archive). Per patient the live window is append-only, so a reading must be newer than the
 * newest stored or queued one; one that is already there (a retried batch) is a duplicate, not an
 * error. Only patients registered for push (PUT /ingest/v1/patients/{id}) take readings, and a
 * device token only its own.
 */
export class PushIngest {
  private readonly newest = new Map<number, Newest | null>();
  private readonly registered = new Set<number>();

  constructor(private readonly o: PushIngestOptions) {}

  /** Registers (or updates) a patient that pushes; idempotent. */
  async register(info: PatientInfo): Promise<void> {
    await this.o.store.savePatient({ ...info, source: 'PUSH' });
    this.registered.add(info.id);
  }

  async push(principal: Principal, batch: ParsedBatch): Promise<PushOutcome> {
    if (!this.o.store.connected || !this.o.writeQueue.healthy) {
      throw new StoreDownError('the store is unreachable; nothing was taken, retry later');
    }
    const errors = [...batch.errors];
    const reject = (r: IndexedReading, field: string, message: string) =>
      errors.push({ index: r.index, path: `readings[${r.index}].${field}`, message });
    const byPatient = new Map<number, IndexedReading[]>();
    for (const r of batch.readings) {
      const id = r.reading.patientId;
      if (principal.patients !== undefined && !principal.patients.has(id)) {
        reject(r, 'patientId', `this device token may not write patient ${id}`);
        continue;
      }
      const list = byPatient.get(id);
      if (list === undefined) byPatient.set(id, [r]);
      else list.push(r);
    }
    // A device may batch out of order; the window may not be written so. Stable: equal times keep batch order.
    for (const list of byPatient.values()) list.sort((a, b) => a.reading.at - b.reading.at);
    const unregistered = await this.unregistered([...byPatient.keys()]);
    for (const [id, why] of unregistered) {
      for (const r of byPatient.get(id)!) reject(r, 'patientId', why);
      byPatient.delete(id);
    }
    for (const [id, list] of byPatient) {
      if (this.o.writeQueue.roomFor(id) < list.length) {
        throw new QueueFullError(`the write queue has no room for patient ${id}'s readings; retry shortly`);
      }
    }
    let accepted = 0;
    let duplicates = 0;
    for (const [id, list] of byPatient) {
      const outcome = await this.take(id, list, reject);
      accepted += outcome.accepted;
      duplicates += outcome.duplicates;
    }
    errors.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected: batch.total - accepted - duplicates, errors };
  }

  /** Patients of the batch that may not take pushed readings, with the reason. */
  private async unregistered(ids: readonly number[]): Promise<Map<number, string>> {
    const unknown = ids.filter((id) => !this.registered.has(id));
    const refused = new Map<number, string>();
    if (unknown.length === 0) return refused;
    // Registered on another instance, or before a restart: the store knows.
    const infos = await this.o.store.patients(unknown);
    for (const id of unknown) {
      const source = infos.get(id)?.source;
      if (source === 'PUSH') this.registered.add(id);
      else if (source === undefined)
        refused.set(id, `patient ${id} is not registered for push: PUT /ingest/v1/patients/${id} first`);
      else
        refused.set(
          id,
          `patient ${id}'s readings come from ${source === 'POLL' ? 'polling the monitoring API' : 'a replay'}, not from push`,
        );
    }
    return refused;
  }

  /** One patient's readings, in batch order: queued, duplicates, or too old. */
  private async take(
    patientId: number,
    list: readonly IndexedReading[],
    reject: (r: IndexedReading, field: string, message: string) => void,
  ): Promise<{ accepted: number; duplicates: number }> {
    let newest = await this.newestOf(patientId);
    // Readings at or before the newest may be a retry of what is stored: compare with the store.
    const oldest = Math.min(...list.map((r) => r.reading.at));
    const stored =
      newest !== null && oldest <= newest.at ? await this.storedSince(patientId, oldest) : undefined;
    let accepted = 0;
    let duplicates = 0;
    for (const r of list) {
      const { at } = r.reading;
      const key = sampleKey(r.reading);
      if (newest !== null && (at === newest.at || (key !== '' && key === newest.key))) {
        duplicates++;
        continue;
      }
      if (newest !== null && at < newest.at) {
        if (stored?.ats.has(at) || (key !== '' && stored?.keys.has(key))) duplicates++;
        else
          reject(
            r,
            'at',
            `${describe(new Date(at).toISOString())} is older than patient ${patientId}'s newest reading (${new Date(newest.at).toISOString()}); readings of a patient must come in time order`,
          );
        continue;
      }
      this.o.writeQueue.submit(r.reading);
      newest = { at, key };
      accepted++;
    }
    this.newest.set(patientId, newest);
    return { accepted, duplicates };
  }

  private async newestOf(patientId: number): Promise<Newest | null> {
    const known = this.newest.get(patientId);
    if (known !== undefined) return known;
    const latest: Reading | undefined = await this.o.store.latest(patientId);
    return latest === undefined ? null : { at: latest.at, key: sampleKey(latest) };
  }

  private async storedSince(
    patientId: number,
    from: number,
  ): Promise<{ ats: Set<number>; keys: Set<string> }> {
    const readings = await this.o.store.readings(patientId, { from, last: 100_000 });
    return {
      ats: new Set(readings.map((r) => r.at)),
      keys: new Set(readings.map(sampleKey).filter((k) => k !== '')),
    };
  }
}
