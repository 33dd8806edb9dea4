import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { PatientSource } from '../../graphql/generated';

/** How a patient's readings arrive (schema.graphql PatientSource). */
export type PatientSourceLike = PatientSource;

const LABELS: Record<Exclude<PatientSourceLike, 'POLL'>, { text: string; title: string }> = {
  REPLAY: { text: 'Replay', title: 'Replayed from an uploaded recording' },
  PUSH: { text: 'Push', title: 'Pushed by a device' },
};

/**
 * A small badge saying where a patient's readings come from, shown only when they are not polled
 * from the monitoring API (the usual case says nothing).
 */
@Component({
  selector: 'pl-source-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (label(); as l) {
      <span class="source" [class.replay]="source() === 'REPLAY'" [title]="l.title">
        <span class="visually-hidden">Source: </span>{{ l.text }}
      </span>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
    .source {
      display: inline-block;
      padding: 0.05rem 0.45rem;
      border-radius: 0.35rem;
      border: 1px solid currentColor;
      font-size: 0.72rem;
      font-weight: 650;
      letter-spacing: 0.02em;
      text-transform: uppercase;
      color: var(--accent);
      background: var(--accent-soft);
      white-space: nowrap;
      vertical-align: middle;
    }
    .source.replay {
      color: #5b3f9a;
      background: #efe9fa;
    }
  `,
})
export class SourceBadgeComponent {
  readonly source = input.required<PatientSourceLike>();
  protected readonly label = computed(() => {
    const source = this.source();
    return source === 'POLL' ? null : LABELS[source];
  });
}
