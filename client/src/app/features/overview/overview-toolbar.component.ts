import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  input,
  output,
  viewChild,
} from '@angular/core';
import type { Layout, OverviewView } from './overview-params';
import { STATUS_FILTERS, type SortKey, type StatusFilter } from './triage';

const STATUS_LABELS: Record<StatusFilter, string> = {
  live: 'Live',
  stale: 'Stale',
  failing: 'Failing',
  waiting: 'Waiting',
};

export const SORT_LABELS: Record<SortKey, string> = {
  triage: 'Attention first',
  name: 'Name',
  id: 'Id',
  'last-reading': 'Longest silent first',
  anomalies: 'Most flagged readings',
};

/** Find, filter, sort and layout of the overview; `/` anywhere on the page focuses the search. */
@Component({
  selector: 'pl-overview-toolbar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'shortcut($event)' },
  template: `
    @let v = view();
    <div class="bar" role="search">
      <label class="search">
        <span class="visually-hidden">Find a patient by name or id</span>
        <input
          #search
          type="search"
          placeholder="Name or id  ( / )"
          aria-keyshortcuts="/"
          autocomplete="off"
          spellcheck="false"
          [value]="v.query"
          (input)="changed.emit({ query: search.value })"
          (keydown.escape)="clearSearch($event)"
        />
      </label>
      <div class="group" role="group" aria-label="Status">
        @for (s of statuses; track s) {
          <button
            type="button"
            class="btn chip"
            [attr.aria-pressed]="v.statuses.includes(s)"
            (click)="toggleStatus(s)"
          >
            {{ statusLabels[s] }}
          </button>
        }
      </div>
      <label class="check">
        <input
          type="checkbox"
          [checked]="v.openEpisode"
          (change)="changed.emit({ openEpisode: !v.openEpisode })"
        />
        Open episode
      </label>
      <label class="field">
        <span>Disabled</span>
        <select
          #disabled
          class="disabled-select"
          [value]="v.disabled"
          (change)="changed.emit({ disabled: asDisabled(disabled.value) })"
        >
          <option value="any">any</option>
          <option value="yes">only disabled</option>
          <option value="no">not disabled</option>
        </select>
      </label>
      <label class="field">
        <span>Sort</span>
        <select
          #sort
          class="sort-select"
          [value]="v.sort"
          (change)="changed.emit({ sort: asSort(sort.value) })"
        >
          @for (k of sortKeys; track k) {
            <option [value]="k" [selected]="k === v.sort">{{ sortLabels[k] }}</option>
          }
        </select>
      </label>
      @if (filtered()) {
        <button type="button" class="btn" (click)="clearFilters()">Clear filters</button>
      }
      <div class="group layout" role="group" aria-label="Layout">
        @for (l of layouts; track l.value) {
          <button
            type="button"
            class="btn"
            [attr.aria-pressed]="v.layout === l.value"
            (click)="changed.emit({ layout: l.value })"
          >
            {{ l.label }}
          </button>
        }
      </div>
    </div>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      /* Tight enough for one line at 1280 px: a second line pushes the patients down. */
      gap: 0.5rem 0.75rem;
      margin-bottom: 1rem;
    }
    .search input {
      font: inherit;
      font-size: 0.95rem;
      width: clamp(10rem, 14vw, 24rem);
      padding: 0.4rem 0.7rem;
      border: 1px solid #b9c6d3;
      border-radius: 0.5rem;
      background: var(--surface);
      color: var(--ink);
    }
    .search input:focus-visible {
      box-shadow: var(--focus);
      border-color: var(--accent);
    }
    .group {
      display: inline-flex;
      gap: 0.3rem;
    }
    .chip {
      padding: 0.25rem 0.5rem;
    }
    .check,
    .field {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.9rem;
      color: var(--ink-soft);
    }
    select {
      padding: 0.3rem 0.4rem;
      border: 1px solid var(--line);
      border-radius: 0.4rem;
      background: var(--surface);
      color: var(--ink);
    }
    .layout {
      margin-left: auto;
    }
    /* Chromium sizes a select by its longest option plus a wide arrow box: fixed widths keep
       the bar on one line at 1280 px. */
    .disabled-select {
      width: 7.5rem;
    }
    .sort-select {
      width: 11rem;
    }
  `,
})
export class OverviewToolbarComponent {
  readonly view = input.required<OverviewView>();
  readonly changed = output<Partial<OverviewView>>();

  protected readonly statuses = STATUS_FILTERS;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly sortKeys = Object.keys(SORT_LABELS) as SortKey[];
  protected readonly sortLabels = SORT_LABELS;
  protected readonly layouts: readonly { value: Layout; label: string }[] = [
    { value: 'cards', label: 'Cards' },
    { value: 'table', label: 'Table' },
  ];

  private readonly search = viewChild.required<ElementRef<HTMLInputElement>>('search');

  protected readonly filtered = computed(() => {
    const v = this.view();
    return v.query !== '' || v.statuses.length > 0 || v.disabled !== 'any' || v.openEpisode;
  });

  protected shortcut(event: KeyboardEvent): void {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    // A "/" typed into a field is text, not the shortcut.
    if (target?.closest('input, textarea, select, [contenteditable]')) return;
    event.preventDefault();
    this.search().nativeElement.focus();
    this.search().nativeElement.select();
  }

  protected clearSearch(event: Event): void {
    if (this.view().query === '') return;
    event.preventDefault();
    this.changed.emit({ query: '' });
  }

  protected toggleStatus(s: StatusFilter): void {
    const current = this.view().statuses;
    this.changed.emit({
      statuses: current.includes(s) ? current.filter((x) => x !== s) : [...current, s],
    });
  }

  protected clearFilters(): void {
    this.changed.emit({ query: '', statuses: [], disabled: 'any', openEpisode: false });
  }

  protected asDisabled(v: string): OverviewView['disabled'] {
    return v === 'yes' || v === 'no' ? v : 'any';
  }

  protected asSort(v: string): SortKey {
    return (this.sortKeys as string[]).includes(v) ? (v as SortKey) : 'triage';
  }
}
