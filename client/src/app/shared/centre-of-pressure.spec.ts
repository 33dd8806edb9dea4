import { centreOfPressure, leftLoadShare, loadOf, sensorPlaces, UNLOADED_FLOOR } from './centre-of-pressure';

describe('centre of pressure', () => {
  it('sits on the only loaded sensor', () => {
    const cop = centreOfPressure([1023, 20, 20], 'left');
    expect(cop).toEqual(sensorPlaces('left')[0]);
  });

  it('lies between heel and forefoot when both are loaded equally', () => {
    const cop = centreOfPressure([1023, 1023, 1023], 'left');
    const places = sensorPlaces('left');
    expect(cop?.x).toBeCloseTo((places[0].x + places[1].x + places[2].x) / 3);
    expect(cop?.y).toBeCloseTo((places[0].y + places[1].y + places[2].y) / 3);
  });

  it('mirrors the right foot', () => {
    const left = centreOfPressure([900, 300, 100], 'left');
    const right = centreOfPressure([900, 300, 100], 'right');
    expect(right?.x).toBeCloseTo(1 - (left?.x ?? 0));
    expect(right?.y).toBeCloseTo(left?.y ?? 0);
    expect(sensorPlaces('right')[0].x).toBeLessThan(0.5);
  });

  it('has no centre when the foot is in the air (values at the floor)', () => {
    expect(centreOfPressure([40, 95, 12], 'right')).toBeNull();
    expect(loadOf(UNLOADED_FLOOR - 1)).toBe(0);
  });

  it('splits the load between the feet', () => {
    expect(leftLoadShare([1023, 1023, 1023, 50, 50, 50])).toBe(1);
    expect(leftLoadShare([600, 600, 100, 100, 600, 600])).toBeCloseTo(0.5);
    expect(leftLoadShare([10, 10, 10, 10, 10, 10])).toBeNull();
  });
});
