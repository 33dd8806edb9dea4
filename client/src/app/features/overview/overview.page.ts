import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from '../../core/auth';
import { Clock } from '../../core/clock';
import { FirstScreen } from '../../core/first-screen';
import { OverviewFeed, BEHIND_AFTER_MS } from './overview-feed';
import {
  parseView,
  rememberLayout,
  rememberedLayout,
  viewParams,
  type OverviewView,
} from './overview-params';
import { OverviewStore } from './overview.store';
import { OverviewToolbarComponent } from './overview-toolbar.component';
import { TopPatientsPanelComponent } from './top-patients/top-patients-panel.component';
import { PatientCardComponent } from './patient-card.component';
import { PatientRowComponent } from './patient-row.component';
import type { PatientView } from './patient-view';
import { nextIndex } from './roving-index';
import { arrange, needsAttention } from './triage';

/** Heights in rem of what the virtual scroll lays out: one card row (card + gap), one table row. */
const CARD_REM = 15;
const CARD_GAP_REM = 1;
const CARD_MIN_WIDTH_REM = 21;
const ROW_REM = 3.2;

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

@Component({
  selector: 'pl-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ScrollingModule,
    PatientCardComponent,
    PatientRowComponent,
    OverviewToolbarComponent,
    TopPatientsPanelComponent,
  ],
  providers: [OverviewFeed, OverviewStore],
  host: {
    '[style.--card-h]': 'cardRem',
    '[style.--gap]': 'gapRem',
    '[style.--row-h]': 'rowRem',
    '[style.--cols]': 'columns()',
  },
  template: `
    <div class="title-row">
      <h1>Patients</h1>
      @if (store.loaded()) {
        <p class="muted summary">{{ summary() }}</p>
      }
    </div>
    <!-- Told when the count changes, not at every update of a patient. -->
    <p class="visually-hidden" aria-live="polite" aria-atomic="true">{{ attentionText() }}</p>
    @if (behind(); as s) {
      <p class="panel behind" role="status">
        <strong>This screen is {{ s }} s behind the live data.</strong> Values shown are older than they look.
      </p>
    }
    <!-- After the list: names and status are the first screen; the panel's code and its two queries wait. -->
    @defer (when store.loaded()) {
      <pl-top-patients-panel />
    }
    <pl-overview-toolbar [view]="shownView()" (changed)="change($event)" />
    @if (store.error(); as error) {
      @if (auth.rejected()) {
        <div class="panel state">
          <strong>Sign in to see the patients</strong>
          <span>Use the sign-in bar above.</span>
        </div>
      } @else {
        <div class="panel error" role="alert">
          <strong>Could not load the patient list.</strong>
          <span class="muted">{{ error }}</span>
          <button type="button" class="btn" (click)="store.refresh()">Try again</button>
        </div>
      }
    }
    @if (store.loading() && !store.loaded()) {
      <ul class="skeletons" aria-busy="true" aria-label="Loading patients">
        @for (i of placeholders; track i) {
          <li class="skeleton placeholder"></li>
        }
      </ul>
    } @else if (store.loaded() && store.patients().length === 0) {
      <div class="panel state">
        <strong>No patients are being monitored</strong>
        <span>Patients appear here as soon as the server polls their monitor.</span>
      </div>
    } @else if (store.loaded() && list().length === 0) {
      <div class="panel state">
        <strong>No patient matches</strong>
        <span>Change the search or the filters.</span>
      </div>
    } @else if (store.loaded()) {
      <div
        class="list"
        (keydown)="keydown($event)"
        (focusin)="focused($event)"
        [class.table]="layout() === 'table'"
      >
        @if (layout() === 'cards') {
          <cdk-virtual-scroll-viewport
            scrollWindow
            [itemSize]="itemPx()"
            [minBufferPx]="bufferPx()"
            [maxBufferPx]="bufferPx() * 2"
            role="list"
            aria-label="Patients"
          >
            <div class="card-row" *cdkVirtualFor="let row of cardRows(); trackBy: trackIndex">
              @for (p of row; track p.id) {
                <pl-patient-card
                  role="listitem"
                  [attr.aria-setsize]="list().length"
                  [attr.aria-posinset]="position().get(p.id)"
                  [card]="p"
                  [active]="p.id === activeId()"
                />
              }
            </div>
          </cdk-virtual-scroll-viewport>
        } @else {
          <div role="table" aria-label="Patients" [attr.aria-rowcount]="list().length + 1">
            <div role="row" aria-rowindex="1" class="head">
              <span role="columnheader">Patient</span>
              <span role="columnheader">Status</span>
              <span role="columnheader">Episode</span>
              <span role="columnheader">Last reading</span>
              <span role="columnheader">Load L / R %</span>
              <span role="columnheader">Feet</span>
            </div>
            <cdk-virtual-scroll-viewport
              scrollWindow
              role="rowgroup"
              [itemSize]="itemPx()"
              [minBufferPx]="bufferPx()"
              [maxBufferPx]="bufferPx() * 2"
            >
              <pl-patient-row
                *cdkVirtualFor="let p of list(); let i = index; trackBy: trackId"
                class="table-row"
                [patient]="p"
                [rowIndex]="i + 2"
                [active]="p.id === activeId()"
              />
            </cdk-virtual-scroll-viewport>
          </div>
        }
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      --columns: minmax(13rem, 2.4fr) 6.5rem minmax(11rem, 2fr) 7rem 7rem 6rem;
    }
    .title-row {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 1rem;
      flex-wrap: wrap;
      margin-bottom: 0.75rem;
    }
    h1 {
      font-size: 1.5rem;
      font-weight: 650;
    }
    .summary {
      margin: 0;
    }
    .behind {
      margin: 0 0 1rem;
      border-color: var(--stale);
      background: var(--stale-soft);
      color: var(--stale);
    }
    .skeletons {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 21rem), 1fr));
      gap: calc(var(--gap) * 1rem);
    }
    .placeholder {
      height: calc(var(--card-h) * 1rem);
    }
    .card-row {
      display: grid;
      grid-template-columns: repeat(var(--cols), minmax(0, 1fr));
      gap: calc(var(--gap) * 1rem);
      height: calc((var(--card-h) + var(--gap)) * 1rem);
      padding-bottom: calc(var(--gap) * 1rem);
    }
    .card-row pl-patient-card {
      height: 100%;
    }
    [role='table'] {
      background: var(--surface);
      border: 1px solid var(--line);
      border-radius: var(--radius);
      overflow: hidden;
    }
    .head {
      display: grid;
      grid-template-columns: var(--columns);
      gap: 0.75rem;
      padding: 0.5rem 0.9rem;
      border-bottom: 1px solid var(--line);
      background: var(--surface-2);
      font-size: 0.75rem;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: var(--ink-faint);
    }
    .table-row {
      height: calc(var(--row-h) * 1rem);
    }
    .error {
      display: flex;
      gap: 1rem;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 1rem;
      border-color: var(--flag);
    }
  `,
})
export class OverviewPage {
  protected readonly store = inject(OverviewStore);
  protected readonly auth = inject(AuthService);
  private readonly clock = inject(Clock);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly viewport = viewChild(CdkVirtualScrollViewport);

