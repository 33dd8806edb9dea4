import type { Reading, SensorSample } from '../readings/reading';

/**
 * The body of `POST /ingest/v1/readings`, from text to readings: a JSON array or NDJSON (one object
 * a line) of `{ patientId, at, sensors, traceId? }`. Everything from outside is `unknown` and
 * narrowed with a message that names the field and what was expected, so a device's author can
 * fix the producer from the answer alone ("readings[3].sensors[5].value: expected an integer
 * 0..1023, got "high""). Items that fail are reported by index; the others go on.
 */

export const MAX_SENSOR_VALUE = 1023;
/** Earliest and latest `at` taken: a time outside is a unit mistake (seconds for ms) or a broken clock. */
const MIN_AT = Date.UTC(2000, 0, 1);
const MAX_FUTURE_MS = 5 * 60_000;

export interface PushError {
  /** Position of the reading in the batch (0-based); -1 for the body as a whole. */
  readonly index: number;
  /** Where in the body, e.g. `readings[3].sensors[5].value`. */
  readonly path: string;
  readonly message: string;
}

export interface IndexedReading {
  readonly index: number;
  readonly reading: Reading;
}

export interface ParsedBatch {
  /** Items found in the body. */
  readonly total: number;
  readonly readings: IndexedReading[];
  readonly errors: PushError[];
}

/** The body could not be read at all (not JSON, not an array): 400. */
export class UnreadableBodyError extends Error {
  override readonly name = 'UnreadableBodyError';
}

/** More readings than one request may carry: 413. */
export class TooManyReadingsError extends Error {
  override readonly name = 'TooManyReadingsError';
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

class ItemError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where a field is, built only when it failed: a batch of 5,000 valid readings would otherwise make
 * a dozen path strings per reading (`readings[3].sensors[5]`…) that nobody reads.
 */
type Path = () => string;

const fail = (path: Path, expected: string, got: unknown): never => {
  throw new ItemError(path(), `expected ${expected}, got ${describe(got)}`);
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function patientIdOf(value: unknown, path: Path): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 2_147_483_647)
    return value;
  return fail(path, 'an integer 1..2147483647', value);
}

// ISO 8601 with a date and a time and a zone (Z or an offset): a time without a zone is ambiguous.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function atOf(value: unknown, path: Path, now: number): number {
  let at: number;
  if (typeof value === 'number' && Number.isInteger(value)) at = value;
  else if (typeof value === 'string' && ISO.test(value)) at = Date.parse(value);
  else return fail(path, 'epoch milliseconds (an integer) or an ISO 8601 time with a zone', value);
  if (!Number.isFinite(at) || at < MIN_AT || at > now + MAX_FUTURE_MS) {
    throw new ItemError(
      path(),
      `expected a time between 2000-01-01 and 5 minutes from now, got ${describe(value)}${typeof value === 'number' && value < MIN_AT && value * 1000 >= MIN_AT ? ' (seconds? `at` is in milliseconds)' : ''}`,
    );
  }
  return at;
}

function isSensorValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SENSOR_VALUE;
}

function valueOf(value: unknown, path: Path): number {
  if (isSensorValue(value)) return value;
  return fail(path, `an integer 0..${MAX_SENSOR_VALUE}`, value);
}

/** Six values, or the API's sensor objects `{ id, value, anomaly, name? }` in any order. */
function sensorsOf(value: unknown, path: Path, sensorCount: number): SensorSample[] {
  if (!Array.isArray(value) || value.length !== sensorCount) {
    return fail(path, `an array of ${sensorCount} values or sensor objects`, value);
  }
  const sensors: SensorSample[] = new Array<SensorSample>(sensorCount);
  for (let k = 0; k < sensorCount; k++) {
    const item: unknown = value[k];
    // The common case first, with no path made: a plain value in range.
    if (isSensorValue(item)) {
      sensors[k] = { id: k, value: item, anomaly: false };
      continue;
    }
    const at = () => `${path()}[${k}]`;
    if (typeof item === 'number' || typeof item === 'string' || item === null) {
      sensors[k] = { id: k, value: valueOf(item, at), anomaly: false };
      continue;
    }
    if (!isRecord(item)) return fail(at, 'a value or a sensor object', item);
    const id = item['id'] === undefined ? k : item['id'];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= sensorCount) {
      return fail(() => `${at()}.id`, `an integer 0..${sensorCount - 1}`, id);
    }
    if (sensors[id] !== undefined) throw new ItemError(`${at()}.id`, `sensor ${id} appears twice`);
    const anomaly = item['anomaly'] ?? false;
    if (typeof anomaly !== 'boolean') return fail(() => `${at()}.anomaly`, 'a boolean', anomaly);
    sensors[id] = { id, value: valueOf(item['value'], () => `${at()}.value`), anomaly };
  }
  return sensors;
}

/**
 * A trace id is an identifier of digits (the API's is a number beyond 32 bits): only digits are
 * taken, which also keeps it safe inside the JSON the store publishes.
 */
function traceIdOf(value: unknown, path: Path): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return value;
  return fail(path, 'digits (a number or a string of up to 20 digits)', value);
}

/**
 * The well-formed reading of a device, checked with no path, closure or error made: epoch-ms `at`,
 * sensors as values or objects in id order, a trace id of digits or none. Anything else (or wrong)
 * is undefined, and the full check below reads it or names what is wrong. Takes only what that
 * check takes, and makes the same reading of it.
 */
