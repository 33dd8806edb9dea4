import { TestBed } from '@angular/core/testing';
import type { GaitState } from '../../graphql/generated';
import { GaitStateBadgeComponent, gaitStateAria } from './gait-state-badge.component';

describe('GaitStateBadgeComponent', () => {
  function render(state: GaitState | null, cadence: number | null = null) {
    const fixture = TestBed.createComponent(GaitStateBadgeComponent);
    fixture.componentRef.setInput('state', state);
    fixture.componentRef.setInput('cadence', cadence);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says walking and the cadence in words, for screen readers too', () => {
    const el = render('WALKING', 103.6);
    expect(el.textContent?.replace(/\s+/g, ' ').trim()).toBe('Walking 104/min');
    expect(el.getAttribute('aria-label')).toBe('Walking, cadence 104 steps per minute');
    expect(el.classList).toContain('walking');
    expect(el.querySelectorAll('svg ellipse')).toHaveLength(2);
  });

  it('shows no cadence when not walking', () => {
    const el = render('STANDING', 80);
    expect(el.textContent?.trim()).toBe('Standing');
    expect(el.getAttribute('aria-label')).toBe('Standing');
  });

  it('reads a missing state as unknown, with a question mark', () => {
    const el = render(null);
    expect(el.textContent).toContain('Unknown');
    expect(el.querySelector('svg text')?.textContent).toBe('?');
    expect(el.getAttribute('title')).toContain('Too little data');
  });

  it('says no load hollow', () => {
    const el = render('NO_LOAD');
    expect(el.textContent).toContain('No load');
    expect(el.querySelectorAll('ellipse.hollow')).toHaveLength(2);
    expect(gaitStateAria('NO_LOAD', 100)).toBe('No load');
  });
});
