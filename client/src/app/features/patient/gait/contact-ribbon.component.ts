import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RIBBON_MS, type GaitContact } from './gait-live.store';

/** Width of the drawing's coordinate space; the SVG stretches it to the panel. */
const WIDTH = 1000;

export interface RibbonBar {
  readonly x: number;
  readonly width: number;
}

/** The bars of one foot, in 0..WIDTH over [end - spanMs, end], clipped at both edges. */
export function ribbonBars(
  contacts: readonly GaitContact[],
  foot: GaitContact['foot'],
  end: number,
  spanMs = RIBBON_MS,
): RibbonBar[] {
  const start = end - spanMs;
  const bars: RibbonBar[] = [];
  for (const c of contacts) {
    if (c.foot !== foot) continue;
    const from = Math.max(start, Date.parse(c.from));
    const to = Math.min(end, Date.parse(c.to));
    if (to <= from) continue;
    const x = ((from - start) / spanMs) * WIDTH;
    // At least 2 units wide: a contact shorter than a sample still shows.
    bars.push({ x, width: Math.max(2, ((to - from) / spanMs) * WIDTH) });
  }
  return bars;
}

/**
 * Left and right stance over the last 30 s of receive time, as two rows of bars (plain SVG: a
 * few dozen rectangles redrawn once a second cost far less than a chart). Rows are labelled in
 * words and told apart by position as well as colour.
 */
@Component({
  selector: 'pl-contact-ribbon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ribbon" role="img" [attr.aria-label]="aria()">
      <span class="row-label" aria-hidden="true">Left</span>
      <svg
        class="track"
        [attr.viewBox]="'0 0 ' + width + ' 10'"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <rect class="bg" x="0" y="0" [attr.width]="width" height="10" />
        @for (b of left(); track $index) {
          <rect class="bar left" [attr.x]="b.x" y="1" [attr.width]="b.width" height="8" />
        }
      </svg>
      <span class="row-label" aria-hidden="true">Right</span>
      <svg
        class="track"
        [attr.viewBox]="'0 0 ' + width + ' 10'"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <rect class="bg" x="0" y="0" [attr.width]="width" height="10" />
        @for (b of right(); track $index) {
          <rect class="bar right" [attr.x]="b.x" y="1" [attr.width]="b.width" height="8" />
        }
      </svg>
      <span></span>
      <div class="axis muted tabular" aria-hidden="true">
        <span>−{{ spanS() }} s</span><span>−{{ spanS() / 2 }} s</span><span>now</span>
      </div>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .ribbon {
      display: grid;
      grid-template-columns: auto 1fr;
      align-items: center;
      gap: 0.25rem 0.6rem;
    }
    .row-label {
      font-size: 0.8rem;
      color: var(--ink-soft, #52606d);
      text-align: right;
    }
    .track {
      display: block;
      width: 100%;
      height: 1.1rem;
    }
    .bg {
      fill: var(--surface-2, #f8fafc);
      stroke: var(--line, #dde3ea);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    .bar.left {
      fill: #0072b2;
    }
    .bar.right {
      fill: #e69f00;
    }
    .axis {
      display: flex;
      justify-content: space-between;
      font-size: 0.75rem;
    }
  `,
})
export class ContactRibbonComponent {
  readonly contacts = input.required<readonly GaitContact[]>();
  /** Right edge (receive time, ms); null draws empty rows. */
  readonly end = input.required<number | null>();
  readonly spanMs = input(RIBBON_MS);

  protected readonly width = WIDTH;
  protected readonly spanS = computed(() => Math.round(this.spanMs() / 1000));

  protected readonly left = computed(() => this.barsOf('LEFT'));
  protected readonly right = computed(() => this.barsOf('RIGHT'));

  protected readonly aria = computed(() => {
    const span = `the last ${this.spanS()} seconds`;
    if (this.end() === null) return `Foot contacts over ${span}: none received yet`;
    const l = this.left().length;
    const r = this.right().length;
    return `Foot contacts over ${span}: ${l} left and ${r} right stance phase${l + r === 1 ? '' : 's'}`;
  });

  private barsOf(foot: GaitContact['foot']): RibbonBar[] {
    const end = this.end();
    return end === null ? [] : ribbonBars(this.contacts(), foot, end, this.spanMs());
  }
}
