import { tokenRole } from './token-role';

/** A JWT-shaped token with the given payload (the signature is not read on the client). */
function jwt(payload: unknown): string {
  const part = (v: unknown) =>
    btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('tokenRole', () => {
  it('reads the role claim of a token', () => {
    expect(tokenRole(jwt({ sub: 'nurse', role: 'viewer', exp: 2e9 }))).toBe('viewer');
    expect(tokenRole(jwt({ sub: 'ops', role: 'operator' }))).toBe('operator');
    expect(tokenRole(jwt({ sub: 'gw', role: 'device', patients: '7-12' }))).toBe('device');
  });

  it('reads base64url payloads whatever their padding and alphabet', () => {
    // "~~~" in the subject encodes to '-' and '_' in base64url.
    for (const sub of ['a', 'ab', 'abc', '~~~?>'])
      expect(tokenRole(jwt({ sub, role: 'viewer' }))).toBe('viewer');
  });

  it('knows no role without a token, or for one that is not Plantar’s', () => {
    expect(tokenRole(null)).toBeNull();
    expect(tokenRole('')).toBeNull();
    expect(tokenRole('opaque-token')).toBeNull();
    expect(tokenRole('a.%%%.c')).toBeNull();
    expect(tokenRole(jwt({ role: 'admin' }))).toBeNull();
    expect(tokenRole(jwt(['viewer']))).toBeNull();
    expect(tokenRole(jwt('viewer'))).toBeNull();
  });
});
