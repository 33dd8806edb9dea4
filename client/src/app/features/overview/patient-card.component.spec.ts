import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { sample } from '../../../testing/fakes';
import { PatientCardComponent } from './patient-card.component';
import { view } from './testing';

describe('PatientCardComponent', () => {
  async function render(overrides: Parameters<typeof view>[1], active = false) {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PatientCardComponent);
    fixture.componentRef.setInput('card', view(4, overrides));
    fixture.componentRef.setInput('active', active);
    await fixture.whenStable();
    return (fixture.nativeElement as HTMLElement).querySelector('a') as HTMLAnchorElement;
  }

  it('is one link with a spoken summary, reached by Tab only when it is the active one', async () => {
    const now = Date.now();
    const link = await render(
      {
        firstName: 'Ewelina',
        lastName: 'Nosowska',
        disabled: true,
        anomaliesLastHour: 12,
        anomalyNow: true,
        flaggedSensors: ['L1', 'R0'],
        lastReadingAt: now,
        sample: sample(now, [1, 2, 3, 4, 5, 6]),
      },
      true,
    );
    expect(link.getAttribute('href')).toBe('/patients/4');
    expect(link.getAttribute('tabindex')).toBe('0');
    expect(link.getAttribute('aria-label')).toBe(
      'Ewelina Nosowska, id 4, Live, anomaly flagged now: L1 R0, 12 flagged readings in the last hour, last reading just now, open patient',
    );
    expect(link.textContent).toContain('Anomaly flagged now: L1 R0');
    expect(link.textContent).toContain('Disabled');
    expect(link.classList).toContain('alert');
  });

  it('says what an unacknowledged episode asks for, before a passing anomaly', async () => {
    const link = await render({
      unacknowledgedEpisodes: 1,
      attention: 'HIGH',
      openEpisodes: 1,
      anomalyNow: true,
    });
    expect(link.querySelector('.banner')?.textContent).toContain('HIGH alarm unacknowledged');
    expect(link.getAttribute('tabindex')).toBe('-1');
  });

  it('marks an old reading as not live rather than showing it as current', async () => {
    const link = await render({
      lastReadingAt: Date.now() - 12_000,
      status: { kind: 'stale', label: 'Stale', hint: '' },
    });
    expect(link.querySelector('.ago')?.textContent).toBe('12 s ago');
    expect(link.querySelector('.ago')?.classList).toContain('old');
  });

  it('shows what the patient is doing and their cadence, and says it', async () => {
    const link = await render({ gaitState: 'WALKING', cadence: 103.6 });
    expect(link.querySelector('pl-gait-state-badge')?.textContent).toContain('Walking');
    expect(link.getAttribute('aria-label')).toContain('Live, Walking, cadence 104 steps per minute,');
  });

  it('shows no gait badge where the state is not known', async () => {
    expect((await render({ gaitState: null })).querySelector('pl-gait-state-badge')).toBeNull();
  });
});
