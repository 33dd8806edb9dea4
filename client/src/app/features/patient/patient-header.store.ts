import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { PatientGQL, PatientsGQL, type PatientQuery } from '../../graphql/generated';
import { messageOf } from '../../shared/error-message';
import { displayName } from '../../shared/patient';

export type PatientInfo = NonNullable<PatientQuery['patient']>;

/** The patient's details and the list for the switcher. */
@Injectable()
export class PatientHeaderStore {
  private readonly patientGql = inject(PatientGQL);
  private readonly patientsGql = inject(PatientsGQL);
  private generation = 0;

  readonly patient = signal<PatientInfo | null>(null);
  readonly fetchedAt = signal(0);
  readonly loading = signal(true);
  readonly notFound = signal(false);
  readonly error = signal<string | null>(null);
  readonly others = signal<readonly { id: number; name: string }[]>([]);

  async load(id: number): Promise<void> {
    const generation = ++this.generation;
    this.loading.set(true);
    this.notFound.set(false);
    this.error.set(null);
    this.patient.set(null);
    try {
      const result = await firstValueFrom(
        this.patientGql.fetch({ variables: { id }, fetchPolicy: 'no-cache' }),
      );
      if (generation !== this.generation) return;
      if (!result.data) throw result.error ?? new Error('No data');
      this.patient.set(result.data.patient);
      this.fetchedAt.set(Date.now());
      this.notFound.set(result.data.patient === null);
    } catch (error) {
      if (generation === this.generation) this.error.set(messageOf(error));
    } finally {
      if (generation === this.generation) this.loading.set(false);
    }
    if (this.others().length === 0) void this.loadOthers();
  }

  private async loadOthers(): Promise<void> {
    try {
      const result = await firstValueFrom(
        this.patientsGql.fetch({ variables: { since: null }, fetchPolicy: 'no-cache' }),
      );
      const patients = result.data?.patients ?? [];
      this.others.set(
        [...patients].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, name: displayName(p) })),
      );
    } catch {
      // The switcher is a convenience; the overview still lists everyone.
    }
  }
}
