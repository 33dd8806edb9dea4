import { TestBed } from '@angular/core/testing';
import { SourceBadgeComponent, type PatientSourceLike } from './source-badge.component';

describe('SourceBadgeComponent', () => {
  function render(source: PatientSourceLike): HTMLElement {
    const fixture = TestBed.createComponent(SourceBadgeComponent);
    fixture.componentRef.setInput('source', source);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('says nothing for a polled patient', () => {
    expect(render('POLL').textContent?.trim()).toBe('');
  });

  it('marks a replayed and a pushing patient, for screen readers too', () => {
    const replay = render('REPLAY');
    expect(replay.textContent?.replace(/\s+/g, ' ').trim()).toBe('Source: Replay');
    expect(replay.querySelector('.source')?.getAttribute('title')).toMatch(/recording/);
    expect(render('PUSH').textContent?.replace(/\s+/g, ' ').trim()).toBe('Source: Push');
  });
});
