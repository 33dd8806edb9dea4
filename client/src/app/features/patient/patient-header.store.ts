import { Injectable, inject, signal } from '@angular/core';
import { PatientGQL, PatientsGQL, type PatientQuery } from '../../graphql/generated';
import { displayName } from '../../shared/patient';
import { QueryLoader } from '../../shared/query-loader';

export type PatientInfo = NonNullable<PatientQuery['patient']>;

/** The patient's details and the list for the switcher. */
@Injectable()
export class PatientHeaderStore {
  private readonly patientGql = inject(PatientGQL);
  private readonly patientsGql = inject(PatientsGQL);
  private readonly patientLoader = new QueryLoader();
  private readonly othersLoader = new QueryLoader();

  readonly patient = signal<PatientInfo | null>(null);
  readonly fetchedAt = signal(0);
  readonly loading = signal(true);
  readonly notFound = signal(false);
  readonly error = signal<string | null>(null);
  readonly others = signal<readonly { id: number; name: string }[]>([]);

  async load(id: number): Promise<void> {
    // Staff may switch patient before the previous one's details arrive: only the newest counts.
    this.patientLoader.invalidate();
    this.loading.set(true);
    this.notFound.set(false);
    this.error.set(null);
    this.patient.set(null);
    const answer = await this.patientLoader.load(() =>
      this.patientGql.fetch({ variables: { id }, fetchPolicy: 'no-cache' }),
    );
    if (answer === null) return;
    this.loading.set(false);
    if (answer.ok) {
      this.patient.set(answer.data.patient);
      this.fetchedAt.set(Date.now());
      this.notFound.set(answer.data.patient === null);
    } else {
      this.error.set(answer.error);
    }
    if (this.others().length === 0) void this.loadOthers();
  }

  private async loadOthers(): Promise<void> {
    const answer = await this.othersLoader.load(() =>
      this.patientsGql.fetch({ variables: { since: null }, fetchPolicy: 'no-cache' }),
    );
    // A failure is not shown: the switcher is a convenience, the overview still lists everyone.
    if (!answer?.ok) return;
    this.others.set(
      [...answer.data.patients].sort((a, b) => a.id - b.id).map((p) => ({ id: p.id, name: displayName(p) })),
    );
  }
}
