import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { PatientRowComponent } from './patient-row.component';
import { view } from './testing';

describe('PatientRowComponent', () => {
  it('is a table row of cells: name and id, status, episode, age, load share; one link', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PatientRowComponent);
    fixture.componentRef.setInput(
      'patient',
      view(7, {
        firstName: 'Zofia',
        lastName: 'Mazur',
        leftShare: 0.634,
        lastReadingAt: Date.now() - 30_000,
        status: { kind: 'stale', label: 'Stale', hint: '' },
        unacknowledgedEpisodes: 1,
        attention: 'MEDIUM',
      }),
    );
    fixture.componentRef.setInput('rowIndex', 3);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.getAttribute('role')).toBe('row');
    expect(el.getAttribute('aria-rowindex')).toBe('3');
    const cells = [...el.querySelectorAll('[role=cell]')].map((c) =>
      c.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(cells.slice(0, 5)).toEqual([
      'Zofia Mazur #7',
      'Stale',
      '▲ MEDIUM alarm unacknowledged',
      '30 s ago',
      'L 63 · R 37',
    ]);
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/patients/7');
    expect(el.querySelector('.age')?.classList).toContain('old');
  });

  it('shows the gait state and cadence beside the name', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PatientRowComponent);
    fixture.componentRef.setInput('patient', view(7, { gaitState: 'STANDING', cadence: null }));
    fixture.componentRef.setInput('rowIndex', 1);
    await fixture.whenStable();
    const badge = (fixture.nativeElement as HTMLElement).querySelector('.name pl-gait-state-badge');
    expect(badge?.getAttribute('aria-label')).toBe('Standing');
  });

  it('names the sensors flagged now in the episode cell', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(PatientRowComponent);
    fixture.componentRef.setInput('patient', view(8, { anomalyNow: true, flaggedSensors: ['R1'] }));
    fixture.componentRef.setInput('rowIndex', 2);
    await fixture.whenStable();
    const cell = (fixture.nativeElement as HTMLElement).querySelector('.episode');
    expect(cell?.textContent?.replace(/\s+/g, ' ').trim()).toBe('▲ anomaly now: R1');
  });
});
