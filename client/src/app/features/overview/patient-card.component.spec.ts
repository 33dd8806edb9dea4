import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { sample } from '../../../testing/fakes';
import type { PatientCard } from './overview.store';
import { PatientCardComponent } from './patient-card.component';

describe('PatientCardComponent', () => {
  const card: PatientCard = {
    id: 4,
    name: 'Ewelina Nosowska',
    age: 28,
    birthYear: 1998,
    disabled: true,
    traceName: 'ewelinka',
    status: { kind: 'live', label: 'Live', hint: '' },
    sample: sample(Date.now(), [1, 2, 3, 4, 5, 6], 0b10),
    anomaliesLastHour: 12,
    lastReadingAt: Date.now(),
    anomalyNow: true,
  };

  it('is one keyboard-reachable link with a spoken summary', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PatientCardComponent);
    fixture.componentRef.setInput('card', card);
    await fixture.whenStable();
    const link = (fixture.nativeElement as HTMLElement).querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/patients/4');
    expect(link.getAttribute('aria-label')).toContain(
      'Ewelina Nosowska, Live, 12 anomalous readings in the last hour, anomaly flagged now',
    );
    expect(link.textContent).toContain('Anomaly flagged now');
    expect(link.textContent).toContain('Disabled');
    expect(link.classList).toContain('alert');
  });
});
