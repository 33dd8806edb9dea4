/** Viewers read and subscribe; operators may also change what is polled. */
export type Role = 'viewer' | 'operator';

export const ROLES: readonly Role[] = ['viewer', 'operator'];

/** Who is calling, as proven by a token. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  /** Epoch ms; undefined when authentication is disabled. */
  readonly expiresAt: number | undefined;
}

/** The caller when AUTH=off: everything is allowed, and the server says so loudly at startup. */
export const ANONYMOUS_OPERATOR: Principal = { subject: 'anonymous', role: 'operator', expiresAt: undefined };
