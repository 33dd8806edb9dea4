import type { SensorSample } from '../readings/reading';
import type { FailureKind } from './poll-error';
import type { MonitorResponse } from './monitor-response';

/**
 * Messages between the main thread and a poll worker. Both sides send arrays: everything queued
 * during one turn of the event loop goes as one message, because at thousands of polls a second
 * the cost of a message, not of its content, dominates.
 */
export type ToWorker =
  | { readonly type: 'fetch'; readonly id: number; readonly patientId: number }
  | { readonly type: 'cancel'; readonly id: number };

/** What rarely changes in a patient's body: sent only when it differs from what was sent last. */
export interface PatientMeta {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthYear: number | null;
  readonly disabled: boolean;
  readonly traceName: string;
  /** Each sensor's `name` in id order; null where the body had none (older API versions). */
  readonly names: readonly (string | null)[];
}

/**
 * A validated response as it crosses threads: the sample as numbers, the patient's names only
 * when they changed. Structured-cloning the whole response (eight objects, a dozen strings) was
 * a tenth of the poll worker's time and the main thread's largest allocation per reading.
 */
export interface WireResponse {
  readonly id: number;
  readonly ok: true;
  readonly patientId: number;
  readonly traceId: string;
  /** Per sensor in id order: `value * 2`, plus 1 when flagged. */
  readonly samples: readonly number[];
  readonly meta?: PatientMeta;
}

export type FromWorker =
  | WireResponse
  | { readonly id: number; readonly ok: false; readonly kind: FailureKind; readonly message: string };

/** Whether `response` carries the metadata `sent` already holds (compared in place: no copy). */
function carries(sent: PatientMeta | undefined, response: MonitorResponse): boolean {
  const { sensors } = response;
  if (
    sent === undefined ||
    sent.firstName !== response.firstName ||
    sent.lastName !== response.lastName ||
    sent.birthYear !== response.birthYear ||
    sent.disabled !== response.disabled ||
    sent.traceName !== response.traceName ||
    sent.names.length !== sensors.length
  )
    return false;
  for (let i = 0; i < sensors.length; i++) if (sent.names[i] !== (sensors[i]!.name ?? null)) return false;
  return true;
}

/**
 * The worker's side: remembers per patient the metadata it last sent. Messages to the main thread
 * are ordered and never lost while the worker lives, and a new worker starts with nothing
 * remembered, so the main thread's copy is always the one this encoder assumes.
 */
export class ResponseEncoder {
  private readonly sent = new Map<number, PatientMeta>();

  encode(id: number, patientId: number, response: MonitorResponse): WireResponse {
    const { sensors } = response;
    const samples = new Array<number>(sensors.length);
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i]!;
      samples[i] = s.value * 2 + (s.anomaly ? 1 : 0);
    }
    const base = { id, ok: true as const, patientId, traceId: response.traceId, samples };
    if (carries(this.sent.get(patientId), response)) return base;
    const meta: PatientMeta = {
      firstName: response.firstName,
      lastName: response.lastName,
      birthYear: response.birthYear,
      disabled: response.disabled,
      traceName: response.traceName,
      names: sensors.map((s) => s.name ?? null),
    };
    this.sent.set(patientId, meta);
    return { ...base, meta };
  }
}

/**
 * The main thread's side: rebuilds validated responses, sharing each patient's metadata strings.
 * It must see every response of its worker in order, those nobody waits for any more included.
 */
export class ResponseDecoder {
  private readonly known = new Map<number, PatientMeta>();

  /** Forgets everything: the worker it decodes for was replaced. */
  reset(): void {
    this.known.clear();
  }

  /** The response; undefined when the worker never sent this patient's metadata (a bug). */
  decode(message: WireResponse): MonitorResponse | undefined {
    if (message.meta !== undefined) this.known.set(message.patientId, message.meta);
    const meta = this.known.get(message.patientId);
    if (meta === undefined || meta.names.length !== message.samples.length) return undefined;
    const { samples } = message;
    const sensors = new Array<SensorSample>(samples.length);
    for (let id = 0; id < samples.length; id++) {
      const sample = samples[id]!;
      const anomaly = (sample & 1) === 1;
      const value = sample >>> 1;
      const name = meta.names[id];
      // Same key order as parseMonitorResponse: the seed layout stores these objects as JSON.
      sensors[id] =
        name === null || name === undefined ? { anomaly, id, value } : { anomaly, id, name, value };
    }
    return {
      firstName: meta.firstName,
      lastName: meta.lastName,
      birthYear: meta.birthYear,
      disabled: meta.disabled,
      traceName: meta.traceName,
      traceId: message.traceId,
      sensors,
    };
  }
}
