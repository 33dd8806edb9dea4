import type { Params } from '@angular/router';
import { SORT_KEYS, STATUS_FILTERS, type PatientFilter, type SortKey, type StatusFilter } from './triage';

export type Layout = 'cards' | 'table';

/** What the overview shows: all of it in the address, so a link or a reload keeps the view. */
export interface OverviewView extends PatientFilter {
  readonly sort: SortKey;
  readonly layout: Layout;
}

export const DEFAULT_VIEW: OverviewView = {
  query: '',
  statuses: [],
  disabled: 'any',
  openEpisode: false,
  sort: 'triage',
  layout: 'cards',
};

const one = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;

/**
 * The view a URL's query parameters ask for; anything unknown falls back to the default, so an
 * old or hand-edited link still opens. Without a layout in the URL, the one last chosen here.
 */
export function parseView(params: Params, rememberedLayout: Layout | null = null): OverviewView {
  const sort = one(params['sort']);
  const layout = one(params['view']);
  const disabled = one(params['disabled']);
  const statuses = (one(params['status']) ?? '')
    .split(',')
    .filter((s): s is StatusFilter => (STATUS_FILTERS as readonly string[]).includes(s));
  return {
    query: one(params['q']) ?? '',
    statuses: [...new Set(statuses)],
    disabled: disabled === 'yes' || disabled === 'no' ? disabled : 'any',
    openEpisode: one(params['episode']) === 'open',
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'triage',
    layout: layout === 'table' || layout === 'cards' ? layout : (rememberedLayout ?? 'cards'),
  };
}

/** Query parameters for a view: defaults left out (null removes them when merging). */
export function viewParams(view: OverviewView): Params {
  return {
    q: view.query.trim() || null,
    status: view.statuses.length ? STATUS_FILTERS.filter((s) => view.statuses.includes(s)).join(',') : null,
    disabled: view.disabled === 'any' ? null : view.disabled,
    episode: view.openEpisode ? 'open' : null,
    sort: view.sort === 'triage' ? null : view.sort,
    view: view.layout === 'table' ? 'table' : null,
  };
}

export const LAYOUT_KEY = 'plantar.overview.layout';

export function rememberedLayout(storage: Pick<Storage, 'getItem'> | undefined): Layout | null {
  try {
    const v = storage?.getItem(LAYOUT_KEY);
    return v === 'table' || v === 'cards' ? v : null;
  } catch {
    return null; // storage refused (private mode, policy): the default layout then
  }
}

export function rememberLayout(storage: Pick<Storage, 'setItem'> | undefined, layout: Layout): void {
  try {
    storage?.setItem(LAYOUT_KEY, layout);
  } catch {
    // Not remembered; the URL still carries it.
  }
}
