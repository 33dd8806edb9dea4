/** How a patient's readings arrive: polled from the monitoring API, pushed by a device, or replayed from a recording. */
export type PatientSource = 'POLL' | 'PUSH' | 'REPLAY';

/** What the API (or a device's registration) tells about a patient, kept current in the store. */
export interface PatientInfo {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthYear: number | null;
  readonly disabled: boolean;
  readonly traceName: string;
  /** @default 'POLL' (what the poller saves) */
  readonly source?: PatientSource;
}

export function samePatientInfo(a: PatientInfo | undefined, b: PatientInfo): boolean {
  return (
    a !== undefined &&
    a.id === b.id &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.birthYear === b.birthYear &&
    a.disabled === b.disabled &&
    a.traceName === b.traceName &&
    (a.source ?? 'POLL') === (b.source ?? 'POLL')
  );
}
