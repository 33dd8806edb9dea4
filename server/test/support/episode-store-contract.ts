import {
  episodeId,
  episodeStatus,
  type EpisodeCore,
  type EpisodeKind,
  type EpisodeStatus,
} from '../../src/episodes/episode';
import type { EpisodeEvent, EpisodeStore } from '../../src/episodes/episode-store';

export function core(
  patientId: number,
  startedAt: number,
  overrides: Partial<EpisodeCore> = {},
  kind: EpisodeKind = 'ANOMALY',
): EpisodeCore {
  return {
    id: episodeId(patientId, kind, startedAt),
    patientId,
    kind,
    severity: 'HIGH',
    startedAt,
    lastFlaggedAt: startedAt + 1000,
    endedAt: null,
    readingCount: 5,
    sensors: ['L0', 'R2'],
    peak: 1023,
    ...overrides,
  };
}

/**
 * The next event of `events`, made to happen by `act`. Subscribing is lazy and, on Redis,
 * confirmed asynchronously: `act` (which must be repeatable) runs until the event is heard.
 */
export async function nextEventOf(
  events: AsyncIterableIterator<EpisodeEvent>,
  act: () => Promise<unknown>,
): Promise<EpisodeEvent> {
  const next = events.next();
  let heard = false;
  void next.then(() => (heard = true));
  const deadline = Date.now() + 10_000;
  while (!heard && Date.now() < deadline) {
    await act();
    await Promise.race([next, new Promise((r) => setTimeout(r, 20))]);
  }
  return (await next).value as EpisodeEvent;
}

type Action = 'clear' | 'acknowledge' | 'realarm' | 'update' | 'note';

