import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Clock } from '../../core/clock';
import {
  HistoryExportLinkGQL,
  PatientHistoryGQL,
  PatientRangeSummaryGQL,
  type ExportKind,
  type PatientRangeSummaryQuery,
} from '../../graphql/generated';
import { QueryLoader } from '../../shared/query-loader';
import {
  EXPORT_MAX_MS,
  HISTORY_POINTS,
  presetSpan,
  type HistoryData,
  type RangeKey,
  type TimeSpan,
} from './history-range';

/** Wheel and drag zoom report every step; the finer history is asked once the zooming rests. */
export const ZOOM_SETTLE_MS = 300;

export type RangeStats = PatientRangeSummaryQuery['stats'];
export type RangeEpisode = PatientRangeSummaryQuery['episodes']['edges'][number]['node'];

export interface Loadable<T> {
  readonly loading: boolean;
  readonly error: string | null;
  readonly data: T | null;
}

const IDLE = { loading: false, error: null, data: null } as const;
const iso = (t: number) => new Date(t).toISOString();

/**
 * A patient's history over a chosen range: the range (a preset ending when it was chosen, or a
 * custom one), the part of it zoomed into, the view's downsampled `history` (asked again, finer,
 * for every zoom), the range's `stats` and episodes, and CSV export through a signed link.
 */
@Injectable()
export class HistoryStore {
  private readonly historyGql = inject(PatientHistoryGQL);
  private readonly summaryGql = inject(PatientRangeSummaryGQL);
  private readonly exportGql = inject(HistoryExportLinkGQL);
  private readonly clock = inject(Clock);

  private readonly historyLoader = new QueryLoader();
  private readonly summaryLoader = new QueryLoader();
  private patientId: number | null = null;
  private zoomTimer: ReturnType<typeof setTimeout> | null = null;

  readonly rangeKey = signal<RangeKey>('24h');
  /** The chosen range. */
  readonly range = signal<TimeSpan>(presetSpan('24h', Date.now()));
  /** What the charts show: the range, or the part of it zoomed into. */
  readonly view = signal<TimeSpan>(this.range());
  readonly history = signal<Loadable<HistoryData>>({ ...IDLE, loading: true });
  readonly summary = signal<Loadable<PatientRangeSummaryQuery>>({ ...IDLE, loading: true });
  readonly exporting = signal<ExportKind | null>(null);
  readonly exportError = signal<string | null>(null);

  readonly zoomed = computed(() => {
    const r = this.range();
    const v = this.view();
    return v.from > r.from || v.to < r.to;
  });
  readonly episodes = computed<readonly RangeEpisode[]>(
    () => this.summary().data?.episodes.edges.map((e) => e.node) ?? [],
  );
  readonly exportable = computed(() => {
    const r = this.range();
    return r.to - r.from <= EXPORT_MAX_MS;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancelZoom());
  }

  connect(patientId: number): void {
    this.patientId = patientId;
    this.exportError.set(null);
    this.load();
  }

  /** A preset range ending now. */
  choose(key: Exclude<RangeKey, 'custom'>): void {
    this.rangeKey.set(key);
    this.range.set(presetSpan(key, this.clock.now()));
    this.load();
  }

  chooseCustom(span: TimeSpan): void {
    this.rangeKey.set('custom');
    this.range.set(span);
    this.load();
  }

  /** The same range again: a preset moves on to end now. */
  refresh(): void {
    const key = this.rangeKey();
    if (key === 'custom') this.load();
    else this.choose(key);
  }

  /** Shows part of the range: the charts keep the coarse data until the finer history arrives. */
  zoomTo(span: TimeSpan, settle = true): void {
    const range = this.range();
    const next = { from: Math.max(range.from, span.from), to: Math.min(range.to, span.to) };
    if (next.to <= next.from) return;
    this.cancelZoom();
    this.view.set(next);
    if (!settle) {
      void this.loadHistory();
      return;
    }
    this.zoomTimer = setTimeout(() => {
      this.zoomTimer = null;
      void this.loadHistory();
    }, ZOOM_SETTLE_MS);
  }

  resetZoom(): void {
    this.zoomTo(this.range(), false);
  }

  /** Asks for a signed link to the range's CSV and hands it to the browser to download. */
  async download(kind: ExportKind): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null || this.exporting() !== null) return;
    const { from, to } = this.range();
    this.exporting.set(kind);
    this.exportError.set(null);
    const answer = await new QueryLoader().load(() =>
      this.exportGql.mutate({ variables: { patientId, from: iso(from), to: iso(to), kind } }),
    );
    this.exporting.set(null);
    if (answer === null) return;
    if (!answer.ok) {
      this.exportError.set(answer.error);
      return;
    }
    const link = answer.data.exportLink;
    if (!link) {
      this.exportError.set('The server gave no link');
      return;
    }
    startDownload(new URL(link.path, document.baseURI).href, link.fileName);
  }

  private load(): void {
    this.cancelZoom();
    this.view.set(this.range());
    void this.loadHistory(false);
    void this.loadSummary();
  }

  /** `keep`: a zoom keeps the coarser data on screen until the finer arrives; a new range does not. */
  private async loadHistory(keep = true): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const { from, to } = this.view();
    this.historyLoader.invalidate();
    this.history.update((h) => ({ loading: true, error: null, data: keep ? h.data : null }));
    const answer = await this.historyLoader.load(() =>
      this.historyGql.fetch({
        variables: { patientId, from: iso(from), to: iso(to), maxPoints: HISTORY_POINTS },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.history.set(
      answer.ok
        ? { loading: false, error: null, data: answer.data.history }
        : { loading: false, error: answer.error, data: null },
    );
  }

  private async loadSummary(): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const { from, to } = this.range();
    this.summaryLoader.invalidate();
    this.summary.set({ loading: true, error: null, data: null });
    const answer = await this.summaryLoader.load(() =>
      this.summaryGql.fetch({
        variables: { patientId, from: iso(from), to: iso(to) },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.summary.set(
      answer.ok
        ? { loading: false, error: null, data: answer.data }
        : { loading: false, error: answer.error, data: null },
    );
  }

  private cancelZoom(): void {
    if (this.zoomTimer !== null) clearTimeout(this.zoomTimer);
    this.zoomTimer = null;
  }
}

/** The browser's own download of a URL, under the given name (the server also names it). */
export function startDownload(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
