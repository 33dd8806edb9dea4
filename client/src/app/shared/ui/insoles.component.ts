import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { centreOfPressure, leftLoadShare, sensorPlaces, type Point } from '../centre-of-pressure';
import { pressureColour } from '../colour-scale';
import { READING_INTERVAL_MS } from '../reading-rate';
import { ValueTween } from '../tween';
import { isFlagged, MAX_PRESSURE, sensorsOf, type FootSide, type Sample } from '../sample';

const W = 100;
/**
 * Ease each value over most of the time to the next reading: the dot arrives before the next
 * value does (no easing stacked on easing), yet still moves rather than jumps.
 */
const TWEEN_MS = 0.8 * READING_INTERVAL_MS;

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
const H = 240;

/**
 * Left insole seen from above (big toe on the right, towards the midline); the right insole is
 * drawn mirrored.
 */
const LEFT_OUTLINE =
  'M60 8 C80 8 93 26 92 56 C91 84 82 102 79 132 C76 160 82 196 74 220 C66 238 38 238 30 222 ' +
  'C22 204 26 172 22 142 C18 112 6 86 9 56 C12 24 36 8 60 8 Z';

export interface FootTrails {
  readonly left: readonly Point[];
  readonly right: readonly Point[];
}

/**
 * Dots are drawn as circles of this radius scaled by a CSS transform: while a value eases, a
 * transform only repaints the dot, where changing `r` would lay the drawing out again each frame.
 */
const UNIT_R = 10;
/** Largest radius of a dot (full pressure, full view) and the gap to its flag ring. */
export const MAX_DOT_R = 20;
const RING_GAP = 6;
/** Value labels: font size, and the half width and height of "1023" in viewBox units. */
const LABEL_SIZE = 13;
export const LABEL_HALF_WIDTH = 16;
export const LABEL_HEIGHT = 13;

/**
 * Where a sensor's value is written (the text's baseline centre): a fixed spot clear of every
 * dot at its largest, ring included, and of the other labels, so values never overlap each
 * other or a dot whatever the pressures, and the text does not move as the dots breathe. The
 * front inner sensor's value sits above its dot, the other two below theirs.
 */
export function labelPlace(side: FootSide, place: 0 | 1 | 2): Point {
  const centre = sensorPlaces(side)[place];
  const clear = MAX_DOT_R + RING_GAP;
  const x = centre.x * W;
  const y = centre.y * H;
  return place === 0 ? { x, y: y - clear - 4 } : { x, y: y + clear + LABEL_SIZE };
}

interface SensorDot {
  readonly id: number;
  readonly name: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** CSS transforms of the dot, its flag ring and its badge for radius `r`. */
  readonly scale: string;
  readonly ringScale: string;
  readonly badge: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly fill: string;
  readonly value: number | null;
  readonly flagged: boolean;
}

interface FootView {
  readonly side: FootSide;
  readonly title: string;
  readonly outlineTransform: string;
  readonly dots: readonly SensorDot[];
  readonly cop: { readonly x: number; readonly y: number } | null;
  readonly trail: readonly {
    readonly x: number;
    readonly y: number;
    readonly opacity: number;
    readonly key: number;
  }[];
  readonly aria: string;
}

/**
 * Two insoles with three pressure sensors each: size and viridis colour follow pressure, a
 * flagged sensor gets a dashed warning ring and a "!" badge (shape, not colour alone), and the
 * centre of pressure is drawn with a short fading trail.
 */
