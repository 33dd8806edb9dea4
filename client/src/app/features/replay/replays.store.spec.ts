import { TestBed } from '@angular/core/testing';
import { Subject, of } from 'rxjs';
import { fail, ok } from '../../../testing/fakes';
import {
  PauseReplayGQL,
  ReplayProgressGQL,
  ReplaysGQL,
  ResumeReplayGQL,
  StartReplayGQL,
  StopReplayGQL,
} from '../../graphql/generated';
import { ReplaysStore, type Replay } from './replays.store';
import { replay } from './testing';

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('ReplaysStore', () => {
  let progress: Subject<{ data?: { replayProgress: Replay[] }; error?: unknown }>;
  let list: jest.Mock;
  let start: jest.Mock;
  let pause: jest.Mock;
  let resume: jest.Mock;
  let stop: jest.Mock;

  beforeEach(() => {
    progress = new Subject();
    list = jest.fn(() => ok({ replays: [replay({ id: 'old', startedAt: '2026-12-03T12:00:00.000Z' })] }));
    start = jest.fn(() =>
      ok({ startReplay: replay({ id: 'new', startedAt: '2026-12-03T13:30:00.000Z', sent: 0 }) }),
    );
    pause = jest.fn(() => ok({ pauseReplay: replay({ id: 'old', state: 'PAUSED' }) }));
    resume = jest.fn(() => ok({ resumeReplay: replay({ id: 'old', speed: 10 }) }));
    stop = jest.fn(() => fail('replay old is finished'));
    TestBed.configureTestingModule({
      providers: [
        ReplaysStore,
        { provide: ReplaysGQL, useValue: { fetch: list } },
        { provide: ReplayProgressGQL, useValue: { subscribe: () => progress } },
        { provide: StartReplayGQL, useValue: { mutate: start } },
        { provide: PauseReplayGQL, useValue: { mutate: pause } },
        { provide: ResumeReplayGQL, useValue: { mutate: resume } },
        { provide: StopReplayGQL, useValue: { mutate: stop } },
      ],
    });
  });

  it('lists the replays, then follows every progress message', async () => {
    const store = TestBed.inject(ReplaysStore);
    await flush();
    expect(store.loaded()).toBe(true);
    expect(store.replays().map((r) => r.id)).toEqual(['old']);
    progress.next({ data: { replayProgress: [replay({ id: 'old', sent: 120 })] } });
    expect(store.replays()[0]?.sent).toBe(120);
    progress.next({ data: { replayProgress: [] } });
    expect(store.replays()).toEqual([]);
  });

  it('keeps a progress message that came before the first list', async () => {
    const slow = new Subject<{ data: { replays: Replay[] } }>();
    list.mockReturnValue(slow);
    const store = TestBed.inject(ReplaysStore);
    progress.next({ data: { replayProgress: [replay({ id: 'old', sent: 150 })] } });
    slow.next({ data: { replays: [replay({ id: 'old', sent: 40 })] } });
    await flush();
    expect(store.replays().map((r) => r.sent)).toEqual([150]);
  });

  it('starts a replay and shows it first, at once', async () => {
    const store = TestBed.inject(ReplaysStore);
    await flush();
    const started = await store.start('u1', 'Ada walk', 2);
    expect(start).toHaveBeenCalledWith({ variables: { uploadId: 'u1', name: 'Ada walk', speed: 2 } });
    expect(started?.id).toBe('new');
    expect(store.replays().map((r) => r.id)).toEqual(['new', 'old']);
  });

  it('pauses and resumes at a new speed, showing the answer before the next message', async () => {
    const store = TestBed.inject(ReplaysStore);
    await flush();
    await store.pause('old');
    expect(store.replays()[0]?.state).toBe('PAUSED');
    await store.resume('old', 10);
    expect(resume).toHaveBeenCalledWith({ variables: { id: 'old', speed: 10 } });
    expect(store.replays()[0]).toMatchObject({ state: 'PLAYING', speed: 10 });
    expect(store.busy().size).toBe(0);
  });

  it('says why an action failed, and clears it after one that worked', async () => {
    const store = TestBed.inject(ReplaysStore);
    await flush();
    await store.stop('old');
    expect(store.error()).toBe('Could not stop the replay: replay old is finished');
    await store.pause('old');
    expect(store.error()).toBeNull();
  });

  it('says why a replay did not start', async () => {
    start.mockReturnValue(fail('this upload is no longer held'));
    const store = TestBed.inject(ReplaysStore);
    expect(await store.start('gone', 'x', 1)).toBeNull();
    expect(store.error()).toBe('The replay did not start: this upload is no longer held');
  });

  it('subscribes again after the subscription fails', async () => {
    jest.useFakeTimers();
    try {
      let subscribed = 0;
      TestBed.overrideProvider(ReplayProgressGQL, {
        useValue: {
          subscribe: () => {
            subscribed++;
            return subscribed === 1 ? of({ error: new Error('socket closed') }) : progress;
          },
        },
      });
      const store = TestBed.inject(ReplaysStore);
      jest.advanceTimersByTime(60_000);
      expect(subscribed).toBe(2);
      progress.next({ data: { replayProgress: [replay({ id: 'again' })] } });
      expect(store.replays().map((r) => r.id)).toEqual(['again']);
    } finally {
      jest.useRealTimers();
    }
  });
});
