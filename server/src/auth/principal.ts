/**
 * Viewers read and subscribe; operators may also change what is polled (and push readings for any
 * patient); devices may only push readings, for the patients their token names.
 */
export type Role = 'viewer' | 'operator' | 'device';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'device'];

/** Who is calling, as proven by a token. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  /** Epoch ms; undefined when authentication is disabled. */
  readonly expiresAt: number | undefined;
  /** A device's patients (its token's `patients` claim, e.g. "7-12"); absent for the other roles. */
  readonly patients?: ReadonlySet<number>;
}

/** The caller when AUTH=off: everything is allowed, and the server says so loudly at startup. */
export const ANONYMOUS_OPERATOR: Principal = { subject: 'anonymous', role: 'operator', expiresAt: undefined };
