export interface PatientNameLike {
  readonly id: number;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export function displayName(p: PatientNameLike): string {
  const name = [p.firstName, p.lastName].filter((part) => !!part && part.trim()).join(' ');
  return name || `Patient ${p.id}`;
}

export function initials(p: PatientNameLike): string {
  const letters = [p.firstName, p.lastName].map((part) => part?.trim()[0] ?? '').join('');
  return letters.toUpperCase() || `#${p.id}`;
}

/** Age in whole years from a birth year (the API gives no birthday: may be a year high). */
export function ageFrom(birthYear: number | null, now: number): number | null {
  if (birthYear === null || !Number.isFinite(birthYear)) return null;
  const age = new Date(now).getFullYear() - birthYear;
  return age >= 0 && age < 130 ? age : null;
}
