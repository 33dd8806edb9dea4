import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { AuthService } from '../../core/auth';

/** Asks for a token when the server refuses the dashboard's credentials. */
@Component({
  selector: 'pl-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sign-in" role="alert" aria-labelledby="sign-in-title">
      <div>
        <strong id="sign-in-title">{{ title() }}</strong>
        <p>
          Open the sign-in link the server printed when it started (it ends in <code>?token=…</code>), or ask
          for a token and paste it here. No patient data is shown until then.
        </p>
      </div>
      <form (submit)="submit($event)">
        <label for="token" class="visually-hidden">Access token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          placeholder="Paste access token"
          [value]="token()"
          (input)="token.set($any($event.target).value)"
        />
        <button type="submit" class="btn primary" [disabled]="!token().trim()">Sign in</button>
      </form>
    </section>
  `,
  styles: `
    .sign-in {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 2rem;
      align-items: center;
      justify-content: space-between;
      padding: 0.8rem clamp(1rem, 2.5vw, 2.5rem);
      background: var(--flag-soft);
      border-bottom: 1px solid var(--line);
    }
    strong {
      color: var(--flag);
    }
    p {
      margin: 0.2rem 0 0;
      max-width: 60rem;
    }
    form {
      display: flex;
      gap: 0.5rem;
    }
    input {
      font: inherit;
      padding: 0.35rem 0.6rem;
      border: 1px solid var(--line);
      border-radius: 0.5rem;
      min-width: 16rem;
    }
  `,
})
export class SignInComponent {
  private readonly auth = inject(AuthService);
  protected readonly token = signal('');
  protected readonly title = computed(() => {
    switch (this.auth.rejected()) {
      case 'expired':
        return 'Your sign-in has expired';
      case 'invalid':
        return 'The server did not accept this sign-in';
      default:
        return 'Sign-in needed';
    }
  });

  protected submit(event: Event): void {
    event.preventDefault();
    this.auth.signIn(this.token());
  }
}
