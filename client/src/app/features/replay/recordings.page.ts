import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AuthService } from '../../core/auth';
import { ReplayItemComponent, type ResumeRequest } from './replay-item.component';
import { REPLAY_SPEEDS, clockText, nameFromFile, rateText, type ReplaySpeed } from './replay-format';
import { uploadRecording, type FetchLike, type RecordingReport } from './recording-upload';
import { ReplaysStore } from './replays.store';
import { RECORDING_FETCH } from './recording-fetch';

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'uploading'; readonly fileName: string }
  | { readonly kind: 'report'; readonly fileName: string; readonly report: RecordingReport };

/**
 * Recordings (operators): upload a CSV recording, read the validation report, then replay it as a
 * patient of its own at 1x, 2x or 10x, or cancel; every replay on the server live below.
 */
@Component({
  selector: 'pl-recordings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReplayItemComponent],
  providers: [ReplaysStore],
  template: `
    <h1>Recordings</h1>
    <p class="muted intro">
      Upload a CSV recording (Plantar's export, or <code>time,L0,L1,L2,R0,R1,R2[,anomaly]</code>) to replay it
      live as a patient of its own. Operators only; at most 128 MiB.
    </p>

    @if (auth.canOperate()) {
      <section class="panel" aria-labelledby="upload-title">
        <h2 id="upload-title" class="panel-title">Upload a recording</h2>
        @switch (step().kind) {
          @case ('choose') {
            <div
              class="drop"
              [class.over]="dragOver()"
              data-testid="drop-zone"
              (dragenter)="onDragOver($event)"
              (dragover)="onDragOver($event)"
              (dragleave)="dragOver.set(false)"
              (drop)="onDrop($event)"
            >
              <label for="recording-file">Choose a CSV file, or drop it here</label>
              <input id="recording-file" type="file" accept=".csv,text/csv" (change)="onChosen($event)" />
            </div>
          }
          @case ('uploading') {
            <p role="status">
              {{ uploaded() < 1 ? 'Uploading' : 'Checking' }} {{ fileName() }}… {{ uploadedPercent() }}%
            </p>
            <progress
              class="upload"
              max="100"
              [value]="uploadedPercent()"
              [attr.aria-label]="'Upload of ' + fileName()"
            ></progress>
          }
          @case ('report') {
            @if (report(); as r) {
              <div class="report" data-testid="report">
                <p>
                  <strong>{{ fileName() }}</strong
                  >&nbsp;<span class="muted">({{ r.format }} format)</span>
                </p>
                <dl class="tabular">
                  <div>
                    <dt>Rows</dt>
                    <dd data-testid="report-rows">{{ r.rows.toLocaleString('en') }}</dd>
                  </div>
                  <div>
                    <dt>Duration</dt>
                    <dd>{{ clock(r.durationSeconds) }}</dd>
                  </div>
                  <div>
                    <dt>Sample rate</dt>
                    <dd>{{ rate(r.samplesPerSecond) }}</dd>
                  </div>
                  <div>
                    <dt>Problems</dt>
                    <dd>{{ r.errorCount.toLocaleString('en') }}</dd>
                  </div>
                </dl>
                @if (r.errors.length > 0) {
                  <h3 class="problems-title">
                    @if (r.errorCount > r.errors.length) {
                      The first {{ r.errors.length }} of {{ r.errorCount }} problems (those rows are left out)
                    } @else {
                      Problems (those rows are left out)
                    }
                  </h3>
                  <ul class="problems tabular">
                    @for (e of r.errors; track $index) {
                      <li>Line {{ e.line }}, column {{ e.column }}: {{ e.message }}</li>
                    }
                  </ul>
                }
                @if (r.uploadId !== null) {
                  <form class="start" (submit)="onStart($event)">
                    <label>
                      Name
                      <input
                        type="text"
                        name="name"
                        required
                        maxlength="100"
                        [value]="name()"
                        (input)="name.set(inputValue($event))"
                      />
                    </label>
                    <fieldset class="speeds">
                      <legend>Speed</legend>
                      @for (s of speeds; track s) {
                        <label>
                          <input
                            type="radio"
                            name="speed"
                            [value]="s"
                            [checked]="speed() === s"
                            (change)="speed.set(s)"
                          />
                          {{ s }}x
                        </label>
                      }
                    </fieldset>
                    <button type="submit" class="btn primary" [disabled]="!canStart()">Replay</button>
                    <button type="button" class="btn" (click)="reset()">Cancel</button>
                  </form>
                } @else {
                  <button type="button" class="btn" (click)="reset()">Choose another file</button>
                }
              </div>
            }
          }
        }
        @if (uploadError(); as message) {
          <p class="error" role="alert" data-testid="upload-error">{{ message }}</p>
        }
      </section>
    } @else {
      <p class="note" data-testid="viewer-note">
        This sign-in can watch the replays; uploading and controlling them takes an operator’s.
      </p>
    }

    <section class="panel" aria-labelledby="replays-title">
      <h2 id="replays-title" class="panel-title">Replays</h2>
      @if (store.error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      @for (r of store.replays(); track r.id) {
        <pl-replay-item
          [replay]="r"
          [busy]="store.busy().has(r.id)"
          [controls]="auth.canOperate()"
          (pause)="store.pause($event)"
          (resume)="onResume($event)"
          (stop)="store.stop($event)"
        />
      } @empty {
        <p class="muted">{{ store.loaded() ? 'No replays yet.' : 'Loading…' }}</p>
      }
    </section>
  `,
  styles: `
    :host {
      display: grid;
      gap: 1rem;
      max-width: 60rem;
    }
    h1 {
      margin: 0;
      font-size: 1.4rem;
    }
    .intro,
    .note {
      margin: 0;
    }
    .drop {
      display: grid;
      gap: 0.5rem;
      justify-items: start;
      padding: 1.25rem;
      margin-top: 0.75rem;
      border: 2px dashed var(--line);
      border-radius: var(--radius);
    }
    .drop.over {
      border-color: var(--accent);
      background: var(--accent-soft);
    }
    .drop label {
      font-weight: 600;
    }
    dl {
      display: flex;
      gap: 2rem;
      flex-wrap: wrap;
      margin: 0.5rem 0;
    }
    dt {
      font-size: 0.8rem;
      color: var(--ink-soft);
    }
    dd {
      margin: 0;
      font-size: 1.15rem;
      font-weight: 650;
    }
    .problems-title {
      font-size: 0.95rem;
      margin: 0.75rem 0 0.25rem;
    }
    .problems {
      margin: 0;
      padding-left: 1.25rem;
      max-height: 12rem;
      overflow: auto;
      font-size: 0.9rem;
    }
    .start {
      display: flex;
      gap: 0.75rem 1rem;
      align-items: end;
      flex-wrap: wrap;
      margin-top: 1rem;
    }
    .start > label {
      display: grid;
      gap: 0.2rem;
      font-size: 0.85rem;
    }
    .start input[type='text'] {
      min-width: 16rem;
      padding: 0.35rem 0.5rem;
      font: inherit;
    }
    .speeds {
      display: flex;
      gap: 0.75rem;
      border: 1px solid var(--line);
      border-radius: 0.5rem;
      padding: 0.2rem 0.6rem 0.35rem;
      margin: 0;
    }
    .speeds legend {
      font-size: 0.85rem;
      padding: 0 0.25rem;
    }
    progress.upload {
      width: 100%;
      accent-color: var(--accent);
    }
    .error {
      margin: 0.75rem 0 0;
      padding: 0.5rem 0.75rem;
      border-radius: 0.5rem;
      background: var(--flag-soft);
      color: var(--flag);
      font-weight: 600;
    }
  `,
})
export class RecordingsPage {
  protected readonly store = inject(ReplaysStore);
  protected readonly auth = inject(AuthService);
  private readonly fetchImpl: FetchLike = inject(RECORDING_FETCH);

