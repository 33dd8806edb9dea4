import {
  parseBatch,
  quickReading,
  readingOf,
  TooManyReadingsError,
  UnreadableBodyError,
} from './push-payload';

const now = Date.UTC(2026, 11, 3, 12, 0, 0);
const parse = (body: unknown, format: 'json' | 'ndjson' = 'json') =>
  parseBatch(typeof body === 'string' ? body : JSON.stringify(body), { format, now });
const six = [1, 2, 3, 4, 5, 6];

describe('parseBatch', () => {
  it('reads epoch ms and ISO 8601 with a zone, values or sensor objects in any order', () => {
    const { readings, errors } = parse({
      readings: [
        { patientId: 7, at: now - 1000, sensors: six },
        {
          patientId: 7,
          at: '2026-12-03T12:59:59.5+01:00',
          traceId: '2350401012010',
          sensors: [5, 4, 3, 2, 1, 0].map((id) => ({
            id,
            value: id * 100,
            anomaly: id === 4,
            name: 'ignored',
          })),
        },
      ],
    });
    expect(errors).toEqual([]);
    expect(readings[0]!.reading).toEqual({
      patientId: 7,
      at: now - 1000,
      traceId: '',
      sensors: six.map((value, id) => ({ id, value, anomaly: false })),
    });
    expect(readings[1]!.reading.at).toBe(now - 500);
    expect(readings[1]!.reading.sensors.map((s) => [s.id, s.value, s.anomaly])).toEqual([
      [0, 0, false],
      [1, 100, false],
      [2, 200, false],
      [3, 300, false],
      [4, 400, true],
      [5, 500, false],
    ]);
  });

  it('names the field and what was expected for each bad item, keeping the good ones', () => {
    const { readings, errors, total } = parse([
      { patientId: 7, at: (now - 1000) / 1000, sensors: six },
      { patientId: 7, at: '2026-12-03T12:00:00', sensors: six },
      { patientId: 0, at: now, sensors: six },
      { patientId: 7, at: now, sensors: [1, 2, 3] },
      { patientId: 7, at: now, sensors: [{ id: 1, value: 5 }, { id: 1, value: 6 }, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: six, traceId: '1","x":"' },
      { patientId: 7, at: now, sensors: six },
      'reading',
    ]);
    expect(total).toBe(8);
    expect(readings.map((r) => r.index)).toEqual([6]);
    expect(errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'readings[0].at: expected a time between 2000-01-01 and 5 minutes from now, got number 1796299199 (seconds? `at` is in milliseconds)',
      'readings[1].at: expected epoch milliseconds (an integer) or an ISO 8601 time with a zone, got "2026-12-03T12:00:00"',
      'readings[2].patientId: expected an integer 1..2147483647, got number 0',
      'readings[3].sensors: expected an array of 6 values or sensor objects, got an array of 3',
      'readings[4].sensors[1].id: sensor 1 appears twice',
      // Only digits: the id also goes into JSON the store publishes.
      'readings[5].traceId: expected digits (a number or a string of up to 20 digits), got "1\\",\\"x\\":\\""',
      'readings[7]: expected an object { patientId, at, sensors, traceId? }, got "reading"',
    ]);
  });

  it('reads NDJSON line by line: a broken line is its own error', () => {
    const body = `${JSON.stringify({ patientId: 1, at: now, sensors: six })}\n\n{oops\r\n${JSON.stringify({ patientId: 2, at: now, sensors: six })}\n`;
    const { readings, errors } = parse(body, 'ndjson');
    expect(readings.map((r) => [r.index, r.reading.patientId])).toEqual([
      [0, 1],
      [2, 2],
    ]);
    expect(errors).toEqual([
      { index: 1, path: 'readings[1]', message: expect.stringMatching(/^line is not JSON: /) },
    ]);
  });

  it('refuses a body that is not a batch, and one over the cap', () => {
    expect(() => parse('{')).toThrow(UnreadableBodyError);
    expect(() => parse({ patientId: 1 })).toThrow('expected a JSON array of readings');
    expect(() => parseBatch(JSON.stringify([1, 2, 3]), { format: 'json', now, maxReadings: 2 })).toThrow(
      new TooManyReadingsError('at most 2 readings a request, got 3; split the batch'),
    );
  });

  it('takes on its quick path exactly what the full check takes, and makes the same reading of it', () => {
    const objects = six.map((value, id) => ({ id, value, anomaly: id === 2 }));
    const cases: unknown[] = [
      { patientId: 7, at: now, sensors: six },
      { patientId: 7, at: now, sensors: six, traceId: '2350401012010' },
      { patientId: 7, at: now, sensors: six, traceId: 2350401012010 },
      { patientId: 7, at: now, sensors: six, traceId: null },
      { patientId: 7, at: now, sensors: objects },
      { patientId: 7, at: now, sensors: objects.map(({ value }) => ({ value })) },
      { patientId: 7, at: now, sensors: [...objects].reverse() },
      { patientId: 7, at: now, sensors: [objects[0], objects[0], 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: [{ id: 0, value: 1, anomaly: 'yes' }, 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: ['1', 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: [1024, 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: [1.5, 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: [null, 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: [-1, 2, 3, 4, 5, 6] },
      { patientId: 7, at: now, sensors: six.slice(1) },
      { patientId: 7, at: new Date(now).toISOString(), sensors: six },
      { patientId: 7, at: now + 6 * 60_000, sensors: six },
      { patientId: 7, at: Date.UTC(1999, 11, 31), sensors: six },
      { patientId: 7, at: now + 0.5, sensors: six },
      { patientId: 0, at: now, sensors: six },
      { patientId: 2_147_483_648, at: now, sensors: six },
      { patientId: '7', at: now, sensors: six },
      { patientId: 7, at: now, sensors: six, traceId: '12a' },
      { patientId: 7, at: now, sensors: six, traceId: '1'.repeat(21) },
      { patientId: 7, at: now },
      [7, now, six],
      null,
      'reading',
    ];
    for (const [i, item] of cases.entries()) {
      let full: unknown;
      try {
        full = readingOf(item, `readings[${i}]`, 6, now);
      } catch {
        full = 'refused';
      }
      const quick = quickReading(item, 6, now);
      if (quick !== undefined) expect({ i, reading: quick }).toEqual({ i, reading: full });
      if (full === 'refused') expect({ i, quick }).toEqual({ i, quick: undefined });
    }
    // The common shapes are the quick path's: plain values and objects in id order.
    expect(cases.slice(0, 6).map((c) => quickReading(c, 6, now) !== undefined)).toEqual(Array(6).fill(true));
  });

  it("reads an MQTT message: one JSON value or NDJSON, the topic's patient where a reading names none", () => {
    const message = (body: string) => parseBatch(body, { format: 'message', topicPatient: 9, now });
    const reading = { at: now, sensors: six };
    const ids = (body: string) => message(body).readings.map((r) => r.reading.patientId);
    expect(ids(JSON.stringify(reading))).toEqual([9]);
    expect(ids(JSON.stringify([reading, { ...reading, patientId: 4 }]))).toEqual([9, 4]);
    expect(ids(JSON.stringify({ readings: [reading] }))).toEqual([9]);
    expect(ids(`${JSON.stringify(reading)}\n${JSON.stringify(reading)}\n`)).toEqual([9, 9]);
    // A patientId that is there but wrong is the reading's own error, not the topic's to fill.
    expect(message(JSON.stringify({ ...reading, patientId: null })).errors.map((e) => e.path)).toEqual([
      'readings[0].patientId',
    ]);
    expect(message('not json at all').errors.map((e) => e.path)).toEqual(['readings[0]']);
    // Without a topic, a missing patientId is missing.
    expect(parseBatch(JSON.stringify([reading]), { format: 'json', now }).errors[0]?.message).toBe(
      'expected an integer 1..2147483647, got nothing (the field is missing)',
    );
  });
});
