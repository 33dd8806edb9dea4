import { TestBed } from '@angular/core/testing';
import type { Sample } from '../sample';
import { sensorPlaces } from '../centre-of-pressure';
import { InsolesComponent, LABEL_HALF_WIDTH, LABEL_HEIGHT, MAX_DOT_R, labelPlace } from './insoles.component';

describe('InsolesComponent', () => {
  async function render(sample: Sample | null, compact = false) {
    const fixture = TestBed.createComponent(InsolesComponent);
    fixture.componentRef.setInput('sample', sample);
    fixture.componentRef.setInput('compact', compact);
    fixture.componentRef.setInput('trails', { left: [{ x: 0.5, y: 0.5 }], right: [] });
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('labels both feet for screen readers, marking flagged sensors', async () => {
    const el = await render({ t: 0, v: [1023, 20, 500, 30, 30, 30], flags: 0b000100, traceId: '' });
    const labels = [...el.querySelectorAll('svg')].map((s) => s.getAttribute('aria-label'));
    expect(labels[0]).toBe('Left foot: front inner edge 1023, front outer edge 20, heel 500 (flagged)');
    expect(labels[1]).toContain('foot lifted');
    expect(el.querySelectorAll('.flag-badge')).toHaveLength(1);
    expect(el.querySelectorAll('.cop')).toHaveLength(1);
    expect(el.querySelector('[role=meter]')?.getAttribute('aria-valuenow')).toBe('100');
  });

  it('shows an empty state without a reading', async () => {
    const el = await render(null);
    expect(el.querySelector('svg')?.getAttribute('aria-label')).toBe('Left foot: no reading');
    expect(el.querySelector('[role=meter]')?.getAttribute('aria-valuetext')).toBe('No load on either foot');
  });

  it('drops values and the share bar when compact', async () => {
    const el = await render({ t: 0, v: [1023, 1023, 1023, 1023, 1023, 1023], flags: 0, traceId: '' }, true);
    expect(el.querySelectorAll('.value')).toHaveLength(0);
    expect(el.querySelector('[role=meter]')).toBeNull();
  });

  describe('value labels', () => {
    // Boxes in viewBox units (the insole is 100 × 240); a dot at full pressure with its flag ring.
    const RING = MAX_DOT_R + 6;
    const box = (p: { x: number; y: number }) => ({
      left: p.x - LABEL_HALF_WIDTH,
      right: p.x + LABEL_HALF_WIDTH,
      top: p.y - LABEL_HEIGHT + 3,
      bottom: p.y + 3,
    });
    type Box = ReturnType<typeof box>;
    const overlaps = (a: Box, b: Box) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const hitsCircle = (b: Box, c: { x: number; y: number }) => {
      const dx = Math.max(b.left - c.x, 0, c.x - b.right);
      const dy = Math.max(b.top - c.y, 0, c.y - b.bottom);
      return dx * dx + dy * dy < RING * RING;
    };

    it.each(['left', 'right'] as const)('never overlap each other or a dot (%s foot)', (side) => {
      const labels = ([0, 1, 2] as const).map((place) => box(labelPlace(side, place)));
      const dots = sensorPlaces(side).map((p) => ({ x: p.x * 100, y: p.y * 240 }));
      for (const [i, a] of labels.entries()) {
        for (const b of labels.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
        for (const dot of dots) expect(hitsCircle(a, dot)).toBe(false);
      }
    });

    it('stay put while the dots change size', async () => {
      const el = await render({ t: 0, v: [1023, 1023, 1023, 0, 0, 0], flags: 0, traceId: '' });
      const before = [...el.querySelectorAll('.value')].map((t) => t.getAttribute('y'));
      const fixture = TestBed.createComponent(InsolesComponent);
      fixture.componentRef.setInput('sample', {
        t: 0,
        v: [0, 0, 0, 1023, 1023, 1023],
        flags: 0,
        traceId: '',
      });
      await fixture.whenStable();
      const after = [...(fixture.nativeElement as HTMLElement).querySelectorAll('.value')].map((t) =>
        t.getAttribute('y'),
      );
      expect(after).toEqual(before);
      expect(before).toHaveLength(6);
    });
  });
});
