import { TestBed } from '@angular/core/testing';
import { ContactRibbonComponent, ribbonBars } from './contact-ribbon.component';
import type { GaitContact } from './gait-live.store';

const contact = (foot: 'LEFT' | 'RIGHT', from: number, to: number): GaitContact => ({
  foot,
  from: new Date(from).toISOString(),
  to: new Date(to).toISOString(),
});

describe('ribbonBars', () => {
  it('places each contact of the foot on the 30 s span, clipped at its start', () => {
    const contacts = [
      contact('LEFT', 60_000, 69_000),
      contact('LEFT', 68_000, 71_500),
      contact('RIGHT', 80_000, 81_000),
      contact('LEFT', 99_000, 100_000),
    ];
    const bars = ribbonBars(contacts, 'LEFT', 100_000);
    expect(bars).toHaveLength(2);
    expect(bars[0]).toEqual({ x: 0, width: 50 });
    expect(bars[1].x).toBeCloseTo(966.67, 1);
    expect(bars[1].width).toBeCloseTo(33.33, 1);
  });

  it('keeps a contact shorter than a sample visible', () => {
    expect(ribbonBars([contact('RIGHT', 99_990, 100_000)], 'RIGHT', 100_000)[0].width).toBe(2);
  });
});

describe('ContactRibbonComponent', () => {
  function render(contacts: GaitContact[], end: number | null) {
    const fixture = TestBed.createComponent(ContactRibbonComponent);
    fixture.componentRef.setInput('contacts', contacts);
    fixture.componentRef.setInput('end', end);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('draws a bar per stance phase in the row of its foot and says how many', () => {
    const el = render(
      [contact('LEFT', 90_000, 90_700), contact('RIGHT', 90_500, 91_200), contact('LEFT', 91_100, 91_800)],
      100_000,
    );
    expect(el.querySelectorAll('rect.bar.left')).toHaveLength(2);
    expect(el.querySelectorAll('rect.bar.right')).toHaveLength(1);
    expect(el.querySelector('[role=img]')?.getAttribute('aria-label')).toBe(
      'Foot contacts over the last 30 seconds: 2 left and 1 right stance phases',
    );
  });

  it('draws empty rows before anything arrived', () => {
    const el = render([], null);
    expect(el.querySelectorAll('rect.bar')).toHaveLength(0);
    expect(el.querySelector('[role=img]')?.getAttribute('aria-label')).toContain('none received yet');
  });
});