export function quickReading(
  item: unknown,
  sensorCount: number,
  now: number,
  topicPatient?: number,
): Reading | undefined {
  if (!isRecord(item)) return undefined;
  const patientId = patientIdField(item, topicPatient);
  if (
    typeof patientId !== 'number' ||
    !Number.isInteger(patientId) ||
    patientId < 1 ||
    patientId > 2_147_483_647
  )
    return undefined;
  const at = item['at'];
  if (typeof at !== 'number' || !Number.isInteger(at) || at < MIN_AT || at > now + MAX_FUTURE_MS)
    return undefined;
  const trace = item['traceId'];
  let traceId = '';
  if (trace !== undefined && trace !== null) {
    if (typeof trace === 'string' && /^\d{1,20}$/.test(trace)) traceId = trace;
    else if (typeof trace === 'number' && Number.isSafeInteger(trace) && trace >= 0) traceId = String(trace);
    else return undefined;
  }
  const values = item['sensors'];
  if (!Array.isArray(values) || values.length !== sensorCount) return undefined;
  const sensors = new Array<SensorSample>(sensorCount);
  for (let k = 0; k < sensorCount; k++) {
    const v: unknown = values[k];
    if (isSensorValue(v)) {
      sensors[k] = { id: k, value: v, anomaly: false };
      continue;
    }
    if (!isRecord(v)) return undefined;
    const value = v['value'];
    const anomaly = v['anomaly'] ?? false;
    if ((v['id'] !== undefined && v['id'] !== k) || !isSensorValue(value) || typeof anomaly !== 'boolean')
      return undefined;
    sensors[k] = { id: k, value, anomaly };
  }
  return { patientId, at, traceId, sensors };
}

/** One item of a batch, `path` its place (e.g. `readings[3]`). Throws ItemError naming the field. */
export function readingOf(item: unknown, path: string, sensorCount: number, now: number): Reading {
  return readingAt(item, () => path, sensorCount, now);
}

/** `patientId`, or the topic's patient when the reading leaves it out (MQTT). */
function patientIdField(item: Record<string, unknown>, topicPatient: number | undefined): unknown {
  return topicPatient !== undefined && !('patientId' in item) ? topicPatient : item['patientId'];
}

function readingAt(
  item: unknown,
  path: Path,
  sensorCount: number,
  now: number,
  topicPatient?: number,
): Reading {
  if (!isRecord(item)) return fail(path, 'an object { patientId, at, sensors, traceId? }', item);
  return {
    patientId: patientIdOf(patientIdField(item, topicPatient), () => `${path()}.patientId`),
    at: atOf(item['at'], () => `${path()}.at`, now),
    traceId: traceIdOf(item['traceId'], () => `${path()}.traceId`),
    sensors: sensorsOf(item['sensors'], () => `${path()}.sensors`, sensorCount),
  };
}

export interface ParseOptions {
  /**
   * 'ndjson' for application/x-ndjson (one object a line), 'json' for one JSON array (or
   * `{ readings: [...] }`), 'message' for an MQTT payload: one JSON value (an array, one reading or
   * `{ readings }`), else NDJSON.
   */
  format: 'json' | 'ndjson' | 'message';
  /** The patient of the MQTT topic: readings that leave out `patientId` are this patient's. */
  topicPatient?: number;
  /** @default 6 */
  sensorCount?: number;
  /** Most readings a request carries. @default 5000 */
  maxReadings?: number;
  /** @default Date.now() */
  now?: number;
}

/** Reads a batch. Throws UnreadableBodyError (400) or TooManyReadingsError (413). */
export function parseBatch(text: string, options: ParseOptions): ParsedBatch {
  const sensorCount = options.sensorCount ?? 6;
  const maxReadings = options.maxReadings ?? 5000;
  const now = options.now ?? Date.now();
  const items =
    options.format === 'ndjson'
      ? ndjsonItems(text)
      : options.format === 'json'
        ? jsonItems(text)
        : messageItems(text);
  const { topicPatient } = options;
  if (items.length > maxReadings) {
    throw new TooManyReadingsError(
      `at most ${maxReadings} readings a request, got ${items.length}; split the batch`,
    );
  }
  const readings: IndexedReading[] = [];
  const errors: PushError[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (item instanceof ItemError) {
      errors.push({ index, path: item.path, message: item.message });
      continue;
    }
    try {
      const reading =
        quickReading(item, sensorCount, now, topicPatient) ??
        readingAt(item, () => `readings[${index}]`, sensorCount, now, topicPatient);
      readings.push({ index, reading });
    } catch (error) {
      if (!(error instanceof ItemError)) throw error;
      errors.push({ index, path: error.path, message: error.message });
    }
  }
  return { total: items.length, readings, errors };
}

function jsonItems(text: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new UnreadableBodyError(`the body is not JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(body)) return body;
  if (isRecord(body) && Array.isArray(body['readings'])) return body['readings'] as unknown[];
  throw new UnreadableBodyError(
    `expected a JSON array of readings (or { "readings": [...] }), got ${describe(body)}`,
  );
}

/** An MQTT payload: one JSON value (a batch, or one reading), else NDJSON. */
function messageItems(text: string): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return ndjsonItems(text);
  }
  if (Array.isArray(body)) return body;
  if (isRecord(body) && Array.isArray(body['readings'])) return body['readings'] as unknown[];
  return [body];
}

/** One item a non-empty line; a line that is not JSON is that item's error, not the whole body's. */
function ndjsonItems(text: string): (unknown | ItemError)[] {
  const items: (unknown | ItemError)[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    try {
      items.push(JSON.parse(trimmed));
    } catch (error) {
      items.push(new ItemError(`readings[${items.length}]`, `line is not JSON: ${(error as Error).message}`));
    }
  }
  return items;
}
