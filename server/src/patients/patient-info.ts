/** What the API tells about a patient, kept current in the store. */
export interface PatientInfo {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthYear: number | null;
  readonly disabled: boolean;
  readonly traceName: string;
}

export function samePatientInfo(a: PatientInfo | undefined, b: PatientInfo): boolean {
  return (
    a !== undefined &&
    a.id === b.id &&
    a.firstName === b.firstName &&
    a.lastName === b.lastName &&
    a.birthYear === b.birthYear &&
    a.disabled === b.disabled &&
    a.traceName === b.traceName
  );
}
