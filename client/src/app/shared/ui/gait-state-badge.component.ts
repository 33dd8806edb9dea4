import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { GaitState } from '../../graphql/generated';
import { STATE_HINTS, gaitStateView } from '../gait-format';

/** "Walking, cadence 104 steps per minute"; cadence is said only while walking. */
export function gaitStateAria(state: GaitState | null, cadence: number | null): string {
  const view = gaitStateView(state);
  return state === 'WALKING' && cadence !== null && Number.isFinite(cadence)
    ? `${view.label}, cadence ${Math.round(cadence)} steps per minute`
    : view.label;
}

/**
 * What a patient is doing, as an icon, a word and (while walking) the cadence: the overview's
 * cards and rows and the patient page's gait panel. Footprints: staggered while walking, side by
 * side while standing, hollow with no load; a question mark when unknown. The word always says it.
 */
@Component({
  selector: 'pl-gait-state-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    '[class]': 'view().kind',
    '[attr.aria-label]': 'aria()',
    '[attr.title]': 'hint()',
    role: 'img',
  },
  template: `
    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
      @switch (view().kind) {
        @case ('walking') {
          <ellipse cx="5" cy="5.5" rx="2.3" ry="3.6" />
          <ellipse cx="11" cy="10.5" rx="2.3" ry="3.6" />
        }
        @case ('standing') {
          <ellipse cx="5" cy="8" rx="2.3" ry="3.6" />
          <ellipse cx="11" cy="8" rx="2.3" ry="3.6" />
        }
        @case ('no-load') {
          <ellipse class="hollow" cx="5" cy="8" rx="2.3" ry="3.6" />
          <ellipse class="hollow" cx="11" cy="8" rx="2.3" ry="3.6" />
        }
        @default {
          <text x="8" y="12.5" text-anchor="middle">?</text>
        }
      }
    </svg>
    <span class="label">{{ view().label }}</span>
    @if (cadenceText(); as c) {
      <span class="cadence tabular">&#32;{{ c }}<span class="unit">/min</span></span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      font-size: 0.85rem;
      font-weight: 600;
      white-space: nowrap;
      color: var(--ink-soft, #52606d);
    }
    :host(.walking) {
      color: var(--live, #1e7b4f);
    }
    :host(.standing) {
      color: var(--accent, #1f6f8b);
    }
    .icon {
      width: 1.1em;
      height: 1.1em;
      flex: none;
      fill: currentColor;
    }
    .hollow {
      fill: none;
      stroke: currentColor;
      stroke-width: 1.3;
    }
    text {
      font-size: 12px;
      font-weight: 700;
    }
    .cadence {
      color: var(--ink, #1f2933);
      font-weight: 650;
    }
    .unit {
      font-weight: 500;
      color: var(--ink-soft, #52606d);
      font-size: 0.85em;
    }
  `,
})
export class GaitStateBadgeComponent {
  /** Null: the server has no gait figures for the patient (yet). */
  readonly state = input.required<GaitState | null>();
  /** Steps per minute, shown only while walking. */
  readonly cadence = input<number | null>(null);

  protected readonly view = computed(() => gaitStateView(this.state()));
  protected readonly hint = computed(() => STATE_HINTS[this.view().kind]);
  protected readonly aria = computed(() => gaitStateAria(this.state(), this.cadence()));
  protected readonly cadenceText = computed(() => {
    const c = this.cadence();
    return this.state() === 'WALKING' && c !== null && Number.isFinite(c) ? String(Math.round(c)) : null;
  });
}
