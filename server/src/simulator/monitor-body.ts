import { asciiJson } from './ascii-json';
import { SENSOR_COUNT, SENSOR_NAMES } from './gait-model';
import type { SimulatedPatient } from './patients';

/** Every real body carries `"id": 12`, whichever patient was asked for. */
export const BODY_ID = 12;

/**
 * Writes bodies of `GET /v2/monitor/{id}` byte for byte like the real API: keys in alphabetical
 * order (the real service sorts them), `birthdate` a string, non-ASCII letters escaped, sensors in
 * id order with `name` L0..R2. The parts that never change for a patient are written once, so a
 * fresh sample costs six number-to-string conversions and a concatenation.
 */
export interface BodyTemplate {
  /** `{"birthdate":...,"trace":{"id":` */
  readonly head: string;
  /** `,"name":"<trace name>","sensors":[` */
  readonly middle: string;
}

export function bodyTemplate(patient: SimulatedPatient): BodyTemplate {
  const head =
    `{"birthdate":${asciiJson(patient.birthdate)},"disabled":${patient.disabled},` +
    `"firstname":${asciiJson(patient.firstname)},"id":${BODY_ID},"lastname":${asciiJson(patient.lastname)},` +
    `"trace":{"id":`;
  return { head, middle: `,"name":${asciiJson(patient.traceName)},"sensors":[` };
}

/** Sensor object up to its value, by [anomalous ? 1 : 0][sensor id]. */
const SENSOR_PREFIX: readonly (readonly string[])[] = [false, true].map((anomaly) =>
  SENSOR_NAMES.map((name, id) => `{"anomaly":${anomaly},"id":${id},"name":"${name}","value":`),
);

/** The full body of one sample. `anomalyMask` bit i flags sensor i. */
export function writeBody(
  template: BodyTemplate,
  traceId: number,
  values: ArrayLike<number>,
  anomalyMask: number,
): string {
  let body = template.head + traceId + template.middle;
  for (let s = 0; s < SENSOR_COUNT; s++) {
    if (s > 0) body += ',';
    body += SENSOR_PREFIX[(anomalyMask >> s) & 1]![s]! + values[s]! + '}';
  }
  return body + ']}}';
}
