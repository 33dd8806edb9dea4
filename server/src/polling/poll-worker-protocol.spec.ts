import { parseMonitorResponse, type MonitorResponse } from './monitor-response';
import { ResponseDecoder, ResponseEncoder } from './poll-worker-protocol';

function response(
  values: number[],
  { flagged = [] as number[], named = true, lastName = 'Kochalska', traceId = '13583505062019' } = {},
): MonitorResponse {
  // Through the real validator, so the objects are exactly what a worker would encode.
  return parseMonitorResponse(
    {
      birthdate: '1976',
      disabled: true,
      firstname: 'Elżbieta',
      lastname: lastName,
      trace: {
        id: traceId,
        name: 'ela',
        sensors: values.map((value, id) => ({
          anomaly: flagged.includes(id),
          id,
          ...(named ? { name: `${id < 3 ? 'L' : 'R'}${id % 3}` } : {}),
          value,
        })),
      },
    },
    values.length,
  );
}

describe('poll worker wire format', () => {
  it('rebuilds exactly the validated response, key order of the sensors included', () => {
    const encoder = new ResponseEncoder();
    const decoder = new ResponseDecoder();
    for (const original of [
      response([1023, 0, 512, 7, 1023, 95], { flagged: [0, 5] }),
      response([1, 2, 3, 4, 5, 6], { named: false }),
    ]) {
      const decoded = decoder.decode(encoder.encode(1, 3, original));
      expect(decoded).toEqual(original);
      // The seed layout stores JSON.stringify(sensors): it must not change by crossing threads.
      expect(JSON.stringify(decoded!.sensors)).toBe(JSON.stringify(original.sensors));
    }
  });

  it('sends a patient metadata only when it changed, per patient', () => {
    const encoder = new ResponseEncoder();
    const first = encoder.encode(1, 3, response([1, 2, 3, 4, 5, 6]));
    const again = encoder.encode(2, 3, response([6, 5, 4, 3, 2, 1], { traceId: '13583605062019' }));
    const otherPatient = encoder.encode(3, 4, response([1, 2, 3, 4, 5, 6]));
    const renamed = encoder.encode(4, 3, response([1, 2, 3, 4, 5, 6], { lastName: 'Nowak' }));
    const unnamedSensors = encoder.encode(
      5,
      3,
      response([1, 2, 3, 4, 5, 6], { lastName: 'Nowak', named: false }),
    );
    expect(first.meta).toMatchObject({
      firstName: 'Elżbieta',
      birthYear: 1976,
      names: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'],
    });
    expect(again.meta).toBeUndefined();
    expect(again).toMatchObject({ patientId: 3, traceId: '13583605062019', samples: [12, 10, 8, 6, 4, 2] });
    expect(otherPatient.meta).toBeDefined();
    expect(renamed.meta).toMatchObject({ lastName: 'Nowak' });
    expect(unnamedSensors.meta).toMatchObject({ names: [null, null, null, null, null, null] });

    const decoder = new ResponseDecoder();
    expect(
      [first, again, otherPatient, renamed, unnamedSensors].map((m) => decoder.decode(m)?.lastName),
    ).toEqual(['Kochalska', 'Kochalska', 'Kochalska', 'Nowak', 'Nowak']);
  });

  it('cannot rebuild a reading whose metadata it never saw, and forgets on reset', () => {
    const encoder = new ResponseEncoder();
    const decoder = new ResponseDecoder();
    const first = encoder.encode(1, 3, response([1, 2, 3, 4, 5, 6]));
    const second = encoder.encode(2, 3, response([1, 2, 3, 4, 5, 7]));
    expect(decoder.decode(second)).toBeUndefined();
    expect(decoder.decode(first)).toBeDefined();
    expect(decoder.decode(second)?.sensors[5]).toEqual({ anomaly: false, id: 5, name: 'R2', value: 7 });
    decoder.reset();
    expect(decoder.decode(second)).toBeUndefined();
  });
});
