import {
  DEFAULT_VIEW,
  LAYOUT_KEY,
  parseView,
  rememberLayout,
  rememberedLayout,
  viewParams,
} from './overview-params';

describe('overview params', () => {
  it('round-trips a view through the address', () => {
    const view = {
      query: 'kowalska',
      statuses: ['stale', 'live'] as const,
      disabled: 'yes' as const,
      openEpisode: true,
      sort: 'name' as const,
      layout: 'table' as const,
    };
    const params = viewParams({ ...view, statuses: [...view.statuses] });
    expect(params).toEqual({
      q: 'kowalska',
      status: 'live,stale',
      disabled: 'yes',
      episode: 'open',
      sort: 'name',
      view: 'table',
    });
    expect(parseView(params)).toEqual({ ...view, statuses: ['live', 'stale'] });
  });

  it('leaves defaults out of the address (null removes them)', () => {
    expect(Object.values(viewParams(DEFAULT_VIEW)).every((v) => v === null)).toBe(true);
  });

  it('opens an old or hand-edited link with defaults for what it cannot read', () => {
    expect(parseView({ sort: 'age', status: 'live,bogus', disabled: 'maybe', view: 'list' })).toEqual({
      ...DEFAULT_VIEW,
      statuses: ['live'],
    });
  });

  it('uses the remembered layout when the address names none, the address when it does', () => {
    expect(parseView({}, 'table').layout).toBe('table');
    expect(parseView({ view: 'cards' }, 'table').layout).toBe('cards');
  });

  it('remembers the layout, and survives a storage that refuses', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    rememberLayout(storage, 'table');
    expect(store.get(LAYOUT_KEY)).toBe('table');
    expect(rememberedLayout(storage)).toBe('table');
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(rememberedLayout(refusing)).toBeNull();
    expect(() => rememberLayout(refusing, 'cards')).not.toThrow();
  });
});
