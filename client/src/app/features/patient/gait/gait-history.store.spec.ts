import { TestBed } from '@angular/core/testing';
import { Subject, of } from 'rxjs';
import { GaitDaysGQL } from '../../../graphql/generated';
import { GaitHistoryStore } from './gait-history.store';
import { codedError } from './testing';

const answer = (steps: number) => ({
  data: {
    gaitHistory: {
      timeZone: 'UTC',
      days: [],
      baseline: { days: steps, walkingMinutesPerDay: null, cadence: null, stanceSI: null, strideRatio: null },
    },
  },
});

describe('GaitHistoryStore', () => {
  function setup(fetch: jest.Mock) {
    TestBed.configureTestingModule({
      providers: [GaitHistoryStore, { provide: GaitDaysGQL, useValue: { fetch } }],
    });
    return TestBed.inject(GaitHistoryStore);
  }

  it('keeps only the answer to the newest question', async () => {
    const first = new Subject<ReturnType<typeof answer>>();
    const fetch = jest
      .fn()
      .mockReturnValueOnce(first)
      .mockReturnValueOnce(of(answer(2)));
    const store = setup(fetch);
    store.connect(1);
    store.choose(30);
    await Promise.resolve();
    await Promise.resolve();
    first.next(answer(1));
    await Promise.resolve();
    const state = store.state();
    expect(state.kind === 'ok' && state.data.baseline.days).toBe(2);
  });

  it('tells the archive being off apart from other failures', async () => {
    const store = setup(
      jest.fn(() => of({ data: undefined, error: codedError('ARCHIVE_UNAVAILABLE', 'off') })),
    );
    store.connect(1);
    await store.load();
    expect(store.state()).toEqual({ kind: 'archive-off', message: 'off' });
  });
});