  protected readonly placeholders = [1, 2, 3, 4, 5, 6];
  protected readonly cardRem = CARD_REM;
  protected readonly gapRem = CARD_GAP_REM;
  protected readonly rowRem = ROW_REM;

  private readonly params = toSignal(this.route.queryParams.pipe(map((p) => p)), {
    initialValue: this.route.snapshot.queryParams,
  });
  /** A signal: choosing the default layout leaves the address as it was, so only this changes. */
  private readonly remembered = signal(rememberedLayout(storage()));
  protected readonly view = computed(() => parseView(this.params(), this.remembered()));
  /** What is typed, at once: the list filters as one types, the address follows. */
  private readonly query = linkedSignal(() => this.view().query);
  protected readonly shownView = computed<OverviewView>(() => ({ ...this.view(), query: this.query() }));
  protected readonly layout = computed(() => this.view().layout);

  /** Width of the list and the root font size in px, measured on resize. */
  private readonly size = signal({ width: 0, remPx: 16 });
  protected readonly columns = computed(() => {
    const { width, remPx } = this.size();
    const gap = CARD_GAP_REM * remPx;
    return Math.max(1, Math.floor((width + gap) / (CARD_MIN_WIDTH_REM * remPx + gap)));
  });
  protected readonly itemPx = computed(() => {
    const rem = this.size().remPx;
    return this.layout() === 'cards' ? (CARD_REM + CARD_GAP_REM) * rem : ROW_REM * rem;
  });
  /** About a screen above and below: scrolling shows drawn cards, not blank rows. */
  protected readonly bufferPx = computed(() =>
    Math.max(400, typeof innerHeight === 'number' ? innerHeight : 800),
  );

