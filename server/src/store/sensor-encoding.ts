import { sensorName, type SensorSample } from '../readings/reading';

/**
 * How a reading's sensors are written in the `{id}_data` lists.
 * - `seed`: the stringified `sensors` array as received, the seed's layout that other tools read
 *   (~322 bytes a reading).
 * - `compact`: the values, then a bitmask of the anomaly flags: `1023,14,0,0,512,900;0` (~25
 *   bytes). Sensor ids and names are implied by position (L0 L1 L2 R0 R1 R2), so a reading whose
 *   sensors do not follow that pattern is written in the seed form instead.
 * Reading accepts both forms in any list, so the setting can change on a live store.
 */
export type SensorEncoding = 'seed' | 'compact';

/** Integer values the API sends (0..1023); anything else keeps the seed form. */
const COMPACT_VALUE = /^\d{1,9}$/;

export function encodeSensors(sensors: readonly SensorSample[], encoding: SensorEncoding): string {
  if (encoding === 'compact' && fitsCompact(sensors)) {
    let flags = 0;
    let text = '';
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i]!;
      if (s.anomaly) flags |= 1 << i;
      text += i === 0 ? String(s.value) : `,${s.value}`;
    }
    return `${text};${flags}`;
  }
  return JSON.stringify(sensors);
}

function fitsCompact(sensors: readonly SensorSample[]): boolean {
  if (sensors.length === 0 || sensors.length > 30) return false; // flags must fit 31 bits
  for (let i = 0; i < sensors.length; i++) {
    const s = sensors[i]!;
    if (s.id !== i || !COMPACT_VALUE.test(String(s.value))) return false;
    if (s.name !== undefined && s.name !== sensorName({ id: i, value: 0, anomaly: false })) return false;
  }
  return true;
}

/** Either form back to sensors; undefined for an entry that is neither (written by hand). */
export function decodeSensors(entry: string): SensorSample[] | undefined {
  if (entry.startsWith('[')) {
    try {
      const sensors: unknown = JSON.parse(entry);
      return Array.isArray(sensors) ? (sensors as SensorSample[]) : undefined;
    } catch {
      return undefined;
    }
  }
  const semicolon = entry.indexOf(';');
  if (semicolon < 1) return undefined;
  const flags = Number(entry.slice(semicolon + 1));
  const values = entry.slice(0, semicolon).split(',');
  if (!Number.isInteger(flags) || values.length > 30) return undefined;
  const sensors: SensorSample[] = new Array<SensorSample>(values.length);
  for (let id = 0; id < values.length; id++) {
    const value = Number(values[id]);
    if (!Number.isInteger(value)) return undefined;
    const anomaly = (flags & (1 << id)) !== 0;
    sensors[id] = { anomaly, id, name: sensorName({ id, value, anomaly }), value };
  }
  return sensors;
}
