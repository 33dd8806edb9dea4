import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * How a legend entry is drawn. `background` and `border` are CSS values, so a hatched or dashed
 * mark is a gradient rather than another kind.
 */
export type LegendMark =
  /** A series line. */
  | { readonly kind: 'line'; readonly background: string }
  /** A mean line over its min-max band (the history charts). */
  | { readonly kind: 'band-line'; readonly background: string; readonly band: string }
  /** A shaded stretch of the x axis (episodes, gaps, a normal band). */
  | { readonly kind: 'area'; readonly background: string; readonly border?: string }
  /** A bar or a filled square. */
  | { readonly kind: 'swatch'; readonly background: string; readonly border?: string };

export interface LegendEntry {
  readonly name: string;
  readonly mark: LegendMark;
}

/**
 * The legend of a chart, as plain HTML: drawn once, where ECharts would lay its own legend out on
 * every redraw. Hidden from screen readers because each chart's aria-label already says what its
 * lines and shading mean.
 */
@Component({
  selector: 'pl-chart-legend',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="legend" [class.start]="align() === 'start'" aria-hidden="true">
      @for (entry of entries(); track entry.name) {
        <li>
          @switch (entry.mark.kind) {
            @case ('band-line') {
              <span class="mark band-line" [style.background]="entry.mark.band"
                ><span class="mark line" [style.background]="entry.mark.background"></span
              ></span>
            }
            @default {
              <span
                class="mark"
                [class]="entry.mark.kind"
                [style.background]="entry.mark.background"
                [style.border]="borderOf(entry.mark)"
              ></span>
            }
          }
          {{ entry.name }}
        </li>
      }
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 0.25rem 1.1rem;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 0.85rem;
      color: var(--ink-soft, #52606d);
    }
    .legend.start {
      justify-content: flex-start;
    }
    li {
      display: flex;
      align-items: center;
      gap: 0.4rem;
    }
    .mark {
      display: inline-block;
      flex: none;
    }
    .line {
      width: 1.4rem;
      height: 3px;
      border-radius: 2px;
    }
    .band-line {
      display: inline-flex;
      align-items: center;
      width: 1.4rem;
      height: 0.8rem;
    }
    .band-line .line {
      width: 100%;
    }
    .area {
      width: 1rem;
      height: 0.8rem;
    }
    .swatch {
      width: 0.9rem;
      height: 0.9rem;
      border-radius: 2px;
    }
  `,
})
export class ChartLegendComponent {
  readonly entries = input.required<readonly LegendEntry[]>();
  /** Centred under a chart's title, or flush left in a panel. @default 'center' */
  readonly align = input<'center' | 'start'>('center');

  protected borderOf(mark: LegendMark): string | null {
    return (mark.kind === 'area' || mark.kind === 'swatch') && mark.border ? mark.border : null;
  }
}
