import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Clock } from '../../core/clock';
import { formatAgo } from '../../shared/time-format';
import { InsolesComponent } from '../../shared/ui/insoles.component';
import { GaitStateBadgeComponent } from '../../shared/ui/gait-state-badge.component';
import { SourceBadgeComponent } from '../../shared/ui/source-badge.component';
import { episodeLabel, flaggedText } from './episode-label';
import type { PatientView } from './patient-view';

/**
 * One patient of the dense table layout: a row of ARIA cells (the virtual scroll only renders
 * the rows on screen, which a native table's layout does not allow), the whole row one link.
 */
@Component({
  selector: 'pl-patient-row',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, InsolesComponent, GaitStateBadgeComponent, SourceBadgeComponent],
  host: { role: 'row', '[attr.aria-rowindex]': 'rowIndex()' },
  template: `
    @let p = patient();
    <a
      class="row"
      [routerLink]="['/patients', p.id]"
      [attr.tabindex]="active() ? 0 : -1"
      [attr.data-patient-id]="p.id"
      [attr.data-reading-at]="p.lastReadingAt"
      [class.alert]="p.anomalyNow || p.priority === 0"
      [class.attention]="p.priority === 1"
    >
      <span role="cell" class="name">
        <strong [title]="p.name">{{ p.name }}</strong>
        <!-- The leading space keeps "Name #7" apart when read out as one cell. -->
        <span class="muted tabular">&#32;#{{ p.id }}</span>
        @if (p.gaitState) {
          <pl-gait-state-badge [state]="p.gaitState" [cadence]="p.cadence ?? null" />
        }
        @if (p.disabled) {
          <span class="tag">Disabled</span>
        }
        @if (p.source) {
          <pl-source-badge [source]="p.source" />
        }
      </span>
      <span role="cell"
        ><span class="pill" [class]="p.status.kind" [title]="p.status.hint">{{ p.status.label }}</span></span
      >
      <span role="cell" class="episode" [class.unseen]="p.unacknowledgedEpisodes > 0">
        @if (episode(); as e) {
          <span aria-hidden="true">{{ p.unacknowledgedEpisodes ? '▲' : '●' }}</span> {{ e }}
        } @else if (p.anomalyNow) {
          <span aria-hidden="true">▲</span> anomaly now{{ flagged() }}
        } @else {
          <span class="muted">–</span>
        }
      </span>
      <span role="cell" class="tabular age" [class.old]="p.status.kind !== 'live'">
        {{ p.lastReadingAt === null ? 'none yet' : ago() }}
      </span>
      <span role="cell" class="tabular share">{{ share() }}</span>
      <span role="cell" class="feet"
        ><pl-insoles [sample]="p.sample" [compact]="true" aria-hidden="true"
      /></span>
    </a>
  `,
  styles: `
    :host {
      display: block;
      height: 100%;
    }
    .row {
      display: grid;
      grid-template-columns: var(--columns);
      align-items: center;
      gap: 0.75rem;
      height: 100%;
      padding: 0 0.9rem;
      border-bottom: 1px solid var(--line);
      background: var(--surface);
      color: inherit;
      text-decoration: none;
      font-size: 0.92rem;
    }
    .row:hover {
      background: var(--surface-2);
    }
    .row:focus-visible {
      border-radius: 0;
      box-shadow: inset var(--focus);
    }
    .row.alert {
      box-shadow: inset 0.3rem 0 0 var(--flag);
    }
    .row.attention {
      box-shadow: inset 0.3rem 0 0 var(--stale);
    }
    [role='cell'] {
      min-width: 0;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .name {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }
    .name strong {
      overflow: hidden;
      text-overflow: ellipsis;
      font-weight: 650;
    }
    .tag {
      border: 1px solid var(--line);
      border-radius: 0.3rem;
      padding: 0 0.35rem;
      font-size: 0.75rem;
      color: var(--ink-soft);
    }
    .episode.unseen {
      color: var(--flag);
      font-weight: 650;
    }
    .age.old {
      color: var(--stale);
      font-weight: 600;
    }
    .feet pl-insoles ::ng-deep svg {
      width: auto;
      height: 2.4rem;
    }
    .feet pl-insoles ::ng-deep .feet {
      justify-content: flex-start;
    }
  `,
})
export class PatientRowComponent {
  readonly patient = input.required<PatientView>();
  readonly rowIndex = input.required<number>();
  readonly active = input(false);

  private readonly clock = inject(Clock);

  protected readonly episode = computed(() => episodeLabel(this.patient()));
  protected readonly flagged = computed(() => flaggedText(this.patient().flaggedSensors));

  protected readonly ago = computed(() => {
    const at = this.patient().lastReadingAt;
    return at === null ? '' : formatAgo(at, Math.max(at, this.clock.now()));
  });

  protected readonly share = computed(() => {
    const s = this.patient().leftShare;
    if (s === null) return '–';
    const left = Math.round(s * 100);
    return `L ${left} · R ${100 - left}`;
  });
}
