import { TestBed } from '@angular/core/testing';
import { Subject, of } from 'rxjs';
import { fakeFrames } from '../../../../testing/fakes';
import { GaitDaysGQL, GaitLiveGQL, GaitWindowLiveGQL } from '../../../graphql/generated';
import { FrameQueue } from '../../../shared/frame-queue';
import { GAIT_FRAMES } from './gait-live.store';
import { GaitPanelComponent, symmetryVerdict } from './gait-panel.component';
import { codedError, liveSummary, windowSummary } from './testing';

type Result = { data?: unknown; error?: unknown };

describe('symmetryVerdict', () => {
  it('flags only what the server flagged', () => {
    expect(symmetryVerdict(1.02, false).kind).toBe('within');
    expect(symmetryVerdict(1.2, false)).toEqual({
      kind: 'outside',
      text: 'Outside 0.9–1.1, too little walking to flag',
    });
    expect(symmetryVerdict(1.2, true)).toEqual({ kind: 'flagged', text: 'Asymmetric: outside 0.9–1.1' });
    expect(symmetryVerdict(null, false).kind).toBe('none');
  });
});

describe('GaitPanelComponent', () => {
  let live: Subject<Result>;
  let windowed: Subject<Result>;
  let liveSubscribe: jest.Mock;
  let frames: ReturnType<typeof fakeFrames>;

  async function render() {
    live = new Subject();
    windowed = new Subject();
    liveSubscribe = jest.fn(() => live);
    frames = fakeFrames();
    TestBed.configureTestingModule({
      providers: [
        { provide: GaitLiveGQL, useValue: { subscribe: liveSubscribe } },
        { provide: GaitWindowLiveGQL, useValue: { subscribe: () => windowed } },
        {
          provide: GaitDaysGQL,
          useValue: {
            fetch: () =>
              of({
                data: {
                  gaitHistory: {
                    timeZone: 'UTC',
                    days: [
                      {
                        day: '2026-12-03',
                        walkingMinutes: 42,
                        steps: 4321,
                        bouts: 9,
                        cadence: 102,
                        stanceSI: 2,
                        strideRatio: 1,
                        minutesCovered: 600,
                      },
                    ],
                    baseline: {
                      days: 0,
                      walkingMinutesPerDay: null,
                      cadence: null,
                      stanceSI: null,
                      strideRatio: null,
                    },
                  },
                },
              }),
          },
        },
        { provide: GAIT_FRAMES, useValue: new FrameQueue(frames.raf, frames.caf) },
      ],
    });
    const fixture = TestBed.createComponent(GaitPanelComponent);
    fixture.componentRef.setInput('patientId', 2);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const push = async (l?: Result, w?: Result) => {
      if (l) live.next(l);
      if (w) windowed.next(w);
      frames.frame();
      await fixture.whenStable();
    };
    return { fixture, el, push };
  }

  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('shows a skeleton until the first figures arrive', async () => {
    const { el } = await render();
    expect(el.querySelector('[aria-busy=true]')?.getAttribute('aria-label')).toBe('Loading gait figures');
  });

  it('shows state, cadence, steps today, the ribbon and the 5 min symmetry', async () => {
    const { el, push } = await render();
    await push({ data: { gait: liveSummary() } }, { data: { gait: windowSummary() } });
    expect(liveSubscribe.mock.calls[0][0].variables).toEqual({ patientId: 2, window: 'THIRTY_SECONDS' });
    expect(text(el.querySelector('pl-gait-state-badge'))).toBe('Walking');
    expect(text(el.querySelector('[data-figure=cadence]'))).toBe('104');
    expect(el.querySelector('.now')?.getAttribute('aria-label')).toBe(
      'Walking, cadence 104 steps per minute',
    );
    expect(text(el.querySelector('[data-figure=steps-today]'))).toBe('4,321');
    expect(text(el.querySelector('.now'))).toContain('to the last full minute');
    expect(el.querySelectorAll('pl-contact-ribbon rect.bar')).toHaveLength(2);
    expect(text(el.querySelector('.sym'))).toContain('SI +3.3 % · ratio 1.03');
    expect(text(el.querySelector('.sym .verdict'))).toBe('Within 0.9–1.1');
    expect(el.querySelector('.stance')?.getAttribute('aria-label')).toContain('left 62 %, right 60 %');
    const dd = (term: string) =>
      text([...el.querySelectorAll('dt')].find((dt) => text(dt) === term)?.nextElementSibling);
    expect(dd('Double support')).toBe('22 %');
    expect(dd('Regularity')).toBe('0.81');
    expect(dd('Stride ratio L/R')).toBe('1.01');
    expect(text(el.querySelector('.quality'))).toContain('3.6 samples/s · coverage 98 % · confidence 90 %');
    expect(el.querySelector('.low')).toBeNull();
    expect(text(el.querySelector('.cv-note'))).toContain('Stride-time variability (CV) is not shown');
  });

  it('greys figures of low confidence and says so', async () => {
    const { el, push } = await render();
    await push({
      data: { gait: liveSummary({ quality: { samplesPerSecond: 1.2, coverage: 0.3, confidence: 0.2 } }) },
    });
    expect(el.querySelector('.now')?.classList).toContain('low');
    expect(el.querySelector('.now')?.getAttribute('aria-label')).toContain('low confidence');
    expect(text(el.querySelector('.quality'))).toContain('low confidence: figures greyed');
  });

  it('flags asymmetry only when the server did', async () => {
    const { el, push } = await render();
    const ratio = { stanceSI: 18, stanceRatio: 1.2, strideRatio: 1.1 };
    await push(undefined, { data: { gait: windowSummary({ symmetry: { ...ratio, flagged: false } }) } });
    await push({ data: { gait: liveSummary() } });
    expect(el.querySelector('.sym')?.classList).toContain('outside');
    await push(undefined, { data: { gait: windowSummary({ symmetry: { ...ratio, flagged: true } }) } });
    expect(el.querySelector('.sym')?.classList).toContain('flagged');
    expect(text(el.querySelector('.sym'))).toContain('Asymmetric');
  });

  it('says no cadence while standing', async () => {
    const { el, push } = await render();
    await push({ data: { gait: liveSummary({ state: 'STANDING', cadence: null }) } });
    expect(text(el.querySelector('pl-gait-state-badge'))).toBe('Standing');
    expect(el.querySelector('[data-figure=cadence]')).toBeNull();
    expect(text(el.querySelector('.now'))).toContain('not walking');
  });

  it('says calmly that gait is off on this server', async () => {
    const { el, push } = await render();
    await push({ error: codedError('FEATURE_OFF') });
    expect(el.querySelector('[role=alert]')).toBeNull();
    expect(text(el.querySelector('[role=status]'))).toContain('Gait analysis is switched off on this server');
  });

  it('says when the figures cannot be loaded, and tries again when asked', async () => {
    const { el, fixture } = await render();
    live.next({ error: new Error('Socket closed') });
    fixture.detectChanges();
    expect(text(el.querySelector('[role=alert]'))).toContain('Socket closed');
    // Asked at once, before the backoff's own retry (at least 250 ms away) is due.
    (el.querySelector('[role=alert] button') as HTMLButtonElement).click();
    expect(liveSubscribe).toHaveBeenCalledTimes(2);
  });
});
