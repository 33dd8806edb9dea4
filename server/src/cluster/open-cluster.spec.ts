import type { Reading } from '../readings/reading';
import { ownedOnly } from './open-cluster';

const polled = (patientId: number): Reading => ({
  patientId,
  at: 1,
  traceId: '1',
  sensors: [],
  fence: { key: `fence:${patientId % 64}`, token: 1 },
});
const pushed = (patientId: number): Reading => ({ patientId, at: 1, traceId: '1', sensors: [] });

describe('ownedOnly (CLUSTER=on stored-readings hooks)', () => {
  it("passes the owned patients' polled readings and every pushed one, and drops the others", () => {
    const seen: number[][] = [];
    const hook = ownedOnly(
      (readings) => seen.push(readings.map((r) => r.patientId)),
      (id) => id % 2 === 0,
    );
    hook!([polled(2), polled(3), pushed(5), polled(4)]);
    hook!([polled(3)]);
    hook!([polled(6)]);
    expect(seen).toEqual([[2, 5, 4], [6]]);
  });

  it('is absent when the hook is', () => {
    expect(ownedOnly(undefined, () => true)).toBeUndefined();
  });
});
