import type { SensorSample } from '../readings/reading';
import { decodeSensors, encodeSensors } from './sensor-encoding';

const NAMES = ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'];
const sensors = (values: number[], flagged: number[] = [], names = true): SensorSample[] =>
  values.map((value, id) => ({
    anomaly: flagged.includes(id),
    id,
    ...(names ? { name: NAMES[id] } : {}),
    value,
  }));

describe('sensor encoding of the data lists', () => {
  it('keeps the seed form byte for byte: the stringified sensors as received', () => {
    const s = sensors([1023, 14, 0, 0, 512, 900]);
    expect(encodeSensors(s, 'seed')).toBe(JSON.stringify(s));
  });

  it('writes values and a bitmask of flags in the compact form, and reads them back', () => {
    const s = sensors([1023, 14, 0, 0, 512, 900], [1, 5]);
    const entry = encodeSensors(s, 'compact');
    expect(entry).toBe('1023,14,0,0,512,900;34');
    expect(decodeSensors(entry)).toEqual(s);
  });

  it('derives names for old bodies without them, and reads them back named', () => {
    const entry = encodeSensors(sensors([1, 2, 3, 4, 5, 6], [], false), 'compact');
    expect(entry).toBe('1,2,3,4,5,6;0');
    expect(decodeSensors(entry)).toEqual(sensors([1, 2, 3, 4, 5, 6]));
  });

  it('falls back to the seed form when position does not imply id and name, or a value is odd', () => {
    const renamed = sensors([1, 2, 3, 4, 5, 6]).map((s, i) => (i === 0 ? { ...s, name: 'heel' } : s));
    const reordered = [...sensors([1, 2, 3, 4, 5, 6])].reverse();
    const fractional = sensors([1.5, 2, 3, 4, 5, 6]);
    for (const s of [renamed, reordered, fractional]) {
      const entry = encodeSensors(s, 'compact');
      expect(entry).toBe(JSON.stringify(s));
      expect(decodeSensors(entry)).toEqual(s);
    }
  });

  it('reads either form from the same list and refuses entries written by hand', () => {
    const s = sensors([10, 20, 30, 40, 50, 60], [0]);
    expect(decodeSensors(JSON.stringify(s))).toEqual(s);
    expect(decodeSensors('10,20,30,40,50,60;1')).toEqual(s);
    for (const junk of ['{not json', '{"a":1}', 'hello', ';1', '1,x,3;0', '1,2,3;y', '']) {
      expect(decodeSensors(junk)).toBeUndefined();
    }
  });
});
