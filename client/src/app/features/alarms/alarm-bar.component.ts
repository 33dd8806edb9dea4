import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AlarmSound } from '../../core/alarm-sound';
import { Clock } from '../../core/clock';
import { TimeDisplay } from '../../core/time-display';
import { KIND_LABELS, SEVERITY_LABELS, STATUS_LABELS } from '../../shared/episode';
import { formatAgo } from '../../shared/time-format';
import { AlarmsStore } from './alarms.store';

/**
 * On every page, under the header: how many episodes nobody has acknowledged across the ward,
 * the newest few by patient (one click opens the patient with that episode), and the opt-in
 * sound. New HIGH episodes are announced in an assertive live region.
 */
@Component({
  selector: 'pl-alarm-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  providers: [AlarmsStore],
  template: `
    <section class="bar" [class.alerting]="(store.count() ?? 0) > 0" aria-labelledby="alarms-title">
      <h2 id="alarms-title" class="visually-hidden">Alarms</h2>
      <p class="count">
        @if (store.count() === null) {
          <span class="muted">{{ store.error() ? 'Alarms not available just now' : 'Loading alarms…' }}</span>
        } @else if (store.count() === 0) {
          <span class="none"><span aria-hidden="true">✓</span> No unacknowledged episodes</span>
        } @else {
          <strong class="some">
            <span aria-hidden="true">▲</span>
            <span class="tabular" data-testid="alarm-count">{{ store.count() }}</span>
            unacknowledged {{ store.count() === 1 ? 'episode' : 'episodes' }}
          </strong>
        }
        @if (store.error() && store.count() !== null) {
          <span class="stale" [title]="store.error()">(may be out of date: trying again)</span>
        }
      </p>
      @if (alarms().length) {
        <ul class="newest" aria-label="Newest unacknowledged episodes">
          @for (a of alarms(); track a.id) {
            <li>
              <a
                [routerLink]="['/patients', a.patientId]"
                [queryParams]="{ episode: a.id }"
                [attr.aria-label]="a.aria"
                [title]="'Started ' + a.ago"
              >
                <span class="sev" [class]="a.severityClass">{{ a.severity }}</span>
                <span class="what">{{ a.kind }}</span>
                <span class="who">{{ a.name }}</span>
                <span class="when tabular">{{ a.time }}</span>
              </a>
            </li>
          }
        </ul>
      }
      <button
        type="button"
        class="btn sound"
        [attr.aria-pressed]="sound.enabled()"
        (click)="sound.toggle()"
        title="A beep for each new high-severity episode"
      >
        Alarm sound: {{ sound.enabled() ? 'on' : 'off' }}
      </button>
      <div class="visually-hidden" aria-live="assertive" aria-atomic="true">{{ store.announcement() }}</div>
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    /* One line, always: the bar stays in view on every page, so it must not eat the screen. */
    .bar {
      display: grid;
      grid-template-columns: auto minmax(0, 1fr) auto;
      align-items: center;
      gap: 1rem;
      padding: 0.4rem clamp(1rem, 2.5vw, 2.5rem);
      background: var(--surface-2);
      border-bottom: 1px solid var(--line);
      font-size: 0.9rem;
    }
    .bar.alerting {
      background: var(--flag-soft);
    }
    .count {
      margin: 0;
      white-space: nowrap;
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
    }
    .some {
      display: inline-flex;
      gap: 0.3rem;
      color: var(--flag);
    }
    .none {
      color: var(--live);
      font-weight: 600;
    }
    .stale {
      color: var(--stale);
      font-size: 0.85rem;
    }
    .newest {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      gap: 0.6rem;
      overflow: hidden;
    }
    .newest li {
      /* Chips shrink to the line rather than being cut at its end: the name gives way (an
         ellipsis, the full name in the aria-label), never the severity, kind or time. */
      flex: 0 1 auto;
      min-width: 0;
    }
    /* As many of the newest as fit on the line; the count above says how many there are in all.
       Hidden ones are display:none, so the keyboard never lands on a link nobody can see. */
    .newest li:nth-child(n + 2) {
      display: none;
    }
    @media (min-width: 1100px) {
      .newest li:nth-child(2) {
        display: list-item;
      }
    }
    /* Three where three names fit with little shortening (at 1920 px they did not). */
    @media (min-width: 2200px) {
      .newest li:nth-child(3) {
        display: list-item;
      }
    }
    .newest a {
      white-space: nowrap;
      max-width: 100%;
      box-sizing: border-box;
      display: inline-flex;
      align-items: baseline;
      gap: 0.4rem;
      padding: 0.15rem 0.55rem;
      border: 1px solid var(--line);
      border-radius: 0.45rem;
      background: var(--surface);
      color: var(--ink);
      text-decoration: none;
    }
    .newest a:hover {
      border-color: var(--flag);
    }
    .newest a > span {
      flex: none;
    }
    .newest a > .who {
      flex: 0 1 auto;
      min-width: 0;
      max-width: 12rem;
      overflow: hidden;
      text-overflow: ellipsis;
      font-weight: 600;
    }
    .when {
      font-size: 0.85rem;
    }
    /* The shared badge (styles.css), tighter in a chip. */
    .sev {
      padding: 0 0.35rem;
    }
    .sound {
      white-space: nowrap;
    }
  `,
})
export class AlarmBarComponent {
  protected readonly store = inject(AlarmsStore);
  protected readonly sound = inject(AlarmSound);
  private readonly time = inject(TimeDisplay);
  private readonly clock = inject(Clock);

  protected readonly alarms = computed(() =>
    this.store.newest().map(({ episode, patientName }) => {
      const started = Date.parse(episode.startedAt);
      const severity = SEVERITY_LABELS[episode.severity];
      const kind = KIND_LABELS[episode.kind];
      const ago = formatAgo(started, Math.max(started, this.clock.now()));
      return {
        id: episode.id,
        patientId: episode.patientId,
        severity,
        severityClass: episode.severity.toLowerCase(),
        kind,
        name: patientName,
        time: this.time.time(started),
        ago,
        aria: `${severity} ${kind}, ${patientName}, started ${ago}, ${STATUS_LABELS[episode.status]}. Open the patient.`,
      };
    }),
  );
}