  protected readonly list = computed(() =>
    arrange(this.store.patients(), this.shownView(), this.view().sort, this.clock.now()),
  );
  protected readonly position = computed(() => new Map(this.list().map((p, i) => [p.id, i + 1])));
  protected readonly cardRows = computed(() => {
    const cols = this.columns();
    const list = this.list();
    const rows: PatientView[][] = [];
    for (let i = 0; i < list.length; i += cols) rows.push(list.slice(i, i + cols));
    return rows;
  });

  private readonly chosenId = signal<number | null>(null);
  /** The patient Tab reaches in the list: the one last moved to, else the first. */
  protected readonly activeId = computed(() => {
    const id = this.chosenId();
    return id !== null && this.position().has(id) ? id : (this.list()[0]?.id ?? null);
  });

  private readonly attention = computed(() => this.store.patients().filter(needsAttention).length);
  protected readonly attentionText = computed(() => {
    if (!this.store.loaded()) return '';
    const n = this.attention();
    return n === 0
      ? 'No patient needs attention'
      : n === 1
        ? '1 patient needs attention'
        : `${n} patients need attention`;
  });

  protected readonly behind = computed(() => {
    const ms = this.store.behindMs();
    return ms > BEHIND_AFTER_MS ? Math.round(ms / 1000) : null;
  });

  protected readonly summary = computed(() => {
    const all = this.store.patients();
    const live = all.filter((p) => p.status.kind === 'live').length;
    const shown = this.list().length;
    const attention = this.attention();
    return [
      `${all.length} patients`,
      `${live} live`,
      attention ? `${attention} need attention` : '',
      shown !== all.length ? `${shown} shown` : '',
    ]
      .filter(Boolean)
      .join(' · ');
  });

  protected readonly trackIndex = (i: number) => i;
  protected readonly trackId = (_: number, p: PatientView) => p.id;

  constructor() {
    // Names and status first: the alarm bar's first question waits until the list is drawn.
    const drawn = inject(FirstScreen).hold();
    const injector = inject(Injector);
    effect(() => {
      if (this.store.loaded() || this.store.error() !== null) afterNextRender(drawn, { injector });
    });
    inject(DestroyRef).onDestroy(drawn);
    const measure = () => {
      const remPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      const width = this.host.nativeElement.getBoundingClientRect().width;
      this.size.set({ width, remPx });
    };
    const observer = new ResizeObserver(measure);
    observer.observe(this.host.nativeElement);
    measure();
    inject(DestroyRef).onDestroy(() => observer.disconnect());
  }

  protected change(patch: Partial<OverviewView>): void {
    if (patch.query !== undefined) this.query.set(patch.query);
    const next = { ...this.shownView(), ...patch };
    if (patch.layout !== undefined) {
      rememberLayout(storage(), patch.layout);
      this.remembered.set(patch.layout);
    }
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: viewParams(next),
      queryParamsHandling: 'merge',
      // Typing and filtering are one view being adjusted, not pages to go back through.
      replaceUrl: true,
    });
  }

  protected focused(event: FocusEvent): void {
    const id = (event.target as HTMLElement).closest('[data-patient-id]')?.getAttribute('data-patient-id');
    if (id) this.chosenId.set(Number(id));
  }

  protected keydown(event: KeyboardEvent): void {
    const list = this.list();
    const current = this.position().get(this.activeId() ?? -1);
    if (current === undefined) return;
    const columns = this.layout() === 'cards' ? this.columns() : 1;
    const next = nextIndex(event.key, current - 1, list.length, columns);
    if (next === null) return;
    event.preventDefault();
    this.chosenId.set(list[next].id);
    this.focusPatient(list[next].id, this.layout() === 'cards' ? Math.floor(next / columns) : next);
  }

  /** Focuses a patient's card or row, scrolling it into the DOM first when it is not rendered. */
  private focusPatient(id: number, item: number): void {
    const find = () => this.host.nativeElement.querySelector<HTMLElement>(`[data-patient-id="${id}"]`);
    const now = find();
    if (now) {
      now.focus();
      return;
    }
    this.viewport()?.scrollToIndex(item);
    let frames = 0;
    const retry = () => {
      const el = find();
      if (el) el.focus();
      else if (frames++ < 10) requestAnimationFrame(retry);
    };
    requestAnimationFrame(retry);
  }
}
