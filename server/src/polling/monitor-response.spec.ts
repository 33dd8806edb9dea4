import { MalformedResponseError, parseMonitorResponse } from './monitor-response';

function body(overrides: Record<string, unknown> = {}, trace: Record<string, unknown> = {}) {
  return {
    birthdate: '1982',
    disabled: false,
    firstname: 'Janek',
    id: 12,
    lastname: 'Grzegorczyk',
    trace: {
      id: 2350401012010,
      name: 'bach',
      sensors: [1023, 637, 1023, 1023, 162, 1023].map((value, id) => ({
        anomaly: false,
        id,
        name: `${id < 3 ? 'L' : 'R'}${id % 3}`,
        value,
      })),
      ...trace,
    },
    ...overrides,
  };
}

const expectMalformed = (input: unknown, message: string) => {
  expect(() => parseMonitorResponse(input, 6)).toThrow(MalformedResponseError);
  expect(() => parseMonitorResponse(input, 6)).toThrow(message);
};

describe('parseMonitorResponse', () => {
  it('reads a real body', () => {
    const r = parseMonitorResponse(body(), 6);
    expect(r).toMatchObject({
      firstName: 'Janek',
      lastName: 'Grzegorczyk',
      birthYear: 1982,
      disabled: false,
      traceName: 'bach',
      traceId: '2350401012010',
    });
    expect(r.sensors[4]).toEqual({ anomaly: false, id: 4, name: 'R1', value: 162 });
  });

  it('accepts the older bodies without sensor names', () => {
    const old = body({}, { sensors: [1, 2, 3, 4, 5, 6].map((value, id) => ({ anomaly: false, id, value })) });
    expect(parseMonitorResponse(old, 6).sensors[0]).toEqual({ anomaly: false, id: 0, value: 1 });
  });

  it('keeps non-ASCII names', () => {
    expect(
      parseMonitorResponse(
        JSON.parse(
          '{"birthdate":"1976","disabled":true,"firstname":"El\\u017cbieta","lastname":"Kochalska","trace":{"id":1,"name":"ela","sensors":[]}}',
        ),
        0,
      ).firstName,
    ).toBe('Elżbieta');
  });

  it('names the field, what it expects and what came', () => {
    expectMalformed(null, "expected 'body' to be an object, got null");
    expectMalformed([], "expected 'body' to be an object, got array of 0");
    expectMalformed(body({ firstname: 5 }), "expected 'firstname' to be a string, got number 5");
    expectMalformed(body({ disabled: 'no' }), 'expected \'disabled\' to be a boolean, got string "no"');
    expectMalformed(body({ trace: undefined }), "expected 'trace' to be an object, got undefined");
    expectMalformed(body({}, { id: -4 }), "expected 'trace.id' to be a non-negative integer, got number -4");
    expectMalformed(
      body({}, { sensors: body().trace.sensors.slice(0, 5) }),
      "expected 'trace.sensors' to be an array of 6, got array of 5",
    );
  });

  it('refuses values outside 0..1023 and sensors out of order', () => {
    const withSensor = (i: number, patch: Record<string, unknown>) => {
      const b = body();
      b.trace.sensors[i] = { ...b.trace.sensors[i]!, ...patch } as (typeof b.trace.sensors)[number];
      return b;
    };
    expectMalformed(
      withSensor(2, { value: 2048 }),
      "expected 'trace.sensors[2].value' to be an integer 0..1023, got number 2048",
    );
    expectMalformed(withSensor(2, { value: -1 }), 'got number -1');
    expectMalformed(withSensor(2, { value: 1.5 }), 'got number 1.5');
    expectMalformed(
      withSensor(5, { value: 'abc' }),
      'expected \'trace.sensors[5].value\' to be an integer 0..1023, got string "abc"',
    );
    expectMalformed(
      withSensor(1, { id: 3 }),
      "expected 'trace.sensors[1].id' to be 1 (sensors in id order), got number 3",
    );
    expectMalformed(withSensor(0, { anomaly: 'yes' }), "expected 'trace.sensors[0].anomaly' to be a boolean");
  });

  it('accepts a missing or empty birth year as unknown', () => {
    expect(parseMonitorResponse(body({ birthdate: '' }), 6).birthYear).toBeNull();
    expect(parseMonitorResponse(body({ birthdate: undefined }), 6).birthYear).toBeNull();
    expectMalformed(body({ birthdate: 'soon' }), 'expected \'birthdate\' to be a year like "1982"');
  });
});
