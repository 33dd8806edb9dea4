import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { AuthService } from '../../core/auth';
import { OverviewStore } from './overview.store';
import { PatientCardComponent } from './patient-card.component';

@Component({
  selector: 'pl-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PatientCardComponent],
  providers: [OverviewStore],
  template: `
    <div class="title-row">
      <h1>Patients</h1>
      @if (store.loaded()) {
        <p class="muted summary" aria-live="polite">{{ summary() }}</p>
      }
    </div>
    @if (store.error(); as error) {
      @if (auth.rejected()) {
        <div class="panel state">
          <strong>Sign in to see the patients</strong>
          <span>Use the sign-in bar above.</span>
        </div>
      } @else {
        <div class="panel error" role="alert">
          <strong>Could not load the patient list.</strong>
          <span class="muted">{{ error }}</span>
          <button type="button" class="btn" (click)="store.refresh()">Try again</button>
        </div>
      }
    }
    @if (store.loading() && !store.loaded()) {
      <ul class="grid" aria-busy="true" aria-label="Loading patients">
        @for (i of placeholders; track i) {
          <li class="skeleton placeholder"></li>
        }
      </ul>
    } @else if (store.loaded() && store.cards().length === 0) {
      <div class="panel state">
        <strong>No patients are being monitored</strong>
        <span>Patients appear here as soon as the server polls their monitor.</span>
      </div>
    } @else {
      <ul class="grid" aria-label="Patients">
        @for (card of store.cards(); track card.id) {
          <li><pl-patient-card [card]="card" /></li>
        }
      </ul>
    }
  `,
  styles: `
    .title-row {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 1rem;
      flex-wrap: wrap;
      margin-bottom: 1rem;
    }
    h1 {
      font-size: 1.5rem;
      font-weight: 650;
    }
    .summary {
      margin: 0;
    }
    .grid {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
      gap: clamp(0.75rem, 1.2vw, 1.5rem);
    }
    .placeholder {
      height: 12rem;
    }
    .error {
      display: flex;
      gap: 1rem;
      align-items: center;
      flex-wrap: wrap;
      margin-bottom: 1rem;
      border-color: var(--flag);
    }
  `,
})
export class OverviewPage {
  protected readonly store = inject(OverviewStore);
  protected readonly auth = inject(AuthService);
  protected readonly placeholders = [1, 2, 3, 4, 5, 6];

  protected readonly summary = computed(() => {
    const cards = this.store.cards();
    const live = cards.filter((c) => c.status.kind === 'live').length;
    const attention = cards.filter((c) => c.anomalyNow).length;
    return (
      `${cards.length} patients · ${live} live` + (attention ? ` · ${attention} with an anomaly now` : '')
    );
  });
}
