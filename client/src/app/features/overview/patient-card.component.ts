import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { formatAgo } from '../../shared/time-format';
import { InsolesComponent } from '../../shared/ui/insoles.component';
import { GaitStateBadgeComponent, gaitStateAria } from '../../shared/ui/gait-state-badge.component';
import { SourceBadgeComponent } from '../../shared/ui/source-badge.component';
import { episodeLabel, flaggedText } from './episode-label';
import type { PatientView } from './patient-view';

/** One patient of the card layout; its height is fixed (the virtual scroll sizes rows by it). */
@Component({
  selector: 'pl-patient-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, InsolesComponent, GaitStateBadgeComponent, SourceBadgeComponent],
  template: `
    @let c = card();
    <a
      class="card"
      [routerLink]="['/patients', c.id]"
      [attr.aria-label]="aria()"
      [attr.tabindex]="active() ? 0 : -1"
      [attr.data-patient-id]="c.id"
      [attr.data-reading-at]="c.lastReadingAt"
      [class.alert]="c.anomalyNow || c.priority === 0"
      [class.attention]="c.priority === 1"
    >
      <div class="head">
        <div class="who">
          <h2 class="name" [title]="c.name">{{ c.name }}</h2>
          <p class="meta muted">
            <span class="tabular">#{{ c.id }}</span>
            @if (c.age !== null) {
              <span>{{ c.age }} y</span>
            }
            @if (c.disabled) {
              <span class="tag">Disabled</span>
            }
            @if (c.gaitState) {
              <pl-gait-state-badge [state]="c.gaitState" [cadence]="c.cadence ?? null" />
            }
            @if (c.source) {
              <pl-source-badge [source]="c.source" />
            }
            @if (c.traceName) {
              <span class="trace" [title]="'Trace: ' + c.traceName">“{{ c.traceName }}”</span>
            }
          </p>
        </div>
        <span class="pill" [class]="c.status.kind" [title]="c.status.hint">{{ c.status.label }}</span>
      </div>
      <div class="body">
        <pl-insoles [sample]="c.sample" [compact]="true" aria-hidden="true" />
        <dl class="facts">
          <div>
            <dt>Flagged readings, 1 h</dt>
            <dd class="tabular">
              @if (c.anomaliesLastHour !== null) {
                {{ c.anomaliesLastHour }}
              } @else {
                <span class="muted" title="Counting…">…</span>
              }
            </dd>
          </div>
          <div>
            <dt>Last reading</dt>
            <dd class="tabular">
              @if (c.lastReadingAt !== null) {
                {{ time.time(c.lastReadingAt) }} <span class="ago" [class.old]="old()">{{ ago() }}</span>
              } @else {
                <span class="muted">none yet</span>
              }
            </dd>
          </div>
        </dl>
      </div>
      @if (episode(); as e) {
        <p class="banner" [class.seen]="c.unacknowledgedEpisodes === 0">
          <span aria-hidden="true">{{ c.unacknowledgedEpisodes ? '▲' : '●' }}</span> {{ e }}
        </p>
      } @else if (c.anomalyNow) {
        <p class="banner"><span aria-hidden="true">▲</span> Anomaly flagged now{{ flagged() }}</p>
      } @else {
        <p class="banner empty" aria-hidden="true"></p>
      }
    </a>
  `,
  styleUrl: './patient-card.component.css',
})
export class PatientCardComponent {
  readonly card = input.required<PatientView>();
  /** The one card of the list reached by Tab (roving focus; the arrow keys move it). */
  readonly active = input(false);

  protected readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);

  protected readonly episode = computed(() => episodeLabel(this.card()));
  protected readonly flagged = computed(() => flaggedText(this.card().flaggedSensors));

  protected readonly ago = computed(() => {
    const at = this.card().lastReadingAt;
    return at === null ? '' : formatAgo(at, Math.max(at, this.clock.now()));
  });

  /** Older than a live reading can be: said in the alarm colour, not shown as if live. */
  protected readonly old = computed(() => this.card().status.kind !== 'live');

  protected readonly aria = computed(() => {
    const c = this.card();
    return [
      c.name,
      `id ${c.id}`,
      c.status.label,
      c.gaitState ? gaitStateAria(c.gaitState, c.cadence ?? null) : '',
      this.episode() ?? '',
      c.anomalyNow ? `anomaly flagged now${this.flagged()}` : '',
      c.anomaliesLastHour === null ? '' : `${c.anomaliesLastHour} flagged readings in the last hour`,
      c.lastReadingAt !== null ? `last reading ${this.ago()}` : 'no reading yet',
      'open patient',
    ]
      .filter(Boolean)
      .join(', ');
  });
}