  protected readonly speeds = REPLAY_SPEEDS;
  protected readonly step = signal<Step>({ kind: 'choose' });
  protected readonly uploadError = signal<string | null>(null);
  protected readonly dragOver = signal(false);
  protected readonly name = signal('');
  protected readonly speed = signal<ReplaySpeed>(1);
  protected readonly starting = signal(false);
  /** Share of the file sent, 0..1, while uploading. */
  protected readonly uploaded = signal(0);
  protected readonly uploadedPercent = computed(() => Math.round(this.uploaded() * 100));

  protected readonly fileName = computed(() => {
    const step = this.step();
    return step.kind === 'choose' ? '' : step.fileName;
  });
  protected readonly report = computed(() => {
    const step = this.step();
    return step.kind === 'report' ? step.report : null;
  });
  protected readonly canStart = computed(() => !this.starting() && this.name().trim() !== '');

  protected readonly clock = clockText;
  protected readonly rate = rateText;

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected onChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.upload(file);
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragOver.set(true);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragOver.set(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) void this.upload(file);
  }

  /** Uploads the file and shows the server's report (or why it was refused). */
  async upload(file: File): Promise<void> {
    this.uploadError.set(null);
    this.step.set({ kind: 'uploading', fileName: file.name });
    this.uploaded.set(0);
    const outcome = await uploadRecording(file, this.auth.token(), this.fetchImpl, (f) =>
      this.uploaded.set(f),
    );
    if (outcome.ok) {
      this.name.set(nameFromFile(file.name));
      this.step.set({ kind: 'report', fileName: file.name, report: outcome.report });
      return;
    }
    this.uploadError.set(outcome.message);
    this.step.set(
      outcome.report ? { kind: 'report', fileName: file.name, report: outcome.report } : { kind: 'choose' },
    );
  }

  protected async onStart(event: Event): Promise<void> {
    event.preventDefault();
    const report = this.report();
    const uploadId = report?.uploadId;
    if (uploadId === undefined || uploadId === null || !this.canStart()) return;
    this.starting.set(true);
    const started = await this.store.start(uploadId, this.name().trim(), this.speed());
    this.starting.set(false);
    if (started) this.reset();
  }

  protected onResume(request: ResumeRequest): void {
    void this.store.resume(request.id, request.speed);
  }

  protected reset(): void {
    this.uploadError.set(null);
    this.step.set({ kind: 'choose' });
    this.speed.set(1);
    this.name.set('');
  }
}
