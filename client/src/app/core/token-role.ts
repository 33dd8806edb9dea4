/** What a signed-in holder may do, as the server's tokens name it (`role` claim). */
export type TokenRole = 'viewer' | 'operator' | 'device';

const ROLES: readonly TokenRole[] = ['viewer', 'operator', 'device'];

/**
 * The role a bearer token claims, read from its JWT payload without verifying it: only to leave
 * out controls the server would refuse (the server checks the signature and the role on every
 * call). Null when there is no token or it does not read as one of Plantar's (e.g. the server runs
 * without AUTH, where everyone is an operator).
 */
export function tokenRole(token: string | null): TokenRole | null {
  const payload = token?.split('.')[1];
  if (payload === undefined || payload === '') return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    const role =
      typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['role'] : undefined;
    return ROLES.find((r) => r === role) ?? null;
  } catch {
    return null;
  }
}