@Component({
  selector: 'pl-insoles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="feet" [class.compact]="compact()">
      @for (foot of feet(); track foot.side) {
        <figure class="foot">
          <svg [attr.viewBox]="viewBox" role="img" [attr.aria-label]="foot.aria">
            <path class="outline" [attr.d]="outline" [attr.transform]="foot.outlineTransform" />
            @if (!compact()) {
              @for (p of foot.trail; track p.key) {
                <circle class="trail" [attr.cx]="p.x" [attr.cy]="p.y" r="3" [style.opacity]="p.opacity" />
              }
            }
            @for (dot of foot.dots; track dot.id) {
              <g class="sensor" [attr.transform]="'translate(' + dot.x + ' ' + dot.y + ')'">
                @if (dot.flagged) {
                  <circle class="flag-ring" [attr.r]="UNIT_R" [style.transform]="dot.ringScale" />
                }
                <circle class="dot" [attr.r]="UNIT_R" [style.transform]="dot.scale" [style.fill]="dot.fill" />
                @if (dot.flagged) {
                  <g class="flag-badge" [style.transform]="dot.badge">
                    <path d="M0 -9 L8.5 6 L-8.5 6 Z" />
                    <text y="4.5" text-anchor="middle">!</text>
                  </g>
                }
              </g>
            }
            @if (foot.cop; as cop) {
              <g class="cop" [style.transform]="'translate(' + cop.x + 'px,' + cop.y + 'px)'">
                <circle r="6.5" />
                <path d="M-11 0 H-4 M4 0 H11 M0 -11 V-4 M0 4 V11" />
              </g>
            }
            <!-- Values last, over the centre of pressure, each with a white halo. -->
            @if (!compact()) {
              @for (dot of foot.dots; track dot.id) {
                @if (dot.value !== null) {
                  <text class="value" [attr.x]="dot.labelX" [attr.y]="dot.labelY" text-anchor="middle">
                    {{ dot.value }}
                  </text>
                }
              }
            }
          </svg>
          @if (!compact()) {
            <figcaption>{{ foot.title }}</figcaption>
          }
        </figure>
      }
    </div>
    @if (!compact()) {
      <div
        class="share"
        role="meter"
        aria-label="Load on the left foot"
        aria-valuemin="0"
        aria-valuemax="100"
        [attr.aria-valuenow]="sharePercent()"
        [attr.aria-valuetext]="shareText()"
      >
        <span class="share-label">L {{ sharePercent() ?? '–' }}%</span>
        <span class="share-bar">
          <span
            class="share-left"
            [style.width.%]="sharePercent() ?? 50"
            [class.unknown]="sharePercent() === null"
          ></span>
        </span>
        <span class="share-label">{{ sharePercent() === null ? '–' : 100 - sharePercent()! }}% R</span>
      </div>
    }
  `,
  styleUrl: './insoles.component.css',
})
export class InsolesComponent {
  readonly sample = input<Sample | null>(null);
  readonly trails = input<FootTrails>({ left: [], right: [] });
  readonly compact = input(false);

  protected readonly viewBox = `-14 -6 ${W + 28} ${H + 22}`;
  protected readonly outline = LEFT_OUTLINE;
  protected readonly UNIT_R = UNIT_R;

  /** The values drawn: eased between samples on the full view, as they come on the compact one. */
  private readonly shown = signal<readonly number[] | null>(null);
  private readonly tween = new ValueTween((values) => this.shown.set(values), TWEEN_MS);

  protected readonly feet = computed<FootView[]>(() => {
    const sample = this.sample();
    const trails = this.trails();
    const shown = this.shown() ?? sample?.v ?? null;
    return (['left', 'right'] as const).map((side) =>
      footView(side, sample, shown, trails[side], this.compact()),
    );
  });

  constructor() {
    effect(() => {
      const sample = this.sample();
      const animate = !this.compact() && !prefersReducedMotion();
      untracked(() => {
        if (!sample) {
          this.tween.stop();
          this.shown.set(null);
        } else if (animate) this.tween.to(sample.v);
        else this.tween.jump(sample.v);
      });
    });
    inject(DestroyRef).onDestroy(() => this.tween.stop());
  }

  protected readonly sharePercent = computed(() => {
    const sample = this.sample();
    const share = sample ? leftLoadShare(sample.v) : null;
    return share === null ? null : Math.round(share * 100);
  });

  protected readonly shareText = computed(() => {
    const left = this.sharePercent();
    return left === null ? 'No load on either foot' : `Left ${left} percent, right ${100 - left} percent`;
  });
}

function footView(
  side: FootSide,
  sample: Sample | null,
  shown: readonly number[] | null,
  trail: readonly Point[],
  compact: boolean,
): FootView {
  const places = sensorPlaces(side);
  const sensors = sensorsOf(side);
  const dots = sensors.map((sensor, i): SensorDot => {
    const value = sample ? sample.v[sensor.id] : null;
    const drawn = shown ? shown[sensor.id] : value;
    const scale = compact ? 1.25 : 1;
    const r = (drawn === null ? 6 : 6 + (MAX_DOT_R - 6) * (drawn / MAX_PRESSURE)) * scale;
    const label = labelPlace(side, sensor.place);
    return {
      id: sensor.id,
      name: sensor.name,
      label: sensor.label,
      x: places[i].x * W,
      y: places[i].y * H,
      r,
      scale: `scale(${r / UNIT_R})`,
      ringScale: `scale(${(r + RING_GAP) / UNIT_R})`,
      badge: `translate(${r + 3}px, ${-(r + 3)}px)`,
      labelX: label.x,
      labelY: label.y,
      fill: drawn === null ? '#d5dbe3' : pressureColour(drawn),
      value,
      flagged: sample ? isFlagged(sample, sensor.id) : false,
    };
  });
  const values = sample ? sensors.map((s) => sample.v[s.id]) : [];
  const cop = sample ? centreOfPressure(values, side) : null;
  const name = side === 'left' ? 'Left foot' : 'Right foot';
  const aria = sample
    ? `${name}: ` +
      dots.map((d) => `${d.label} ${d.value}${d.flagged ? ' (flagged)' : ''}`).join(', ') +
      (cop ? '' : '; foot lifted')
    : `${name}: no reading`;
  return {
    side,
    title: name,
    outlineTransform: side === 'left' ? '' : `translate(${W} 0) scale(-1 1)`,
    dots,
    cop: cop ? { x: cop.x * W, y: cop.y * H } : null,
    trail: trail.map((p, i) => ({
      x: p.x * W,
      y: p.y * H,
      opacity: ((i + 1) / (trail.length + 1)) * 0.6,
      key: i,
    })),
    aria,
  };
}
