import type { PatientInfo } from '../patients/patient-info';
import { describe } from './push-payload';

/** A registration body that does not read: 400 with this message. */
export class RegistrationError extends Error {
  override readonly name = 'RegistrationError';
}

const MAX_NAME = 100;

function name(body: Record<string, unknown>, field: string, required: boolean): string {
  const value = body[field];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME) {
    throw new RegistrationError(
      `${field}: expected a name of 1..${MAX_NAME} characters, got ${describe(value)}`,
    );
  }
  return value.trim();
}

/**
 * `PUT /ingest/v1/patients/{id}` body `{ firstName, lastName, birthYear?, disabled?, traceName? }`
 * as the patient a device pushes for (the ticker board's "initialise the series once").
 */
export function registrationOf(id: number, body: unknown, now = Date.now()): PatientInfo {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RegistrationError(
      `expected an object { firstName, lastName, birthYear?, disabled? }, got ${describe(body)}`,
    );
  }
  const b = body as Record<string, unknown>;
  const birthYear = b['birthYear'] ?? null;
  const thisYear = new Date(now).getUTCFullYear();
  if (
    birthYear !== null &&
    (typeof birthYear !== 'number' ||
      !Number.isInteger(birthYear) ||
      birthYear < 1900 ||
      birthYear > thisYear)
  ) {
    throw new RegistrationError(
      `birthYear: expected a year 1900..${thisYear} or null, got ${describe(birthYear)}`,
    );
  }
  const disabled = b['disabled'] ?? false;
  if (typeof disabled !== 'boolean')
    throw new RegistrationError(`disabled: expected a boolean, got ${describe(disabled)}`);
  return {
    id,
    firstName: name(b, 'firstName', true),
    lastName: name(b, 'lastName', true),
    birthYear,
    disabled,
    traceName: name(b, 'traceName', false),
    source: 'PUSH',
  };
}
