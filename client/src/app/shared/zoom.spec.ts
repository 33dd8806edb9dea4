import { FULL_ZOOM, MIN_ZOOM_SPAN, clampZoom, isFullZoom, panBy, zoomBy } from './zoom';

describe('zoom', () => {
  it('zooms in on the newest readings while the zoom reaches them', () => {
    expect(zoomBy(FULL_ZOOM, 0.5)).toEqual({ start: 50, end: 100 });
    expect(zoomBy({ start: 50, end: 100 }, 0.5)).toEqual({ start: 75, end: 100 });
  });

  it('zooms about the centre otherwise, and back out to the whole window', () => {
    expect(zoomBy({ start: 20, end: 60 }, 0.5)).toEqual({ start: 30, end: 50 });
    expect(zoomBy({ start: 30, end: 50 }, 2)).toEqual({ start: 20, end: 60 });
    expect(isFullZoom(zoomBy({ start: 10, end: 70 }, 4))).toBe(true);
  });

  it('never zooms narrower than the minimum span', () => {
    let zoom = FULL_ZOOM;
    for (let i = 0; i < 20; i++) zoom = zoomBy(zoom, 0.5);
    expect(zoom.end - zoom.start).toBeCloseTo(MIN_ZOOM_SPAN);
    expect(zoom.end).toBe(100);
  });

  it('pans by a share of the span and stops at the ends without shrinking', () => {
    expect(panBy({ start: 40, end: 60 }, -0.5)).toEqual({ start: 30, end: 50 });
    expect(panBy({ start: 5, end: 25 }, -1)).toEqual({ start: 0, end: 20 });
    expect(panBy({ start: 70, end: 90 }, 1)).toEqual({ start: 80, end: 100 });
  });

  it('repairs an inverted or out-of-range zoom', () => {
    expect(clampZoom({ start: 60, end: 50 })).toEqual({ start: 60, end: 62 });
    expect(clampZoom({ start: -10, end: 130 })).toEqual(FULL_ZOOM);
  });
});
