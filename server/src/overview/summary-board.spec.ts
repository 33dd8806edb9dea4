import type { Episode } from '../episodes/episode';
import { reading } from '../../test/support/store-contract';
import { SummaryBoard, type StatusOf } from './summary-board';

const fresh: StatusOf = (_id, at, now) => (at === undefined ? 'UNKNOWN' : now - at > 5000 ? 'STALE' : 'LIVE');

function episode(patientId: number, overrides: Partial<Episode> = {}): Episode {
  return {
    id: `${patientId}-ANOMALY-1000`,
    patientId,
    kind: 'ANOMALY',
    severity: 'HIGH',
    startedAt: 1000,
    lastFlaggedAt: 2000,
    endedAt: null,
    readingCount: 5,
    sensors: ['L0'],
    peak: 1023,
    acknowledgement: null,
    notes: [],
    ...overrides,
  };
}

describe('SummaryBoard', () => {
  it('sends a patient at most once per interval, with its newest reading', () => {
    const board = new SummaryBoard(fresh);
    board.reading(reading(1, 10_000));
    expect(board.take(10_000, 500).map((s) => s.lastReadingAt)).toEqual([10_000]);
    board.reading(reading(1, 10_200));
    board.reading(reading(1, 10_400));
    expect(board.take(10_400, 500)).toEqual([]); // 400 ms since the last send
    const [s] = board.take(10_500, 500);
    expect(s).toMatchObject({ patientId: 1, status: 'LIVE', lastReadingAt: 10_400, anomaly: false });
    expect(s!.values).toEqual([1023, 500, 20, 10_400 % 1024, 7, 1023]);
    expect(board.take(11_500, 500)).toEqual([]); // nothing new
  });

  it("carries the gait engine's state, and a cadence only while walking", () => {
    const gait = new Map([
      [1, { state: 'WALKING' as const, cadence: 104.5, asOfAt: 10_000 }],
      [2, { state: 'STANDING' as const, cadence: 98, asOfAt: 10_000 }],
    ]);
    const board = new SummaryBoard(fresh, (id) => gait.get(id));
    board.track([1, 2, 3]);
    const byId = new Map(board.snapshot(10_000).map((s) => [s.patientId, s]));
    expect(byId.get(1)).toMatchObject({ gaitState: 'WALKING', cadence: 104.5 });
    expect(byId.get(2)).toMatchObject({ gaitState: 'STANDING', cadence: null }); // the last walk's, not now's
    expect(byId.get(3)).toMatchObject({ gaitState: null, cadence: null }); // not analysed here
  });

  it('ignores a reading older than the newest (replayed or late)', () => {
    const board = new SummaryBoard(fresh);
    board.reading(reading(1, 10_400));
    board.reading(reading(1, 10_200));
    expect(board.take(10_400, 500)[0]!.lastReadingAt).toBe(10_400);
  });

  it('sends at once what a carer acts on: episodes, acknowledgements, status changes', () => {
    const board = new SummaryBoard(fresh);
    board.reading(reading(1, 10_000));
    board.reading(reading(2, 10_000));
    board.take(10_000, 500);
    board.reading(reading(2, 10_100));
    board.episode(episode(1));
    expect(board.hasUrgent).toBe(true);
    const urgent = board.take(10_100, 500, true);
    expect(urgent).toEqual([
      expect.objectContaining({
        patientId: 1,
        openEpisodes: 1,
        unacknowledgedEpisodes: 1,
        attention: 'HIGH',
      }),
    ]);
    board.episode(episode(1, { acknowledgement: { at: 10_200, by: 'ann' } }));
    expect(board.take(10_200, 500, true)).toEqual([
      expect.objectContaining({ patientId: 1, openEpisodes: 1, unacknowledgedEpisodes: 0, attention: null }),
    ]);
    board.episode(episode(1, { endedAt: 11_000, acknowledgement: { at: 10_200, by: 'ann' } }));
    expect(board.take(11_000, 500, true)[0]).toMatchObject({ openEpisodes: 0, unacknowledgedEpisodes: 0 });
    // Patient 2 stops sending: STALE goes out as soon as it is true, without a new reading.
    board.take(11_000, 500);
    board.reading(reading(1, 15_000));
    expect(board.take(15_200, 500).map((s) => [s.patientId, s.status])).toEqual([
      [1, 'LIVE'],
      [2, 'STALE'],
    ]);
  });

  it('keeps a cleared, unacknowledged episode as needing attention (latching)', () => {
    const board = new SummaryBoard(fresh);
    board.episode(episode(3, { severity: 'MEDIUM', endedAt: 5000 }));
    board.episode(episode(3, { id: '3-SPIKE-900', kind: 'SPIKE', severity: 'LOW' }));
    expect(board.snapshot(6000)[0]).toMatchObject({
      openEpisodes: 1,
      unacknowledgedEpisodes: 2,
      attention: 'MEDIUM',
    });
  });

  it('shows tracked patients before their first reading, and the left share of the load', () => {
    const board = new SummaryBoard(fresh);
    board.track([5]);
    board.reading({
      ...reading(6, 1000),
      sensors: reading(6, 1000).sensors.map((s) => ({ ...s, value: s.id < 3 ? 300 : 100 })),
    });
    expect(board.snapshot(1000)).toEqual([
      expect.objectContaining({ patientId: 5, status: 'UNKNOWN', values: null, leftShare: null }),
      expect.objectContaining({ patientId: 6, leftShare: 0.75 }),
    ]);
  });

  it('names the flagged sensors of the newest reading, in sensor order, and none once it is clean', () => {
    const board = new SummaryBoard(fresh);
    const flagged = (t: number, ids: number[]) => {
      const r = reading(1, t);
      // Out of order on purpose: the summary lists them in sensor order.
      return {
        ...r,
        anomaly: ids.length > 0,
        sensors: [...r.sensors].reverse().map((s) => ({ ...s, anomaly: ids.includes(s.id) })),
      };
    };
    board.reading(flagged(1000, [4, 0]));
    expect(board.snapshot(1000)).toEqual([
      expect.objectContaining({ patientId: 1, anomaly: true, flaggedSensors: ['L0', 'R1'] }),
    ]);
    board.reading(flagged(1200, []));
    expect(board.snapshot(1200)).toEqual([
      expect.objectContaining({ patientId: 1, anomaly: false, flaggedSensors: [] }),
    ]);
    board.track([2]);
    expect(board.snapshot(1200)[1]).toMatchObject({ patientId: 2, flaggedSensors: [] });
  });
});
