import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { Clock } from '../../core/clock';
import { ConnectionService } from '../../core/connection.service';
import { TimeDisplay } from '../../core/time-display';
import { viridisGradient } from '../../shared/colour-scale';
import { ageFrom, displayName } from '../../shared/patient';
import { deriveStatus, type ServerStatus } from '../../shared/patient-status';
import { flaggedSensors, type FootSide } from '../../shared/sample';
import { formatAgo } from '../../shared/time-format';
import { InsolesComponent } from '../../shared/ui/insoles.component';
import { AnomaliesStore } from './anomalies.store';
import { AnomalyHistogramComponent } from './anomaly-histogram.component';
import { EpisodeListComponent } from './episode-list.component';
import { EpisodesStore } from './episodes.store';
import { HistoryViewComponent } from './history-view.component';
import { GaitPanelComponent } from './gait/gait-panel.component';
import { GaitHistoryComponent } from './gait/gait-history.component';
import { PatientHeaderStore } from './patient-header.store';
import { PatientLiveStore, REVIEW_MARGIN_MS, WINDOWS } from './patient-live.store';
import { TraceChartComponent } from './trace-chart.component';
import { WindowStatsComponent } from './window-stats.component';
import { ZoomControlComponent } from './zoom-control.component';
import { FULL_ZOOM, type ZoomRange } from '../../shared/zoom';
import type { Episode } from '../../shared/episode';
import { SourceBadgeComponent } from '../../shared/ui/source-badge.component';

@Component({
  selector: 'pl-patient-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    InsolesComponent,
    TraceChartComponent,
    WindowStatsComponent,
    EpisodeListComponent,
    AnomalyHistogramComponent,
    ZoomControlComponent,
    HistoryViewComponent,
    GaitPanelComponent,
    GaitHistoryComponent,
    SourceBadgeComponent,
  ],
  providers: [PatientLiveStore, AnomaliesStore, EpisodesStore, PatientHeaderStore],
  templateUrl: './patient.page.html',
  styleUrl: './patient.page.css',
})
export class PatientPage {
  /** Route parameter `:id`. */
  readonly id = input.required<string>();
  /** Query parameter `?episode=`: the alarm bar's links open the patient with that episode expanded. */
  readonly episode = input<string | undefined>();

  protected readonly live = inject(PatientLiveStore);
  protected readonly anomalies = inject(AnomaliesStore);
  protected readonly episodes = inject(EpisodesStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  /** The `?episode=` already opened: a link opens its episode once, not at every list change. */
  private openedFromLink: string | null = null;
  protected readonly header = inject(PatientHeaderStore);
  protected readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);
  private readonly connection = inject(ConnectionService);
  private readonly router = inject(Router);

  protected readonly windows = WINDOWS;
  protected readonly feet: readonly { side: FootSide; title: string }[] = [
    { side: 'left', title: 'Left foot' },
    { side: 'right', title: 'Right foot' },
  ];
  protected readonly legendGradient = viridisGradient();
  protected readonly reviewMarginS = REVIEW_MARGIN_MS / 1000;
  /** Shared by both feet's traces; back to the whole window whenever what they show changes. */
  protected readonly zoom = signal<ZoomRange>(FULL_ZOOM);

  protected readonly patientId = computed(() => {
    const n = Number(this.id());
    return Number.isInteger(n) && n > 0 ? n : null;
  });

  protected readonly name = computed(() => {
    const p = this.header.patient();
    const id = this.patientId();
    return p ? displayName(p) : id !== null ? `Patient ${id}` : 'Unknown patient';
  });

  protected readonly age = computed(() =>
    ageFrom(this.header.patient()?.birthYear ?? null, this.clock.now()),
  );

  protected readonly status = computed(() =>
    deriveStatus({
      server: (this.header.patient()?.status as ServerStatus | undefined) ?? null,
      serverAt: this.header.fetchedAt(),
      lastReadingAt: this.live.receivedAt(),
      now: this.clock.now(),
      connection: this.connection.state().kind,
    }),
  );

  /** Feet drawn at full strength only while readings arrive: old values must not look live. */
  protected readonly notLive = computed(() => {
    const kind = this.status().kind;
    return kind !== 'live' && kind !== 'waiting';
  });

  protected readonly latestAgo = computed(() => {
    const latest = this.live.latest();
    return latest ? formatAgo(latest.t, Math.max(latest.t, this.clock.now())) : '';
  });

  protected readonly flaggedNow = computed(() => {
    const latest = this.live.latest();
    return latest ? flaggedSensors(latest) : [];
  });

  protected readonly flaggedText = computed(() => {
    const flagged = this.flaggedNow();
    return flagged.length === 6
      ? 'all sensors'
      : flagged.map((s) => `${s.name} (${s.foot} ${s.label})`).join(', ');
  });

  protected readonly born = computed(() => {
    const year = this.header.patient()?.birthYear;
    if (year === null || year === undefined) return null;
    const age = this.age();
    return age === null ? `Born ${year}` : `Born ${year} · ${age} years`;
  });

  protected readonly windowLabel = computed(
    () => WINDOWS.find((w) => w.ms === this.live.windowMs())?.label ?? `${this.live.windowMs() / 1000} s`,
  );

  /** The traces show the live window, or the readings around the anomaly under review. */
  protected readonly traces = computed(() => {
    const review = this.live.review();
    if (review) {
      return {
        samples: review.samples,
        range: { from: review.at - REVIEW_MARGIN_MS, to: review.at + REVIEW_MARGIN_MS },
        episodes: [],
        marker: review.at,
      };
    }
    return {
      samples: this.live.view(),
      range: this.live.range(),
      episodes: this.live.episodes(),
      marker: null,
    };
  });

  constructor() {
    effect(() => {
      const id = this.patientId();
      if (id === null) return;
      untracked(() => {
        this.live.connect(id);
        this.anomalies.connect(id);
        this.episodes.connect(id);
        this.openedFromLink = null;
        void this.header.load(id);
      });
    });
    // Once the list holds the linked episode: expand it, show its traces, bring it into view.
    effect(() => {
      const wanted = this.episode();
      if (!wanted || this.episodes.loading()) return;
      const episode = this.episodes.rows().find((e) => e.id === wanted);
      if (!episode || untracked(() => this.openedFromLink === wanted)) return;
      this.openedFromLink = wanted;
      untracked(() => {
        if (this.episodes.expanded() !== wanted) this.toggleEpisode(episode);
        afterNextRender(
          () => {
            const row = this.host.nativeElement.querySelector<HTMLElement>(`[id="episode-toggle-${wanted}"]`);
            row?.scrollIntoView({ block: 'center' });
            row?.focus({ preventScroll: true });
          },
          { injector: this.injector },
        );
      });
    });
  }

  /** Expanding an episode shows the traces around its start; collapsing it goes back to live. */
  protected toggleEpisode(episode: Episode): void {
    this.zoom.set(FULL_ZOOM);
    if (this.episodes.toggle(episode.id)) void this.live.showReview(Date.parse(episode.startedAt));
    else this.live.closeReview();
  }

  protected switchPatient(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    void this.router.navigate(['/patients', id]);
  }

  protected selectAnomaly(at: number): void {
    this.zoom.set(FULL_ZOOM);
    void this.live.showReview(at);
  }

  protected closeReview(): void {
    this.zoom.set(FULL_ZOOM);
    this.live.closeReview();
  }

  protected setWindow(ms: number): void {
    this.zoom.set(FULL_ZOOM);
    this.live.setWindow(ms);
  }
}
