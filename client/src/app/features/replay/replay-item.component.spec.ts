import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ReplayItemComponent, type ResumeRequest } from './replay-item.component';
import type { Replay } from './replays.store';
import { replay } from './testing';

describe('ReplayItemComponent', () => {
  function render(r: Replay) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(ReplayItemComponent);
    fixture.componentRef.setInput('replay', r);
    const events = { pause: [] as string[], resume: [] as ResumeRequest[], stop: [] as string[] };
    fixture.componentInstance.pause.subscribe((id) => events.pause.push(id));
    fixture.componentInstance.resume.subscribe((req) => events.resume.push(req));
    fixture.componentInstance.stop.subscribe((id) => events.stop.push(id));
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const button = (name: string) =>
      [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    return { fixture, el, events, button };
  }

  it('shows rows sent of all, time replayed and left, the state and the patient link', () => {
    const { el } = render(replay());
    const bar = el.querySelector('progress')!;
    expect(bar.value).toBe(50);
    expect(bar.getAttribute('max')).toBe('200');
    expect(el.querySelector('[data-testid=replay-rows]')?.textContent).toBe('50 of 200 rows (25%)');
    expect(el.textContent).toContain('0:13 replayed');
    expect(el.textContent).toContain('0:37 left');
    expect(el.querySelector('[data-testid=replay-state]')?.textContent?.trim()).toBe('Playing');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/patients/1001');
    expect(el.querySelector('[aria-live=polite]')?.textContent).toBe('Ada walk: Playing, 20% sent');
  });

  it('pauses and stops a playing replay, and changes its speed at once', () => {
    const { fixture, el, events, button } = render(replay());
    button('Pause')!.click();
    button('Stop')!.click();
    const select = el.querySelector('select')!;
    select.value = '10';
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    expect(events).toEqual({ pause: ['r1'], stop: ['r1'], resume: [{ id: 'r1', speed: 10 }] });
  });

  it('resumes a paused replay at the speed picked meanwhile', () => {
    const { fixture, el, events, button } = render(replay({ state: 'PAUSED' }));
    expect(button('Pause')).toBeUndefined();
    const select = el.querySelector('select')!;
    select.value = '2';
    select.dispatchEvent(new Event('change'));
    expect(events.resume).toEqual([]);
    button('Resume')!.click();
    button('Resume')!.click();
    fixture.detectChanges();
    expect(events.resume).toEqual([
      { id: 'r1', speed: 2 },
      { id: 'r1', speed: null },
    ]);
  });

  it('offers no controls once a replay is finished or stopped', () => {
    const { el } = render(replay({ state: 'FINISHED', sent: 200, remainingSeconds: 0 }));
    expect(el.querySelectorAll('button')).toHaveLength(0);
    expect(el.querySelector('[data-testid=replay-rows]')?.textContent).toBe('200 of 200 rows (100%)');
  });

  it('leaves the controls out when they are not the viewer’s to use', () => {
    const { fixture, el } = render(replay({ state: 'PAUSED' }));
    expect(el.querySelectorAll('button')).toHaveLength(2);
    fixture.componentRef.setInput('controls', false);
    fixture.detectChanges();
    expect(el.querySelectorAll('button, select')).toHaveLength(0);
    expect(el.querySelector('[data-testid=replay-rows]')?.textContent).toBe('50 of 200 rows (25%)');
  });

  it('waits while an action is on its way', () => {
    const { fixture, button } = render(replay());
    fixture.componentRef.setInput('busy', true);
    fixture.detectChanges();
    expect(button('Pause')!.disabled).toBe(true);
  });
});
