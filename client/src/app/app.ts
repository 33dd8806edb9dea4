import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { TimeDisplay } from './core/time-display';
import { AlarmBarComponent } from './features/alarms/alarm-bar.component';
import { ConnectionBannerComponent } from './features/connection/connection-banner.component';

@Component({
  selector: 'pl-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, ConnectionBannerComponent, AlarmBarComponent],
  template: `
    <a class="skip" href="#main">Skip to content</a>
    <!-- The header and the alarm bar stay in view together: an alarm must not scroll away. -->
    <div class="sticky">
      <header class="top">
        <a routerLink="/" class="brand" aria-label="Plantar: all patients">
          <svg viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#21908d" />
            <ellipse cx="16" cy="12" rx="7" ry="8" fill="#fde725" />
            <ellipse cx="16" cy="24" rx="4.5" ry="4" fill="#fde725" />
          </svg>
          <span>Plantar</span>
          <span class="tagline">foot-pressure monitor</span>
        </a>
        <div class="right">
          <a routerLink="/replays" class="btn">Recordings</a>
          <pl-connection-banner />
          <button
            type="button"
            class="btn"
            [attr.aria-pressed]="time.utc()"
            (click)="time.toggle()"
            [title]="'Times are shown in ' + time.zoneName() + '. Click to switch.'"
          >
            {{ time.utc() ? 'UTC' : 'Local time' }}
          </button>
        </div>
      </header>
      <pl-alarm-bar />
    </div>
    <pl-connection-banner variant="strip" />
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    :host {
      display: block;
    }
    .skip {
      position: absolute;
      left: -999px;
      top: 0.5rem;
      background: var(--surface);
      padding: 0.5rem 1rem;
      z-index: 10;
    }
    .skip:focus {
      left: 0.5rem;
    }
    .top {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      flex-wrap: wrap;
      padding: 0.6rem clamp(1rem, 2.5vw, 2.5rem);
      background: var(--surface);
      border-bottom: 1px solid var(--line);
    }
    .sticky {
      position: sticky;
      top: 0;
      z-index: 5;
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 0.6rem;
      text-decoration: none;
      color: var(--ink);
      font-weight: 700;
      font-size: 1.15rem;
    }
    .brand svg {
      width: 1.8rem;
      height: 1.8rem;
    }
    .tagline {
      font-weight: 400;
      font-size: 0.85rem;
      color: var(--ink-faint);
    }
    .right {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
    }
    main {
      padding: clamp(1rem, 2vw, 2.5rem);
      max-width: 2400px;
      margin: 0 auto;
    }
    main:focus {
      box-shadow: none;
    }
  `,
})
export class App {
  protected readonly time = inject(TimeDisplay);
}
