import jwt from 'jsonwebtoken';
import { AuthError, bearerToken, TokenService } from './token-service';

const secret = 'x'.repeat(40);

describe('TokenService', () => {
  const tokens = new TokenService(secret);

  it('round-trips subject, role and expiry', () => {
    const before = Date.now();
    const p = tokens.verify(tokens.mint('nurse-7', 'viewer', 3600));
    expect(p.subject).toBe('nurse-7');
    expect(p.role).toBe('viewer');
    expect(p.expiresAt!).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
  });

  it('says why a token is refused', () => {
    expect(() => tokens.verify(undefined)).toThrow(new AuthError('a bearer token is required'));
    expect(() => tokens.verify('garbage')).toThrow('the token is not valid');
    expect(() => tokens.verify(new TokenService('y'.repeat(40)).mint('a', 'operator', 60))).toThrow(
      'the token is not valid',
    );
    expect(() => tokens.verify(tokens.mint('a', 'viewer', -10))).toThrow('the token has expired');
    const foreign = jwt.sign({ role: 'admin' }, secret, {
      subject: 'a',
      issuer: 'plantar',
      audience: 'plantar-api',
      expiresIn: 60,
    });
    expect(() => tokens.verify(foreign)).toThrow('the token carries no known role');
    const none = jwt.sign({ role: 'operator' }, '', {
      algorithm: 'none',
      subject: 'a',
      issuer: 'plantar',
      audience: 'plantar-api',
      expiresIn: 60,
    });
    expect(() => tokens.verify(none)).toThrow('the token is not valid');
  });

  it('scopes a device token to its patients, and only a device token', () => {
    const p = tokens.verify(tokens.mint('insole-gw', 'device', 60, '7-9,12'));
    expect(p.role).toBe('device');
    expect([...p.patients!]).toEqual([7, 8, 9, 12]);
    expect(tokens.verify(tokens.mint('nurse', 'viewer', 60)).patients).toBeUndefined();
    expect(() => tokens.mint('gw', 'device', 60)).toThrow('a device token needs its patients');
    expect(() => tokens.mint('nurse', 'viewer', 60, '1')).toThrow('only device tokens name patients');
    expect(() => tokens.mint('gw', 'device', 60, '9-7')).toThrow('runs backwards');
    const unscoped = jwt.sign({ role: 'device' }, secret, {
      subject: 'gw',
      issuer: 'plantar',
      audience: 'plantar-api',
      expiresIn: 60,
    });
    expect(() => tokens.verify(unscoped)).toThrow(new AuthError('the device token names no valid patients'));
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService('short')).toThrow('at least 32');
  });
});

describe('bearerToken', () => {
  it('reads the Authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken('Basic Zm9v')).toBe('');
  });
});