/** The behaviour every EpisodeStore engine must show; one spec per engine calls it. */
export function describeEpisodeStoreContract(
  name: string,
  open: () => Promise<{ store: EpisodeStore; dispose: () => Promise<void> }>,
): void {
  describe(`EpisodeStore contract: ${name}`, () => {
    let store: EpisodeStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(() => dispose());

    it('stores an opened episode as active and unacknowledged, and publishes it', async () => {
      const events = store.subscribe([7]);
      try {
        const opened = core(7, 1000);
        const event = await nextEventOf(events, () =>
          store.record({ patientId: 7, changes: [{ core: opened, event: 'OPENED' }], state: undefined }),
        );
        expect(event).toEqual({ type: 'OPENED', episode: { ...opened, acknowledgement: null, notes: [] } });
        const stored = (await store.get(opened.id))!;
        expect(episodeStatus(stored)).toBe('ACTIVE_UNACKNOWLEDGED');
        expect((await store.active([7, 8])).get(7)?.map((e) => e.id)).toEqual([opened.id]);
        expect(await store.unacknowledgedCounts([7, 8])).toEqual(new Map([[7, 1]]));
      } finally {
        await events.return?.();
      }
    });

    it('keeps a cleared episode unacknowledged until someone acknowledges it (latching)', async () => {
      const open = core(7, 1000);
      await store.record({ patientId: 7, changes: [{ core: open, event: 'OPENED' }], state: undefined });
      const cleared = { ...open, endedAt: 9000, readingCount: 12 };
      await store.record({ patientId: 7, changes: [{ core: cleared, event: 'CLEARED' }], state: undefined });
      const stored = (await store.get(open.id))!;
      expect(stored).toMatchObject({ endedAt: 9000, readingCount: 12 });
      expect(episodeStatus(stored)).toBe('CLEARED_UNACKNOWLEDGED');
      expect(await store.active([7])).toEqual(new Map());
      expect(await store.unacknowledgedCounts([7])).toEqual(new Map([[7, 1]]));
    });

    it('acknowledges once, with who, when and a note; refuses unknown and repeated acknowledgements', async () => {
      const open = core(7, 1000);
      await store.record({ patientId: 7, changes: [{ core: open, event: 'OPENED' }], state: undefined });
      const events = store.subscribe('all');
      try {
        // The acknowledgement itself cannot be repeated to confirm the subscription; a note can.
        await nextEventOf(events, () => store.addNote(open.id, { at: 1500, by: 'probe', text: 'probe' }));
        const pending = events.next();
        const result = await store.acknowledge(open.id, 'nurse-ann', 2000, 'seen, patient resting');
        expect(result.kind).toBe('acknowledged');
        let event = (await pending).value as EpisodeEvent;
        while (event.type !== 'ACKNOWLEDGED') event = (await events.next()).value as EpisodeEvent;
        expect(event.episode.acknowledgement).toEqual({ at: 2000, by: 'nurse-ann' });
        expect(event.episode.notes.map((n) => n.text)).toContain('seen, patient resting');
      } finally {
        await events.return?.();
      }
      const again = await store.acknowledge(open.id, 'nurse-bob', 3000);
      expect(again.kind).toBe('already-acknowledged');
      const stored = (await store.get(open.id))!;
      expect(stored.acknowledgement).toEqual({ at: 2000, by: 'nurse-ann' });
      expect(episodeStatus(stored)).toBe('ACTIVE_ACKNOWLEDGED');
      expect(await store.unacknowledgedCounts([7])).toEqual(new Map());
      expect((await store.acknowledge(episodeId(7, 'ANOMALY', 555), 'x', 1)).kind).toBe('not-found');
      expect((await store.acknowledge('not-an-id', 'x', 1)).kind).toBe('not-found');
    });

    it("never lets the detector's later writes undo an acknowledgement, nor a replayed OPENED re-alarm it", async () => {
      const open = core(7, 1000);
      await store.record({ patientId: 7, changes: [{ core: open, event: 'OPENED' }], state: undefined });
      await store.acknowledge(open.id, 'nurse-ann', 2000);
      await store.record({
        patientId: 7,
        changes: [{ core: { ...open, readingCount: 40 }, event: 'UPDATED' }],
        state: undefined,
      });
      await store.record({ patientId: 7, changes: [{ core: open, event: 'OPENED' }], state: undefined });
      const stored = (await store.get(open.id))!;
      expect(stored.acknowledgement).toEqual({ at: 2000, by: 'nurse-ann' });
      expect(await store.unacknowledgedCounts([7])).toEqual(new Map());
    });

    it('re-alarms an acknowledged episode that stays active, and only such', async () => {
      const longOne = core(7, 1000);
      const ackedLate = core(7, 2000, {}, 'FLATLINE');
      const cleared = core(7, 3000, { endedAt: 4000 }, 'SPIKE');
      for (const c of [longOne, ackedLate, cleared]) {
        await store.record({ patientId: 7, changes: [{ core: c, event: 'OPENED' }], state: undefined });
      }
      await store.acknowledge(longOne.id, 'ann', 5000, 'watching');
      await store.acknowledge(ackedLate.id, 'ann', 9000);
      await store.acknowledge(cleared.id, 'ann', 5000);
      const realarmed = await store.realarm([longOne.id, ackedLate.id, cleared.id, 'junk'], 6000);
      expect(realarmed.map((e) => e.id)).toEqual([longOne.id]);
      expect(realarmed[0]!.notes.map((n) => n.text)).toEqual(['watching']);
      expect(episodeStatus((await store.get(longOne.id))!)).toBe('ACTIVE_UNACKNOWLEDGED');
      expect(await store.unacknowledgedCounts([7])).toEqual(new Map([[7, 1]]));
      expect(await store.realarm([longOne.id], 6000)).toEqual([]); // nothing to take back now
    });

    /**
     * Every status × every action, against the lifecycle table: acknowledging latches, clearing keeps
     * the acknowledgement, re-alarm takes back only the acknowledgement of an episode still active,
     * a note never changes the status. `refused`: the action answered that nothing changed.
     */
    const TRANSITIONS: readonly (readonly [EpisodeStatus, Action, EpisodeStatus | 'refused'])[] = [
      ['ACTIVE_UNACKNOWLEDGED', 'clear', 'CLEARED_UNACKNOWLEDGED'],
      ['ACTIVE_UNACKNOWLEDGED', 'acknowledge', 'ACTIVE_ACKNOWLEDGED'],
      ['ACTIVE_UNACKNOWLEDGED', 'realarm', 'refused'],
      ['ACTIVE_UNACKNOWLEDGED', 'update', 'ACTIVE_UNACKNOWLEDGED'],
      ['ACTIVE_UNACKNOWLEDGED', 'note', 'ACTIVE_UNACKNOWLEDGED'],
      ['ACTIVE_ACKNOWLEDGED', 'clear', 'CLEARED_ACKNOWLEDGED'],
      ['ACTIVE_ACKNOWLEDGED', 'acknowledge', 'refused'],
      ['ACTIVE_ACKNOWLEDGED', 'realarm', 'ACTIVE_UNACKNOWLEDGED'],
      ['ACTIVE_ACKNOWLEDGED', 'update', 'ACTIVE_ACKNOWLEDGED'],
      ['ACTIVE_ACKNOWLEDGED', 'note', 'ACTIVE_ACKNOWLEDGED'],
      ['CLEARED_UNACKNOWLEDGED', 'acknowledge', 'CLEARED_ACKNOWLEDGED'],
      ['CLEARED_UNACKNOWLEDGED', 'realarm', 'refused'],
      ['CLEARED_UNACKNOWLEDGED', 'clear', 'CLEARED_UNACKNOWLEDGED'],
      ['CLEARED_UNACKNOWLEDGED', 'note', 'CLEARED_UNACKNOWLEDGED'],
      ['CLEARED_ACKNOWLEDGED', 'acknowledge', 'refused'],
      ['CLEARED_ACKNOWLEDGED', 'realarm', 'refused'],
      ['CLEARED_ACKNOWLEDGED', 'clear', 'CLEARED_ACKNOWLEDGED'],
      ['CLEARED_ACKNOWLEDGED', 'note', 'CLEARED_ACKNOWLEDGED'],
    ];

    it.each(TRANSITIONS)('lifecycle: %s, then %s: %s', async (from, action, to) => {
      const open = core(7, 1000);
      const record = (c: EpisodeCore, event: 'OPENED' | 'UPDATED' | 'CLEARED') =>
        store.record({ patientId: 7, changes: [{ core: c, event }], state: undefined });
      await record(open, 'OPENED');
      if (from.endsWith('_ACKNOWLEDGED')) await store.acknowledge(open.id, 'ann', 2000);
      if (from.startsWith('CLEARED')) await record({ ...open, endedAt: 3000 }, 'CLEARED');
      expect(episodeStatus((await store.get(open.id))!)).toBe(from);

      let refused = false;
      if (action === 'clear') await record({ ...open, endedAt: 4000 }, 'CLEARED');
      else if (action === 'update') await record({ ...open, readingCount: 9 }, 'UPDATED');
      else if (action === 'note') await store.addNote(open.id, { at: 4000, by: 'bob', text: 'turned' });
      else if (action === 'acknowledge')
        refused = (await store.acknowledge(open.id, 'bob', 4000)).kind !== 'acknowledged';
      else refused = (await store.realarm([open.id], 5000)).length === 0;

      const after = (await store.get(open.id))!;
      expect(refused ? 'refused' : episodeStatus(after)).toBe(to);
      // A refused action changes nothing; an accepted one only what the table says.
      expect(episodeStatus(after)).toBe(refused ? from : to);
      expect((await store.unacknowledgedCounts([7])).get(7) ?? 0).toBe(after.acknowledgement ? 0 : 1);
      expect((await store.active([7])).has(7)).toBe(after.endedAt === null);
    });

    it('lists newest first with filters, totals and cursors', async () => {
      const episodes = [
        core(1, 1000),
        core(1, 2000, { endedAt: 2500 }, 'SPIKE'),
        core(2, 3000, {}, 'NO_DATA'),
        core(2, 4000, { endedAt: 4100 }),
        core(3, 5000, {}, 'FLATLINE'),
      ];
      for (const c of episodes) {
        await store.record({
          patientId: c.patientId,
          changes: [{ core: c, event: 'OPENED' }],
          state: undefined,
        });
      }
      await store.acknowledge(episodes[3]!.id, 'ann', 6000);
      const ids = (page: { items: readonly { id: string }[] }) => page.items.map((e) => e.id);
      const all = await store.list({ first: 10 });
      expect(ids(all)).toEqual([...episodes].reverse().map((e) => e.id));
      expect(all.total).toBe(5);
      const first = await store.list({ first: 2 });
      expect(first.hasNextPage).toBe(true);
      const second = await store.list({ first: 2, after: first.items[1]! });
      expect(ids(second)).toEqual([episodes[2]!.id, episodes[1]!.id]);
      const last = await store.list({ first: 2, after: second.items[1]! });
      expect(ids(last)).toEqual([episodes[0]!.id]);
      expect(last.hasNextPage).toBe(false);
      expect(ids(await store.list({ first: 10, patientIds: [2] }))).toEqual([
        episodes[3]!.id,
        episodes[2]!.id,
      ]);
      const unacked = await store.list({
        first: 10,
        statuses: ['ACTIVE_UNACKNOWLEDGED', 'CLEARED_UNACKNOWLEDGED'],
      });
      expect(unacked.total).toBe(4);
      expect(ids(await store.list({ first: 10, statuses: ['CLEARED_ACKNOWLEDGED'] }))).toEqual([
        episodes[3]!.id,
      ]);
      expect(ids(await store.list({ first: 10, kinds: ['SPIKE', 'FLATLINE'] }))).toEqual([
        episodes[4]!.id,
        episodes[1]!.id,
      ]);
      expect(ids(await store.list({ first: 10, from: 2000, to: 3000 }))).toEqual([
        episodes[2]!.id,
        episodes[1]!.id,
      ]);
    });

    it('adds notes to any episode and keeps them in order', async () => {
      const open = core(7, 1000);
      await store.record({ patientId: 7, changes: [{ core: open, event: 'OPENED' }], state: undefined });
      await store.addNote(open.id, { at: 1100, by: 'ann', text: 'first' });
      const episode = await store.addNote(open.id, { at: 1200, by: 'bob', text: 'second' });
      expect(episode?.notes).toEqual([
        { at: 1100, by: 'ann', text: 'first' },
        { at: 1200, by: 'bob', text: 'second' },
      ]);
      expect(await store.addNote(episodeId(9, 'ANOMALY', 1), { at: 1, by: 'x', text: 'y' })).toBeUndefined();
    });

    it("keeps each patient's detector state, written with its changes", async () => {
      expect(await store.detectorStates([7])).toEqual(new Map());
      await store.record({ patientId: 7, changes: [], state: { pending: { since: 1000 }, list: [1, 2] } });
      await store.record({ patientId: 7, changes: [{ core: core(7, 1000), event: null }], state: undefined });
      expect(await store.detectorStates([7, 8])).toEqual(
        new Map([[7, { pending: { since: 1000 }, list: [1, 2] }]]),
      );
    });
  });
}
