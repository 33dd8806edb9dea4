import { TestBed } from '@angular/core/testing';
import type { Sample } from '../sample';
import { InsolesComponent } from './insoles.component';

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
});
