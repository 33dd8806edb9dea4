import { TestBed } from '@angular/core/testing';
import { SourceBadgeComponent, type PatientSourceLike } from './source-badge.component';
import { provideRouter } from '@angular/router';
import { PatientCardComponent } from '../../features/overview/patient-card.component';
import { PatientRowComponent } from '../../features/overview/patient-row.component';
import { view } from '../../features/overview/testing';

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

/** Where the overview shows the badge: the card's meta line and the table row's name cell. */
describe('source badge on the overview', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideRouter([])] }));

  it('marks a replayed patient on the card, and says nothing for a polled one', () => {
    const fixture = TestBed.createComponent(PatientCardComponent);
    fixture.componentRef.setInput('card', view(4, { source: 'REPLAY' }));
    fixture.componentRef.setInput('active', false);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.meta pl-source-badge')?.textContent?.trim()).toMatch(/Replay$/);
    fixture.componentRef.setInput('card', view(4, { source: 'POLL' }));
    fixture.detectChanges();
    expect(el.querySelector('.source')).toBeNull();
  });

  it('marks a pushing patient in the table row', () => {
    const fixture = TestBed.createComponent(PatientRowComponent);
    fixture.componentRef.setInput('patient', view(7, { source: 'PUSH' }));
    fixture.componentRef.setInput('active', false);
    fixture.componentRef.setInput('rowIndex', 2);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.name pl-source-badge')?.textContent?.trim()).toMatch(/Push$/);
  });
});
