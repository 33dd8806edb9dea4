import { NO_ERRORS_SCHEMA } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of, throwError } from 'rxjs';
import { fakeFrames } from '../../../../testing/fakes';
import { GaitDaysGQL } from '../../../graphql/generated';
import { FrameQueue } from '../../../shared/frame-queue';
import { dayKey, rangeStart, type GaitDay, type GaitHistoryData } from './gait-days';
import type { Option } from './gait-history-chart.spec';
import { GaitHistoryComponent } from './gait-history.component';
import { GAIT_FRAMES } from './gait-live.store';
import { codedError } from './testing';

const DAY_MS = 86_400_000;
const today = (offset = 0) => dayKey(new Date(Date.now() - offset * DAY_MS));

const gaitDay = (day: string, over: Partial<GaitDay> = {}): GaitDay => ({
  day,
  walkingMinutes: 40,
  steps: 4000,
  bouts: 10,
  cadence: 100,
  stanceSI: 2,
  strideRatio: 1,
  minutesCovered: 600,
  ...over,
});

const history = (days: GaitDay[], baselineDays = 14): GaitHistoryData => ({
  timeZone: 'UTC',
  days,
  baseline: { days: baselineDays, walkingMinutesPerDay: 55, cadence: 104, stanceSI: 1.5, strideRatio: 1 },
});

describe('GaitHistoryComponent', () => {
  let fetch: jest.Mock;
  let frames: ReturnType<typeof fakeFrames>;

  async function render(answer: () => unknown) {
    fetch = jest.fn(answer);
    frames = fakeFrames();
    TestBed.configureTestingModule({
      providers: [
        { provide: GaitDaysGQL, useValue: { fetch } },
        { provide: GAIT_FRAMES, useValue: new FrameQueue(frames.raf, frames.caf) },
      ],
    });
    TestBed.overrideComponent(GaitHistoryComponent, { set: { imports: [], schemas: [NO_ERRORS_SCHEMA] } });
    const fixture = TestBed.createComponent(GaitHistoryComponent);
    fixture.componentRef.setInput('patientId', 2);
    await settled(fixture);
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  /** The answer arrives in a microtask after the first render; then the page renders it. */
  async function settled(fixture: { whenStable(): Promise<unknown> }) {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
  }

  const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('asks for the last 14 local days and draws them on an animation frame', async () => {
    const before = Date.now();
    const { fixture, el } = await render(() =>
      of({ data: { gaitHistory: history([gaitDay(today(1), { minutesCovered: 45 }), gaitDay(today())]) } }),
    );
    const { variables } = fetch.mock.calls[0][0];
    expect(variables.patientId).toBe(2);
    expect(Date.parse(variables.from)).toBe(rangeStart(before, 14));
    expect(variables.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(el.querySelector('.chart')?.getAttribute('aria-label')).toContain(
      'Gait over the last 14 days, 2 with figures; walking 40 minutes a day on average (baseline 55)',
    );
    expect(text(el.querySelector('.low-note'))).toContain('(45 min)');
    const chart = { setOption: jest.fn(), isDisposed: () => false };
    (fixture.componentInstance as unknown as { onInit(c: typeof chart): void }).onInit(chart);
    expect(chart.setOption).not.toHaveBeenCalled();
    frames.frame();
    expect(chart.setOption).toHaveBeenCalledTimes(1);
    expect((chart.setOption.mock.calls[0][0] as Option).series[0].data).toHaveLength(14);
  });

  it('shows 30 days when asked', async () => {
    const { fixture, el } = await render(() => of({ data: { gaitHistory: history([gaitDay(today())]) } }));
    const thirty = [...el.querySelectorAll('[role=group] button')].find(
      (b) => text(b) === '30 days',
    ) as HTMLButtonElement;
    thirty.click();
    await settled(fixture);
    expect(Date.parse(fetch.mock.lastCall![0].variables.from)).toBe(rangeStart(Date.now(), 30));
    expect(thirty.getAttribute('aria-pressed')).toBe('true');
  });

  it('says the archive is off, calmly', async () => {
    const { el } = await render(() => of({ data: undefined, error: codedError('ARCHIVE_UNAVAILABLE') }));
    expect(el.querySelector('[role=alert]')).toBeNull();
    expect(text(el.querySelector('[role=status]'))).toContain('Gait history needs the archive');
  });

  it('says another failure and tries again when asked', async () => {
    const { fixture, el } = await render(() => throwError(() => new Error('Server down')));
    expect(text(el.querySelector('[role=alert]'))).toContain('Server down');
    (el.querySelector('[role=alert] button') as HTMLButtonElement).click();
    await settled(fixture);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says when there are no days with figures yet', async () => {
    const { el } = await render(() => of({ data: { gaitHistory: history([], 0) } }));
    expect(text(el)).toContain('No gait figures in these days yet');
  });
});
