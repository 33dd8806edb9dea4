import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  REPLAY_SPEEDS,
  STATE_LABELS,
  clockText,
  isActive,
  percentSent,
  type ReplaySpeed,
} from './replay-format';
import type { Replay } from './replays.store';

/** Resume, with the speed to go on at when the operator picked one while paused. */
export interface ResumeRequest {
  readonly id: string;
  readonly speed: ReplaySpeed | null;
}

/**
 * One replay: its progress (rows sent of all, recording time replayed and left), its state, and
 * Pause / Resume / Stop with a speed selector while it can still run. Changing the speed of a
 * playing replay applies at once; of a paused one, when it resumes.
 */
@Component({
  selector: 'pl-replay-item',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @let r = replay();
    <article class="item" [attr.aria-labelledby]="'replay-' + r.id">
      <header class="head">
        <h3 [id]="'replay-' + r.id">{{ r.name }}</h3>
        <span class="state" [class]="'state ' + r.state.toLowerCase()" data-testid="replay-state">{{
          stateLabel()
        }}</span>
        <a class="patient" [routerLink]="['/patients', r.patientId]">Patient {{ r.patientId }} page</a>
      </header>
      <progress
        [attr.max]="r.total"
        [value]="r.sent"
        [attr.aria-label]="'Rows sent of ' + r.name"
        [attr.aria-valuetext]="rowsText()"
      ></progress>
      <p class="figures tabular">
        <span data-testid="replay-rows">{{ rowsText() }}</span>
        <span>{{ elapsed() }} replayed</span>
        <span>{{ remaining() }} left</span>
        <span data-testid="replay-speed">{{ r.speed }}x speed</span>
      </p>
      <p class="visually-hidden" aria-live="polite">{{ announcement() }}</p>
      @if (active() && controls()) {
        <div class="controls" role="group" [attr.aria-label]="'Controls of ' + r.name">
          @if (r.state === 'PLAYING') {
            <button type="button" class="btn" [disabled]="busy()" (click)="pause.emit(r.id)">Pause</button>
          } @else {
            <button type="button" class="btn primary" [disabled]="busy()" (click)="onResume()">Resume</button>
          }
          <button type="button" class="btn" [disabled]="busy()" (click)="stop.emit(r.id)">Stop</button>
          <label class="speed">
            Speed
            <select [value]="shownSpeed()" [disabled]="busy()" (change)="onSpeed($event)">
              @for (s of speeds; track s) {
                <option [value]="s">{{ s }}x</option>
              }
            </select>
          </label>
        </div>
      }
    </article>
  `,
  styles: `
    .item {
      display: grid;
      gap: 0.4rem;
      padding: 0.75rem 0;
      border-top: 1px solid var(--line);
    }
    :host:first-of-type .item {
      border-top: 0;
    }
    .head {
      display: flex;
      align-items: baseline;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
    }
    .state {
      font-size: 0.8rem;
      font-weight: 650;
      padding: 0.05rem 0.5rem;
      border-radius: 999px;
      background: var(--surface-2, #eef1f5);
      color: var(--ink-soft);
    }
    .state.playing {
      background: var(--live-soft);
      color: var(--live);
    }
    .state.paused {
      background: var(--stale-soft);
      color: var(--stale);
    }
    .patient {
      margin-left: auto;
    }
    progress {
      width: 100%;
      height: 0.8rem;
      accent-color: var(--accent);
    }
    .figures {
      display: flex;
      gap: 1.25rem;
      flex-wrap: wrap;
      margin: 0;
      color: var(--ink-soft);
      font-size: 0.9rem;
    }
    .controls {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      flex-wrap: wrap;
    }
    .speed {
      display: inline-flex;
      gap: 0.4rem;
      align-items: center;
      font-size: 0.9rem;
    }
  `,
})
export class ReplayItemComponent {
  readonly replay = input.required<Replay>();
  /** A mutation of this replay is on its way. */
  readonly busy = input(false);
  /** Pause, resume, stop and speed: for operators (the server refuses them to viewers). */
  readonly controls = input(true);
  readonly pause = output<string>();
  readonly resume = output<ResumeRequest>();
  readonly stop = output<string>();

  protected readonly speeds = REPLAY_SPEEDS;
  /** Picked while paused: applied on Resume. */
  protected readonly pendingSpeed = signal<ReplaySpeed | null>(null);
  protected readonly active = computed(() => isActive(this.replay().state));
  protected readonly stateLabel = computed(() => STATE_LABELS[this.replay().state]);
  protected readonly percent = computed(() => percentSent(this.replay().sent, this.replay().total));
  protected readonly rowsText = computed(() => {
    const { sent, total } = this.replay();
    return `${sent.toLocaleString('en')} of ${total.toLocaleString('en')} rows (${this.percent()}%)`;
  });
  protected readonly elapsed = computed(() => clockText(this.replay().elapsedSeconds));
  protected readonly remaining = computed(() => clockText(this.replay().remainingSeconds));
  protected readonly shownSpeed = computed(() => String(this.pendingSpeed() ?? this.replay().speed));
  /** Said politely: state changes and each tenth of the rows, not every progress message. */
  protected readonly announcement = computed(
    () => `${this.replay().name}: ${this.stateLabel()}, ${Math.floor(this.percent() / 10) * 10}% sent`,
  );

  protected onResume(): void {
    this.resume.emit({ id: this.replay().id, speed: this.pendingSpeed() });
    this.pendingSpeed.set(null);
  }

  protected onSpeed(event: Event): void {
    const value = Number((event.target as HTMLSelectElement).value);
    const speed = REPLAY_SPEEDS.find((s) => s === value);
    if (speed === undefined) return;
    const r = this.replay();
    if (r.state === 'PLAYING') {
      this.pendingSpeed.set(null);
      this.resume.emit({ id: r.id, speed });
    } else {
      this.pendingSpeed.set(speed === r.speed ? null : speed);
    }
  }
}
