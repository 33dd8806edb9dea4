import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { formatAgo } from '../../shared/time-format';
import { InsolesComponent } from '../../shared/ui/insoles.component';
import type { PatientCard } from './overview.store';

@Component({
  selector: 'pl-patient-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, InsolesComponent],
  template: `
    @let c = card();
    <a
      class="card"
      [routerLink]="['/patients', c.id]"
      [attr.aria-label]="aria()"
      [class.alert]="c.anomalyNow"
    >
      <div class="head">
        <div>
          <h2 class="name">{{ c.name }}</h2>
          <p class="meta muted">
            @if (c.age !== null) {
              <span>{{ c.age }} y</span>
            }
            @if (c.disabled) {
              <span class="tag">Disabled</span>
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
            <dd class="tabular" [class.has]="c.anomaliesLastHour > 0">
              @if (c.anomalyNow) {
                <span class="now" aria-hidden="true">▲</span>
              }
              {{ c.anomaliesLastHour }}
            </dd>
          </div>
          <div>
            <dt>Last reading</dt>
            <dd class="tabular">
              @if (c.lastReadingAt !== null) {
                {{ time.time(c.lastReadingAt) }} <span class="ago">{{ ago() }}</span>
              } @else {
                <span class="muted">none yet</span>
              }
            </dd>
          </div>
        </dl>
      </div>
      @if (c.anomalyNow) {
        <p class="banner"><span aria-hidden="true">▲</span> Anomaly flagged now</p>
      }
    </a>
  `,
  styleUrl: './patient-card.component.css',
})
export class PatientCardComponent {
  readonly card = input.required<PatientCard>();

  protected readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);

  protected readonly ago = computed(() => {
    const at = this.card().lastReadingAt;
    return at === null ? '' : formatAgo(at, Math.max(at, this.clock.now()));
  });

  protected readonly aria = computed(() => {
    const c = this.card();
    return [
      c.name,
      c.status.label,
      `${c.anomaliesLastHour} anomalous readings in the last hour`,
      c.anomalyNow ? 'anomaly flagged now' : '',
      c.lastReadingAt !== null ? `last reading ${this.time.time(c.lastReadingAt)}` : 'no reading yet',
      'open patient',
    ]
      .filter(Boolean)
      .join(', ');
  });
}
