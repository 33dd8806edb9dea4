import type { SensorSample } from '../readings/reading';

/** A validated body of `GET {API_BASE_URL}{patientId}`. */
export interface MonitorResponse {
  readonly firstName: string;
  readonly lastName: string;
  readonly birthYear: number | null;
  readonly disabled: boolean;
  readonly traceName: string;
  readonly traceId: string;
  readonly sensors: SensorSample[];
}

export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

const MAX_SENSOR_VALUE = 1023;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '…' : value)}`;
  if (typeof value === 'number') return `number ${value}`;
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, expected: string, got: unknown): never {
  throw new MalformedResponseError(`expected '${path}' to be ${expected}, got ${describe(got)}`);
}

function str(obj: Record<string, unknown>, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string') fail(path, 'a string', v);
  return v;
}

/**
 * Narrows a parsed body to a MonitorResponse, or throws a MalformedResponseError naming the first
 * field that is wrong, its expected shape and what came instead. Hand-written rather than a schema
 * library because it runs for every poll of every patient (tens of thousands a second in the
 * benchmarks) and the messages must point at the field.
 */
export function parseMonitorResponse(body: unknown, sensorCount: number): MonitorResponse {
  if (!isRecord(body)) fail('body', 'an object', body);
  const firstName = str(body, 'firstname', 'firstname');
  const lastName = str(body, 'lastname', 'lastname');
  const birth = body['birthdate'];
  let birthYear: number | null = null;
  if (typeof birth === 'string' && /^\d{4}$/.test(birth)) birthYear = Number(birth);
  else if (typeof birth === 'number' && Number.isInteger(birth)) birthYear = birth;
  else if (birth !== undefined && birth !== null && birth !== '')
    fail('birthdate', 'a year like "1982"', birth);
  const disabled = body['disabled'];
  if (typeof disabled !== 'boolean') fail('disabled', 'a boolean', disabled);
  const trace = body['trace'];
  if (!isRecord(trace)) fail('trace', 'an object', trace);
  const traceName = str(trace, 'name', 'trace.name');
  const rawTraceId = trace['id'];
  let traceId: string;
  if (typeof rawTraceId === 'number' && Number.isSafeInteger(rawTraceId) && rawTraceId >= 0)
    traceId = String(rawTraceId);
  else if (typeof rawTraceId === 'string' && /^\d{1,16}$/.test(rawTraceId)) traceId = rawTraceId;
  else fail('trace.id', 'a non-negative integer', rawTraceId);
  const rawSensors = trace['sensors'];
  if (!Array.isArray(rawSensors)) fail('trace.sensors', 'an array', rawSensors);
  if (rawSensors.length !== sensorCount) fail('trace.sensors', `an array of ${sensorCount}`, rawSensors);
  const sensors: SensorSample[] = new Array<SensorSample>(rawSensors.length);
  for (let i = 0; i < rawSensors.length; i++) {
    const s: unknown = rawSensors[i];
    const at = `trace.sensors[${i}]`;
    if (!isRecord(s)) fail(at, 'an object', s);
    const id = s['id'];
    if (id !== i) fail(`${at}.id`, `${i} (sensors in id order)`, id);
    const value = s['value'];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SENSOR_VALUE) {
      fail(`${at}.value`, `an integer 0..${MAX_SENSOR_VALUE}`, value);
    }
    const anomaly = s['anomaly'];
    if (typeof anomaly !== 'boolean') fail(`${at}.anomaly`, 'a boolean', anomaly);
    const name = s['name'];
    if (name !== undefined && typeof name !== 'string') fail(`${at}.name`, 'a string when present', name);
    sensors[i] = name === undefined ? { anomaly, id, value } : { anomaly, id, name, value };
  }
  return { firstName, lastName, birthYear, disabled, traceName, traceId, sensors };
}
