import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AuthService } from '../../core/auth';
import { Clock } from '../../core/clock';
import { ConnectionService } from '../../core/connection.service';
import { TimeDisplay } from '../../core/time-display';
import { formatDuration } from '../../shared/time-format';
import { SignInComponent } from './sign-in.component';

/**
 * A first connection normally takes well under a second; only a wait longer than this is worth
 * a strip across the page (a page that flashes a warning on every load teaches staff to ignore it).
 */
export const CONNECTING_QUIETLY_MS = 3_000;

/**
 * The live link's state: a small pill in the header, and (variant "strip") a full-width notice
 * while the link is down, so nobody mistakes frozen values for live ones.
 */
@Component({
  selector: 'pl-connection-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SignInComponent],
  template: `
    @if (variant() === 'pill') {
      <span
        class="pill"
        [class]="view().css"
        role="status"
        [attr.aria-label]="view().aria"
        [title]="view().aria"
      >
        {{ view().label }}
        <span class="since tabular">{{ view().since }}</span>
      </span>
    } @else if (needsSignIn()) {
      <pl-sign-in />
    } @else if (view().down) {
      <div class="strip" [class]="view().css" role="alert">
        <strong>{{ view().headline }}</strong>
        <span>{{ view().detail }}</span>
      </div>
    }
  `,
  styles: `
    .since {
      font-weight: 500;
      opacity: 0.85;
    }
    .strip {
      display: flex;
      gap: 0.75rem;
      flex-wrap: wrap;
      align-items: baseline;
      padding: 0.6rem clamp(1rem, 2.5vw, 2.5rem);
      border-bottom: 1px solid var(--line);
    }
    .strip.reconnecting,
    .strip.connecting {
      background: var(--stale-soft);
      color: var(--stale);
    }
    .strip.offline {
      background: var(--flag-soft);
      color: var(--flag);
    }
    .strip span {
      color: var(--ink);
    }
  `,
})
export class ConnectionBannerComponent {
  readonly variant = input<'pill' | 'strip'>('pill');

  private readonly connection = inject(ConnectionService);
  private readonly clock = inject(Clock);
  private readonly time = inject(TimeDisplay);
  private readonly auth = inject(AuthService);
  protected readonly needsSignIn = computed(
    () => this.connection.state().kind === 'unauthorized' || this.auth.rejected() !== null,
  );

  protected readonly view = computed(() => {
    const state = this.connection.state();
    const now = Math.max(this.clock.now(), state.since);
    const at = this.time.time(state.since);
    const lasted = formatDuration(now - state.since);
    switch (state.kind) {
      case 'connected':
        return {
          css: 'pill live',
          label: 'Connected',
          since: `since ${at}`,
          aria: `Live connection since ${at}`,
          down: false,
          headline: '',
          detail: '',
        };
      case 'connecting':
        return {
          css: 'pill waiting connecting',
          label: 'Connecting',
          since: lasted,
          aria: `Connecting to the server for ${lasted}`,
          down: now - state.since > CONNECTING_QUIETLY_MS,
          headline: 'Connecting to the server…',
          detail: `No live data yet (trying for ${lasted}).`,
        };
      case 'reconnecting':
        return {
          css: 'pill stale reconnecting',
          label: 'Reconnecting',
          since: `since ${at}`,
          aria: `Connection lost at ${at}; reconnecting`,
          down: true,
          headline: `Connection lost at ${at} — reconnecting…`,
          detail: `Values shown are not live (${lasted}). Missed readings are filled in when the link returns.`,
        };
      case 'unauthorized':
        return {
          css: 'pill disconnected unauthorized',
          label: 'Sign-in needed',
          since: `since ${at}`,
          aria: `The server refused this dashboard's sign-in at ${at}`,
          down: true,
          headline: this.auth.rejected() === 'expired' ? 'Your sign-in has expired' : 'Sign-in needed',
          detail: 'No live data is shown until you sign in.',
        };
      case 'offline':
        return {
          css: 'pill disconnected offline',
          label: 'Offline',
          since: `since ${at}`,
          aria: `Offline since ${at}; still retrying`,
          down: true,
          headline: `Offline since ${at}`,
          detail: `No connection for ${lasted}. Values shown are NOT live. Still retrying; check the network or the server.`,
        };
    }
  });
}
