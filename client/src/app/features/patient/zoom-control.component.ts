import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { formatTime } from '../../shared/time-format';
import { MIN_ZOOM_SPAN, clampZoom, isFullZoom, panBy, zoomBy, type ZoomRange } from '../../shared/zoom';

/**
 * The traces' zoom, for mouse and keyboard alike: a two-thumb range slider made of two native
 * range inputs (arrow keys, Page Up/Down, Home/End, announced with the times they stand for) and
 * buttons to zoom in, out, move earlier or later, and show the whole window. Wheel and drag on
 * the charts themselves change the same zoom.
 */
@Component({
  selector: 'pl-zoom-control',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="zoom" role="group" aria-label="Zoom the traces">
      <div class="buttons">
        <button type="button" class="btn" (click)="set(zoomBy(zoom(), 0.5))" [disabled]="narrowest()">
          <span aria-hidden="true">+</span> Zoom in
        </button>
        <button type="button" class="btn" (click)="set(zoomBy(zoom(), 2))" [disabled]="full()">
          <span aria-hidden="true">−</span> Zoom out
        </button>
        <button
          type="button"
          class="btn"
          aria-label="Show earlier readings"
          (click)="set(panBy(zoom(), -0.5))"
          [disabled]="zoom().start <= 0"
        >
          <span aria-hidden="true">◀</span> Earlier
        </button>
        <button
          type="button"
          class="btn"
          aria-label="Show later readings"
          (click)="set(panBy(zoom(), 0.5))"
          [disabled]="zoom().end >= 100"
        >
          Later <span aria-hidden="true">▶</span>
        </button>
        <button type="button" class="btn" (click)="set({ start: 0, end: 100 })" [disabled]="full()">
          Whole window
        </button>
      </div>
      <div class="slider" [style.--from.%]="zoom().start" [style.--to.%]="zoom().end">
        <span class="track" aria-hidden="true"><span class="span"></span></span>
        <input
          type="range"
          min="0"
          max="100"
          step="1"
          aria-label="Start of the zoomed span"
          [attr.aria-valuetext]="startText()"
          [value]="zoom().start"
          (input)="setStart($event)"
        />
        <input
          type="range"
          min="0"
          max="100"
          step="1"
          aria-label="End of the zoomed span"
          [attr.aria-valuetext]="endText()"
          [value]="zoom().end"
          (input)="setEnd($event)"
        />
      </div>
    </div>
  `,
  styles: `
    .zoom {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-top: 0.5rem;
    }
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
    }
    .btn {
      font-size: 0.85rem;
      padding: 0.25rem 0.6rem;
    }
    .slider {
      position: relative;
      flex: 1 1 12rem;
      min-width: 10rem;
      height: 1.75rem;
    }
    .track {
      position: absolute;
      inset: 0.65rem 0;
      border-radius: 0.25rem;
      background: var(--line, #d9e0e8);
    }
    .span {
      position: absolute;
      inset: 0 calc(100% - var(--to)) 0 var(--from);
      border-radius: 0.25rem;
      background: var(--accent, #1f6f8b);
    }
    /* Two native inputs on one track: only their thumbs take the pointer, so both stay usable. */
    input {
      position: absolute;
      inset: 0;
      width: 100%;
      margin: 0;
      background: none;
      appearance: none;
      pointer-events: none;
    }
    input::-webkit-slider-thumb {
      appearance: none;
      pointer-events: auto;
      width: 1.1rem;
      height: 1.5rem;
      border-radius: 0.3rem;
      border: 2px solid var(--accent, #1f6f8b);
      background: #fff;
      cursor: ew-resize;
    }
    input::-moz-range-thumb {
      pointer-events: auto;
      width: 1rem;
      height: 1.4rem;
      border-radius: 0.3rem;
      border: 2px solid var(--accent, #1f6f8b);
      background: #fff;
      cursor: ew-resize;
    }
    input:focus-visible {
      outline: none;
    }
    input:focus-visible::-webkit-slider-thumb {
      box-shadow: var(--focus);
    }
    input:focus-visible::-moz-range-thumb {
      box-shadow: var(--focus);
    }
  `,
})
export class ZoomControlComponent {
  readonly zoom = model.required<ZoomRange>();
  /** The time axis' extent, to announce the thumbs as times. */
  readonly range = input<{ from: number; to: number } | null>(null);
  readonly utc = input(false);

  protected readonly zoomBy = zoomBy;
  protected readonly panBy = panBy;
  protected readonly full = computed(() => isFullZoom(this.zoom()));
  protected readonly narrowest = computed(() => this.zoom().end - this.zoom().start <= MIN_ZOOM_SPAN);
  protected readonly startText = computed(() => this.timeAt(this.zoom().start));
  protected readonly endText = computed(() => this.timeAt(this.zoom().end));

  protected set(zoom: ZoomRange): void {
    this.zoom.set(clampZoom(zoom));
  }

  protected setStart(event: Event): void {
    const start = Math.min(Number((event.target as HTMLInputElement).value), this.zoom().end - MIN_ZOOM_SPAN);
    this.zoom.set({ start: Math.max(0, start), end: this.zoom().end });
    (event.target as HTMLInputElement).value = String(this.zoom().start);
  }

  protected setEnd(event: Event): void {
    const end = Math.max(Number((event.target as HTMLInputElement).value), this.zoom().start + MIN_ZOOM_SPAN);
    this.zoom.set({ start: this.zoom().start, end: Math.min(100, end) });
    (event.target as HTMLInputElement).value = String(this.zoom().end);
  }

  private timeAt(percent: number): string {
    const range = this.range();
    if (!range) return `${Math.round(percent)} percent`;
    return formatTime(range.from + ((range.to - range.from) * percent) / 100, this.utc());
  }
}
