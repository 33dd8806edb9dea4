import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { signal } from '@angular/core';
import { AuthService } from '../../core/auth';
import { RecordingsPage } from './recordings.page';
import { RECORDING_FETCH } from './recording-fetch';
import type { FetchLike, RecordingReport } from './recording-upload';
import { ReplaysStore, type Replay } from './replays.store';
import { replay } from './testing';

const report: RecordingReport = {
  uploadId: 'u1',
  format: 'minimal',
  rows: 200,
  durationSeconds: 49.75,
  samplesPerSecond: 4,
  errorCount: 2,
  errors: [
    { line: 7, column: 3, message: 'L1: expected an integer 0..1023, got "x"' },
    { line: 9, column: 1, message: 'time: expected seconds or ISO 8601' },
  ],
};

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('RecordingsPage', () => {
  let fetch: jest.Mock<ReturnType<FetchLike>, Parameters<FetchLike>>;
  let store: {
    replays: ReturnType<typeof signal<Replay[]>>;
    loaded: ReturnType<typeof signal<boolean>>;
    error: ReturnType<typeof signal<string | null>>;
    busy: ReturnType<typeof signal<ReadonlySet<string>>>;
    start: jest.Mock;
    pause: jest.Mock;
    resume: jest.Mock;
    stop: jest.Mock;
  };

  function answer(status: number, body: unknown): void {
    fetch.mockResolvedValue({ ok: status < 300, status, json: () => Promise.resolve(body) });
  }

  async function render(canOperate = true) {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: RECORDING_FETCH, useValue: fetch },
        { provide: AuthService, useValue: { token: signal('op-token'), canOperate: signal(canOperate) } },
      ],
    });
    TestBed.overrideComponent(RecordingsPage, {
      set: { providers: [{ provide: ReplaysStore, useValue: store }] },
    });
    const fixture = TestBed.createComponent(RecordingsPage);
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const choose = async (file: File) => {
      const input = el.querySelector<HTMLInputElement>('input[type=file]')!;
      Object.defineProperty(input, 'files', { value: [file], configurable: true });
      input.dispatchEvent(new Event('change'));
      await flush();
      fixture.detectChanges();
      await fixture.whenStable();
    };
    return { fixture, el, choose };
  }

  const file = () => new File(['time,L0,L1,L2,R0,R1,R2\n'], 'walk-03.csv', { type: 'text/csv' });

  beforeEach(() => {
    fetch = jest.fn();
    store = {
      replays: signal<Replay[]>([]),
      loaded: signal(true),
      error: signal<string | null>(null),
      busy: signal<ReadonlySet<string>>(new Set()),
      start: jest.fn(() => Promise.resolve(replay({ id: 'new' }))),
      pause: jest.fn(),
      resume: jest.fn(),
      stop: jest.fn(),
    };
  });

  it('has a labelled file input inside a drop zone', async () => {
    const { el } = await render();
    const input = el.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(el.querySelector(`label[for=${input.id}]`)?.textContent).toMatch(/Choose a CSV file/);
    expect(input.closest('[data-testid=drop-zone]')).not.toBeNull();
    expect(el.textContent).toContain('No replays yet.');
  });

  it('uploads the chosen file with the token and shows the report with the first problems', async () => {
    answer(200, report);
    const { el, choose } = await render();
    await choose(file());
    expect(fetch.mock.calls[0]![1].headers).toMatchObject({ Authorization: 'Bearer op-token' });
    const figures = [...el.querySelectorAll('dl > div')].map((d) => [
      d.querySelector('dt')!.textContent!.trim(),
      d.querySelector('dd')!.textContent!.trim(),
    ]);
    expect(figures).toEqual([
      ['Rows', '200'],
      ['Duration', '0:50'],
      ['Sample rate', '4 Hz'],
      ['Problems', '2'],
    ]);
    const shown = el.querySelector('[data-testid=report]')!.textContent!.replace(/\s+/g, ' ');
    expect(shown).toContain('Line 7, column 3: L1: expected an integer 0..1023, got "x"');
    expect(el.querySelector<HTMLInputElement>('input[name=name]')!.value).toBe('walk-03');
  });

  it('replays the upload under the name and speed given, then offers a new upload', async () => {
    answer(200, report);
    const { fixture, el, choose } = await render();
    await choose(file());
    const name = el.querySelector<HTMLInputElement>('input[name=name]')!;
    name.value = 'Ada walk';
    name.dispatchEvent(new Event('input'));
    el.querySelectorAll<HTMLInputElement>('input[name=speed]')[2]!.click();
    fixture.detectChanges();
    el.querySelector('form')!.dispatchEvent(new Event('submit'));
    await flush();
    fixture.detectChanges();
    expect(store.start).toHaveBeenCalledWith('u1', 'Ada walk', 10);
    expect(el.querySelector('input[type=file]')).not.toBeNull();
  });

  it('cancels back to choosing a file', async () => {
    answer(200, report);
    const { fixture, el, choose } = await render();
    await choose(file());
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')!.click();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid=report]')).toBeNull();
    expect(store.start).not.toHaveBeenCalled();
  });

  it('shows how much of a big file is sent while it uploads', async () => {
    fetch.mockImplementation((_url, _init, onProgress) => {
      onProgress?.(0.4);
      return new Promise(() => undefined); // still on its way
    });
    const { el, choose } = await render();
    await choose(file());
    expect(el.querySelector('[role=status]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Uploading walk-03.csv… 40%',
    );
    expect(el.querySelector<HTMLProgressElement>('progress.upload')?.value).toBe(40);
  });

  it('says clearly when a viewer token is refused', async () => {
    answer(403, { code: 'FORBIDDEN', message: 'only operators upload recordings' });
    const { el, choose } = await render();
    await choose(file());
    const alert = el.querySelector('[role=alert]')!;
    expect(alert.textContent).toMatch(/Only operators can upload/);
    expect(el.querySelector('input[type=file]')).not.toBeNull();
  });

  it('uploads a dropped file', async () => {
    answer(200, report);
    const { fixture, el } = await render();
    const zone = el.querySelector('[data-testid=drop-zone]')!;
    const drop = new Event('drop', { cancelable: true }) as Event & { dataTransfer: unknown };
    drop.dataTransfer = { files: [file()] };
    zone.dispatchEvent(drop);
    await flush();
    fixture.detectChanges();
    expect(drop.defaultPrevented).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(el.querySelector('[data-testid=report]')).not.toBeNull();
  });

  it('lists every replay with its controls wired to the store', async () => {
    store.replays.set([replay({ id: 'a', state: 'PAUSED' }), replay({ id: 'b' })]);
    const { el } = await render();
    expect(el.querySelectorAll('pl-replay-item')).toHaveLength(2);
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Resume')!.click();
    [...el.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Pause')!.click();
    expect(store.resume).toHaveBeenCalledWith('a', null);
    expect(store.pause).toHaveBeenCalledWith('b');
  });

  it('shows a viewer the replays but neither the upload nor the controls', async () => {
    store.replays.set([replay({ id: 'a', state: 'PAUSED' }), replay({ id: 'b' })]);
    const { el } = await render(false);
    expect(el.querySelector('input[type=file]')).toBeNull();
    expect(el.querySelector('[data-testid=drop-zone]')).toBeNull();
    expect(el.querySelector('[data-testid=viewer-note]')?.textContent).toMatch(/takes an operator/);
    expect(el.querySelectorAll('pl-replay-item')).toHaveLength(2);
    expect(el.querySelectorAll('pl-replay-item progress')).toHaveLength(2);
    expect(el.querySelectorAll('button, select')).toHaveLength(0);
  });
});
