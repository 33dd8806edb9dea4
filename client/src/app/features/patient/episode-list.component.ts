import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import {
  durationOf,
  isUnacknowledged,
  KIND_LABELS,
  sensorsText,
  SEVERITY_LABELS,
  STATUS_LABELS,
  type Episode,
} from '../../shared/episode';
import { flaggedSensors, SENSORS, type Sample } from '../../shared/sample';
import { formatDuration } from '../../shared/time-format';
import { EpisodesStore } from './episodes.store';

const COLUMNS = 6;

/**
 * The patient's episodes, unacknowledged first. A row's time button expands it to its notes and
 * readings (and the page shows the traces around it); "Acknowledge" opens an inline form with
 * an optional note: Enter submits it, Escape cancels, focus comes back to the row. An
 * acknowledged episode has "Add note" instead (the same inline form, the note required).
 */
@Component({
  selector: 'pl-episode-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (store.loading()) {
      <div class="skeleton rows" aria-busy="true" aria-label="Loading episodes"></div>
    } @else if (store.error() && rows().length === 0) {
      <!-- Calm, not an alert: the list fetches itself again, and nothing is lost meanwhile. -->
      <div class="state" role="status">
        <strong>Episodes are not available just now</strong>
        <span>
          @if (store.retryAt()) {
            Trying again by itself in a few seconds, and as soon as the connection is back.
          } @else {
            Trying again…
          }
        </span>
        <span class="muted detail">Server said: {{ store.error() }}</span>
        <button type="button" class="btn" (click)="store.refresh()">Try now</button>
      </div>
    } @else if (rows().length === 0) {
      <div class="state">
        <strong>No episodes recorded</strong>
        <span>Flagged readings and rule alarms will appear here as they happen.</span>
      </div>
    } @else {
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            Episodes, unacknowledged first. Choose a time to expand the episode: its readings, and the traces
            from 5 seconds before to 5 seconds after its start.
          </caption>
          <colgroup>
            <col class="c-started" />
            <col class="c-duration" />
            <col class="c-episode" />
            <col class="c-sensors" />
            <col class="c-status" />
            <col class="c-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Episode</th>
              <th scope="col">Sensors</th>
              <th scope="col">Status</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row.id) {
              <tr
                class="episode"
                [id]="'episode-' + row.id"
                [class.unack]="row.unacknowledged"
                [class.expanded]="row.expanded"
              >
                <td>
                  <button
                    type="button"
                    class="expand"
                    [id]="'episode-toggle-' + row.id"
                    [attr.aria-expanded]="row.expanded"
                    [attr.aria-controls]="row.expanded ? 'episode-detail-' + row.id : null"
                    [attr.aria-label]="row.expandLabel"
                    (click)="toggle.emit(row.episode)"
                  >
                    <span class="chevron" aria-hidden="true">{{ row.expanded ? '▾' : '▸' }}</span>
                    {{ row.time }}
                  </button>
                  @if (row.day !== today()) {
                    <span class="day">{{ row.day }}</span>
                  }
                </td>
                <td class="tabular">{{ row.duration }}</td>
                <td class="what">
                  <span class="sev" [class]="row.severityClass">{{ row.severity }}</span> {{ row.kind }}
                </td>
                <td class="sensors">{{ row.sensors }}</td>
                <td>
                  <span class="status" [class]="row.statusClass">
                    <span class="mark" aria-hidden="true">{{ row.unacknowledged ? '!' : '✓' }}</span>
                    {{ row.status }}
                  </span>
                  @if (row.acknowledgedBy) {
                    <span class="by">by {{ row.acknowledgedBy }}</span>
                  }
                </td>
                <td class="actions">
                  @if (row.unacknowledged && ackFor() !== row.id) {
                    <button
                      type="button"
                      class="btn ack"
                      [id]="'episode-ack-' + row.id"
                      (click)="startAck(row.id)"
                      [disabled]="store.acknowledging() === row.id"
                      [attr.aria-label]="'Acknowledge ' + row.expandLabel"
                    >
                      Acknowledge…
                    </button>
                  } @else if (!row.unacknowledged && ackFor() !== row.id) {
                    <button
                      type="button"
                      class="btn add-note"
                      [id]="'episode-add-note-' + row.id"
                      (click)="startAck(row.id)"
                      [disabled]="store.noting() === row.id"
                      [attr.aria-label]="'Add a note to ' + row.expandLabel"
                    >
                      Add note…
                    </button>
                  }
                </td>
              </tr>
              @if (ackFor() === row.id && !row.unacknowledged) {
                <tr class="ack-row">
                  <td [attr.colspan]="columns">
                    <form
                      class="ack-form"
                      (submit)="submitNote($event, row.id)"
                      (keydown.escape)="cancelNote(row.id)"
                    >
                      <label [for]="'episode-note-' + row.id">Note</label>
                      <input
                        #note
                        type="text"
                        maxlength="1000"
                        autocomplete="off"
                        required
                        [id]="'episode-note-' + row.id"
                        placeholder="e.g. family informed"
                        [value]="noteText()"
                        (input)="noteText.set(note.value)"
                      />
                      <button
                        type="submit"
                        class="btn primary"
                        [disabled]="store.noting() === row.id || noteText().trim() === ''"
                      >
                        {{ store.noting() === row.id ? 'Adding…' : 'Add note' }}
                      </button>
                      <button type="button" class="btn" (click)="cancelNote(row.id)">Cancel</button>
                      <span class="muted hint">Enter to add · Esc to cancel</span>
                    </form>
                  </td>
                </tr>
              }
              @if (store.noteError(); as failure) {
                @if (failure.id === row.id) {
                  <tr class="ack-error">
                    <td [attr.colspan]="columns" role="alert">Note not added: {{ failure.message }}</td>
                  </tr>
                }
              }
              @if (ackFor() === row.id && row.unacknowledged) {
                <tr class="ack-row">
                  <td [attr.colspan]="columns">
                    <form
                      class="ack-form"
                      (submit)="submitAck($event, row.id)"
                      (keydown.escape)="cancelAck(row.id)"
                    >
                      <label [for]="'episode-note-' + row.id"
                        >Note <span class="muted">(optional)</span></label
                      >
                      <input
                        #note
                        type="text"
                        maxlength="1000"
                        autocomplete="off"
                        [id]="'episode-note-' + row.id"
                        placeholder="e.g. seen; patient resting"
                        [value]="noteText()"
                        (input)="noteText.set(note.value)"
                      />
                      <button type="submit" class="btn primary" [disabled]="store.acknowledging() === row.id">
                        {{ store.acknowledging() === row.id ? 'Acknowledging…' : 'Acknowledge' }}
                      </button>
                      <button type="button" class="btn" (click)="cancelAck(row.id)">Cancel</button>
                      <span class="muted hint">Enter to acknowledge · Esc to cancel</span>
                    </form>
                  </td>
                </tr>
              }
              @if (store.ackError(); as failure) {
                @if (failure.id === row.id) {
                  <tr class="ack-error">
                    <td [attr.colspan]="columns" role="alert">Not acknowledged: {{ failure.message }}</td>
                  </tr>
                }
              }
              @if (row.expanded) {
                <tr class="detail" [id]="'episode-detail-' + row.id">
                  <td [attr.colspan]="columns">
                    @if (row.notes.length) {
                      <ul class="notes" aria-label="Notes">
                        @for (n of row.notes; track $index) {
                          <li>
                            <span class="muted tabular">{{ n.at }} · {{ n.by }}</span> {{ n.text }}
                          </li>
                        }
                      </ul>
                    }
                    @if (readings(); as r) {
                      @if (r.loading && r.rows.length === 0) {
                        <div
                          class="skeleton readings-skeleton"
                          aria-busy="true"
                          aria-label="Loading readings"
                        ></div>
                      } @else if (r.error) {
                        <p role="alert">Could not load the readings: {{ r.error }}</p>
                      } @else if (r.rows.length === 0) {
                        <p class="muted">No readings of this episode are stored any more.</p>
                      } @else {
                        <div class="readings-scroll">
                          <table class="readings">
                            <caption class="caption">
                              {{
                                r.caption
                              }}
                            </caption>
                            <thead>
                              <tr>
                                <th scope="col">Time</th>
                                <th scope="col">Flagged</th>
                                @for (s of sensors; track s.id) {
                                  <th scope="col" class="num" [title]="s.label">{{ s.name }}</th>
                                }
                              </tr>
                            </thead>
                            <tbody>
                              @for (reading of r.rows; track reading.t) {
                                <tr [class.selected]="reading.t === reviewAt()">
                                  <td>
                                    <button
                                      type="button"
                                      class="time"
                                      (click)="review.emit(reading.t)"
                                      [attr.aria-pressed]="reading.t === reviewAt()"
                                      [attr.aria-label]="'Show traces around ' + reading.label"
                                    >
                                      {{ reading.time }}
                                    </button>
                                  </td>
                                  <td class="flags">{{ reading.flagged }}</td>
                                  @for (cell of reading.cells; track $index) {
                                    <td class="num" [class.flagged]="cell.flagged">
                                      {{ cell.value }}
                                      @if (cell.flagged) {
                                        <span aria-label="flagged">▲</span>
                                      }
                                    </td>
                                  }
                                </tr>
                              }
                            </tbody>
                          </table>
                        </div>
                      }
                    }
                  </td>
                </tr>
              }
            }
          </tbody>
        </table>
      </div>
      <div class="footer">
        <span class="muted tabular">
          {{ store.unacknowledgedCount() }} not acknowledged · {{ rows().length }} of
          {{ store.totalCount() }} shown
        </span>
        @if (store.hasMore()) {
          <button type="button" class="btn" (click)="store.loadOlder()" [disabled]="store.loadingMore()">
            {{ store.loadingMore() ? 'Loading…' : 'Show older episodes' }}
          </button>
        }
      </div>
    }
    <p class="visually-hidden" role="status">{{ acknowledged() }}</p>
  `,
  styleUrl: './episode-list.component.css',
})
export class EpisodeListComponent {
  /** The reading the traces are centred on, if any. */
  readonly reviewAt = input<number | null>(null);
  readonly toggle = output<Episode>();
  readonly review = output<number>();

  protected readonly store = inject(EpisodesStore);
  private readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly sensors = SENSORS;
  protected readonly columns = COLUMNS;

  /** The episode whose acknowledge form is open. */
  protected readonly ackFor = signal<string | null>(null);
  protected readonly noteText = signal('');
  /** Said politely once an acknowledgement went through (the row changing is not enough to hear). */
  protected readonly acknowledged = signal('');
  private readonly noteInput = viewChild<ElementRef<HTMLInputElement>>('note');

  protected readonly today = computed(() => this.time.dateTime(this.clock.now()).slice(0, 10));

  protected readonly rows = computed(() => {
    const now = this.clock.now();
    const expanded = this.store.expanded();
    return this.store.rows().map((episode) => {
      const started = Date.parse(episode.startedAt);
      const kind = KIND_LABELS[episode.kind];
      const time = this.time.time(started);
      return {
        id: episode.id,
        episode,
        expanded: episode.id === expanded,
        unacknowledged: isUnacknowledged(episode),
        time,
        day: this.time.dateTime(started).slice(0, 10),
        duration: formatDuration(durationOf(episode, now)),
        kind,
        severity: SEVERITY_LABELS[episode.severity],
        severityClass: episode.severity.toLowerCase(),
        sensors: sensorsText(episode.sensors),
        status: STATUS_LABELS[episode.status],
        statusClass: 'status ' + episode.status.toLowerCase().replace('_', ' '),
        acknowledgedBy: episode.acknowledgedBy,
        expandLabel: `${SEVERITY_LABELS[episode.severity]} ${kind} episode started ${this.time.dateTime(started)}, ${STATUS_LABELS[episode.status]}`,
        notes: episode.notes.map((n) => ({ ...n, at: this.time.dateTime(Date.parse(n.at)) })),
      };
    });
  });

  protected readonly readings = computed(() => {
    const r = this.store.readings();
    if (r === null) return null;
    const rows = r.samples.map((s: Sample) => {
      const flagged = flaggedSensors(s);
      return {
        t: s.t,
        time: this.time.time(s.t, true).slice(0, -2),
        label: this.time.dateTime(s.t),
        flagged:
          flagged.length === 6
            ? 'all six'
            : flagged.length === 0
              ? '—'
              : flagged.map((f) => f.name).join(' '),
        // When every sensor is flagged the "Flagged" column says so; marking each cell is noise.
        cells: SENSORS.map((sensor) => ({
          value: s.v[sensor.id],
          flagged: flagged.length < 6 && flagged.includes(sensor),
        })),
      };
    });
    const caption =
      r.totalCount > rows.length
        ? `The ${rows.length} newest of ${r.totalCount} readings. Choose a time to centre the traces on it.`
        : `Its ${rows.length} readings, newest first. Choose a time to centre the traces on it.`;
    return { rows, caption, loading: r.loading, error: r.error };
  });

  constructor() {
    // The form takes the focus as it opens, so a keyboard user can type the note at once.
    effect(() => this.noteInput()?.nativeElement.focus());
  }

  protected startAck(id: string): void {
    this.noteText.set('');
    this.store.ackError.set(null);
    this.store.noteError.set(null);
    this.ackFor.set(id);
  }

  protected cancelAck(id: string): void {
    this.ackFor.set(null);
    this.focusLater(`episode-ack-${id}`);
  }

  protected async submitAck(event: Event, id: string): Promise<void> {
    event.preventDefault();
    const episode = this.store.episode(id);
    if (await this.store.acknowledge(id, this.noteText())) {
      this.ackFor.set(null);
      if (episode) {
        this.acknowledged.set(
          `Acknowledged: ${KIND_LABELS[episode.kind]} started ${this.time.time(Date.parse(episode.startedAt))}.`,
        );
      }
      // The acknowledge button is gone; the row's own button is where the keyboard carries on.
      this.focusLater(`episode-toggle-${id}`);
    }
    // On failure the form stays open with the note, to try again (unless someone else
    // acknowledged it meanwhile: then the reloaded row has no form).
  }

  protected cancelNote(id: string): void {
    this.ackFor.set(null);
    this.focusLater(`episode-add-note-${id}`);
  }

  protected async submitNote(event: Event, id: string): Promise<void> {
    event.preventDefault();
    const episode = this.store.episode(id);
    if (await this.store.addNote(id, this.noteText())) {
      this.ackFor.set(null);
      if (episode) {
        this.acknowledged.set(
          `Note added: ${KIND_LABELS[episode.kind]} started ${this.time.time(Date.parse(episode.startedAt))}.`,
        );
      }
      this.focusLater(`episode-add-note-${id}`);
    }
    // On failure the form stays open with the note, to try again.
  }

  /** Focuses an element of this list once the change that (re)creates it is rendered. */
  private focusLater(id: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(`[id="${id}"]`)?.focus(), {
      injector: this.injector,
    });
  }
}
