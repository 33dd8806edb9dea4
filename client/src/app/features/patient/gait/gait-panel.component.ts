import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  untracked,
} from '@angular/core';
import type { GaitFiguresFragment } from '../../../graphql/generated';
import { ContactRibbonComponent } from './contact-ribbon.component';
import {
  LOW_CONFIDENCE,
  SYMMETRY_BAND,
  fixed,
  inSymmetryBand,
  percent,
  signedPercent,
} from '../../../shared/gait-format';
import { GaitLiveStore } from './gait-live.store';
import { GaitStateBadgeComponent, gaitStateAria } from '../../../shared/ui/gait-state-badge.component';

/** The symmetry badge: in the band, outside it but not judged (too little walking), or flagged. */
export type SymmetryVerdict =
  | { readonly kind: 'none'; readonly text: string }
  | { readonly kind: 'within' | 'outside' | 'flagged'; readonly text: string };

export function symmetryVerdict(ratio: number | null, flagged: boolean): SymmetryVerdict {
  const band = `${SYMMETRY_BAND.low}–${SYMMETRY_BAND.high}`;
  if (flagged) return { kind: 'flagged', text: `Asymmetric: outside ${band}` };
  const inBand = inSymmetryBand(ratio);
  if (inBand === null) return { kind: 'none', text: 'Not enough walking to judge symmetry' };
  return inBand
    ? { kind: 'within', text: `Within ${band}` }
    : { kind: 'outside', text: `Outside ${band}, too little walking to flag` };
}

/**
 * The patient page's gait panel (issue 14): what the patient is doing and their cadence over the
 * last 30 s, today's steps, the contact ribbon, stance share and symmetry over 5 min, and how far
 * the figures can be trusted (low confidence greys them). Live at most once a second.
 */
@Component({
  selector: 'pl-gait-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [GaitStateBadgeComponent, ContactRibbonComponent],
  providers: [GaitLiveStore],
  templateUrl: './gait-panel.component.html',
  styleUrl: './gait-panel.component.css',
})
export class GaitPanelComponent {
  readonly patientId = input.required<number>();

  protected readonly store = inject(GaitLiveStore);
  protected readonly fixed = fixed;
  protected readonly percent = percent;
  protected readonly signedPercent = signedPercent;

  protected readonly live = this.store.live;
  protected readonly window = this.store.window;

  /** Live figures greyed: too little coverage, calibration or walking behind them. */
  protected readonly liveLow = computed(() => {
    const live = this.live();
    return live !== null && live.quality.confidence < LOW_CONFIDENCE;
  });
  protected readonly windowLow = computed(() => {
    const w = this.window();
    return w !== null && w.quality.confidence < LOW_CONFIDENCE;
  });

  protected readonly cadence = computed(() => {
    const live = this.live();
    return live?.state === 'WALKING' ? live.cadence : null;
  });

  protected readonly summary = computed(() => {
    const live = this.live();
    if (!live) return 'Gait: no figures yet';
    const parts = [gaitStateAria(live.state, this.cadence())];
    if (this.liveLow()) parts.push('low confidence');
    return parts.join(', ');
  });

  protected readonly verdict = computed(() => {
    const w = this.window();
    return w ? symmetryVerdict(w.symmetry.stanceRatio, w.symmetry.flagged) : null;
  });

  protected readonly stanceAria = computed(() => {
    const w = this.window();
    if (!w) return '';
    const v = this.verdict();
    return `Stance share over 5 minutes: left ${percent(w.stanceShare.left)}, right ${percent(
      w.stanceShare.right,
    )}; stance symmetry index ${signedPercent(w.symmetry.stanceSI)}, ratio ${fixed(
      w.symmetry.stanceRatio,
      2,
    )}; ${v?.text ?? ''}`;
  });

  protected readonly icons: Readonly<Record<SymmetryVerdict['kind'], string>> = {
    within: '✓',
    outside: '●',
    flagged: '▲',
    none: '–',
  };

  /** A 0..1 share as a bar width in percent. */
  protected share(value: number | null): number {
    return value === null ? 0 : Math.max(0, Math.min(100, value * 100));
  }

  protected readonly qualities = computed(() => {
    const rows: { name: string; quality: GaitFiguresFragment['quality']; low: boolean }[] = [];
    const live = this.live();
    const w = this.window();
    if (live) rows.push({ name: '30 s', quality: live.quality, low: this.liveLow() });
    if (w) rows.push({ name: '5 min', quality: w.quality, low: this.windowLow() });
    return rows;
  });

  protected readonly stepsText = computed(() => {
    const s = this.store.stepsToday();
    return s.kind === 'ok' ? s.steps.toLocaleString('en-GB') : null;
  });

  constructor() {
    effect(() => {
      const id = this.patientId();
      untracked(() => this.store.connect(id));
    });
  }
}
