import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { episode } from '../../../testing/episodes';
import { fail, ok, reading } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed, type EpisodeEvent } from '../../core/episode-feed.service';
import {
  AcknowledgeEpisodeGQL,
  AddEpisodeNoteGQL,
  EpisodeReadingsGQL,
  PatientEpisodesGQL,
} from '../../graphql/generated';
import type { Episode } from '../../shared/episode';
import { EPISODES_RESYNC_MS, EpisodesStore } from './episodes.store';

function page(unacknowledged: Episode[], recent: Episode[], hasNextPage = false, totalCount = recent.length) {
  const edges = (list: Episode[]) => list.map((node) => ({ node }));
  return ok({
    unacknowledged: { totalCount: unacknowledged.length, edges: edges(unacknowledged) },
    recent: {
      totalCount,
      pageInfo: { hasNextPage, endCursor: hasNextPage ? 'c1' : null },
      edges: edges(recent),
    },
  });
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('EpisodesStore', () => {
  let events: Subject<EpisodeEvent>;
  let fetchEpisodes: jest.Mock;
  let fetchReadings: jest.Mock;
  let mutate: jest.Mock;
  let addNote: jest.Mock;
  const oldUnacked = episode({
    id: 'old',
    status: 'CLEARED_UNACKNOWLEDGED',
    startedAt: '2026-12-01T08:00:00Z',
  });
  const newAcked = episode({ id: 'new', status: 'CLEARED_ACKNOWLEDGED', startedAt: '2026-12-03T09:00:00Z' });

  beforeEach(() => {
    events = new Subject();
    fetchEpisodes = jest.fn(() => page([oldUnacked], [newAcked], true, 30));
    fetchReadings = jest.fn(() =>
      ok({
        episodes: {
          edges: [
            { node: { id: 'other', readings: { totalCount: 1, edges: [] } } },
            {
              node: {
                id: 'old',
                readings: {
                  totalCount: 120,
                  edges: [{ node: reading(1, 2000, undefined, 1) }, { node: reading(1, 1800, undefined, 3) }],
                },
              },
            },
          ],
        },
      }),
    );
    mutate = jest.fn(({ variables }: { variables: { id: string; note: string | null } }) =>
      ok({
        acknowledgeEpisode: episode({
          id: variables.id,
          status: 'CLEARED_ACKNOWLEDGED',
          acknowledgedBy: 'nurse',
          notes: variables.note ? [{ at: '2026-12-03T10:00:00Z', by: 'nurse', text: variables.note }] : [],
        }),
      }),
    );
    addNote = jest.fn(({ variables }: { variables: { id: string; text: string } }) =>
      ok({
        addEpisodeNote: episode({
          id: variables.id,
          status: 'CLEARED_ACKNOWLEDGED',
          acknowledgedBy: 'nurse',
          notes: [{ at: '2026-12-03T10:10:00Z', by: 'nurse-2', text: variables.text }],
        }),
      }),
    );
    TestBed.configureTestingModule({
      providers: [
        EpisodesStore,
        { provide: PatientEpisodesGQL, useValue: { fetch: fetchEpisodes } },
        { provide: EpisodeReadingsGQL, useValue: { fetch: fetchReadings } },
        { provide: AcknowledgeEpisodeGQL, useValue: { mutate } },
        { provide: AddEpisodeNoteGQL, useValue: { mutate: addNote } },
        {
          provide: EpisodeFeed,
          useValue: {
            forPatient: (id: number) => ({
              subscribe: (fn: (e: EpisodeEvent) => void) =>
                events.subscribe((e) => e.episode.patientId === id && fn(e)),
            }),
          },
        },
      ],
    });
  });

  it('lists an old unacknowledged episode before a newer acknowledged one', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    expect(store.loading()).toBe(false);
    expect(store.rows().map((e) => e.id)).toEqual(['old', 'new']);
    expect(store.unacknowledgedCount()).toBe(1);
    expect(store.totalCount()).toBe(30);
    expect(store.hasMore()).toBe(true);
  });

  it('pages back with the cursor and keeps the rows', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    fetchEpisodes.mockReturnValueOnce(
      page(
        [oldUnacked],
        [episode({ id: 'older', status: 'CLEARED_ACKNOWLEDGED', startedAt: '2026-11-30T08:00:00Z' })],
      ),
    );
    await store.loadOlder();
    expect(fetchEpisodes).toHaveBeenLastCalledWith(
      expect.objectContaining({ variables: { patientId: 1, first: 20, after: 'c1' } }),
    );
    expect(store.rows().map((e) => e.id)).toEqual(['old', 'new', 'older']);
    expect(store.hasMore()).toBe(false);
  });

  it('adds an episode the feed opens, on top, and updates one it changes', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    events.next({ type: 'OPENED', episode: episode({ id: 'live', startedAt: '2026-12-03T10:00:00Z' }) });
    events.next({ type: 'OPENED', episode: episode({ id: 'elsewhere', patientId: 2 }) });
    expect(store.rows().map((e) => e.id)).toEqual(['live', 'old', 'new']);
    expect(store.totalCount()).toBe(31);
    events.next({ type: 'ACKNOWLEDGED', episode: { ...oldUnacked, status: 'CLEARED_ACKNOWLEDGED' } });
    expect(store.rows().map((e) => e.id)).toEqual(['live', 'new', 'old']);
  });

  it('expands an episode to its own readings, newest first, and collapses it', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    expect(store.toggle('old')).toBe(true);
    expect(store.readings()?.loading).toBe(true);
    await flush();
    expect(fetchReadings).toHaveBeenCalledWith(
      expect.objectContaining({ variables: { patientId: 1, startedAt: oldUnacked.startedAt, first: 50 } }),
    );
    expect(store.readings()).toMatchObject({ id: 'old', totalCount: 120, loading: false });
    expect(store.readings()?.samples.map((s) => s.flags)).toEqual([1, 3]);
    expect(store.toggle('old')).toBe(false);
    expect(store.expanded()).toBeNull();
  });

  it('acknowledges with a trimmed note, or none when it is blank', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    expect(await store.acknowledge('old', '  seen, resting  ')).toBe(true);
    expect(mutate).toHaveBeenLastCalledWith({ variables: { id: 'old', note: 'seen, resting' } });
    expect(store.episode('old')?.status).toBe('CLEARED_ACKNOWLEDGED');
    expect(store.episode('old')?.notes[0]?.text).toBe('seen, resting');
    await store.acknowledge('new', '   ');
    expect(mutate).toHaveBeenLastCalledWith({ variables: { id: 'new', note: null } });
  });

  it('adds a trimmed note to an episode, and sends nothing for a blank one', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    expect(await store.addNote('old', '  family informed ')).toBe(true);
    expect(addNote).toHaveBeenLastCalledWith({ variables: { id: 'old', text: 'family informed' } });
    expect(store.episode('old')?.notes.map((n) => n.text)).toEqual(['family informed']);
    expect(store.noting()).toBeNull();
    expect(await store.addNote('old', '   ')).toBe(false);
    expect(addNote).toHaveBeenCalledTimes(1);
  });

  it('says why a note was not added, keeping the episode as it was', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    const before = store.episode('old');
    addNote.mockReturnValueOnce(fail('Note too long'));
    expect(await store.addNote('old', 'x')).toBe(false);
    expect(store.noteError()).toEqual({ id: 'old', message: 'Note too long' });
    expect(store.episode('old')).toBe(before);
  });

  it('says why an acknowledgement failed and reloads the list', async () => {
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    mutate.mockReturnValueOnce(fail('Already acknowledged by nurse-2'));
    expect(await store.acknowledge('old', '')).toBe(false);
    expect(store.ackError()).toEqual({ id: 'old', message: 'Already acknowledged by nurse-2' });
    expect(fetchEpisodes).toHaveBeenCalledTimes(2);
  });

  it('retries a failed first page by itself when the link comes up', async () => {
    fetchEpisodes.mockReturnValueOnce(fail('Server unreachable'));
    const store = TestBed.inject(EpisodesStore);
    store.connect(1);
    await flush();
    expect(store.error()).toBe('Server unreachable');
    expect(store.retryAt()).not.toBeNull();
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    await flush();
    expect(store.error()).toBeNull();
    expect(store.rows()).toHaveLength(2);
  });

  it('asks again on its own every few seconds, catching up an episode whose event never came', async () => {
    jest.useFakeTimers();
    try {
      const store = TestBed.inject(EpisodesStore);
      store.connect(1);
      await flush();
      fetchEpisodes.mockReturnValue(page([oldUnacked, episode({ id: 'missed' })], [newAcked], true, 31));
      jest.advanceTimersByTime(EPISODES_RESYNC_MS);
      await flush();
      expect(store.rows().map((e) => e.id)).toEqual(['missed', 'old', 'new']);
      expect(store.totalCount()).toBe(31);
    } finally {
      jest.useRealTimers();
    }
  });
});
