import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { parsePatientIds } from '../config/patient-ids';
import { ROLES, type Principal, type Role } from './principal';

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

const ISSUER = 'plantar';
const AUDIENCE = 'plantar-api';

/**
 * Signed bearer tokens (JWT, HS256, via jsonwebtoken): `sub` names the holder, `role` is viewer or
 * operator, `exp` bounds its life. The same token works over HTTP (Authorization header) and
 * WebSocket (graphql-ws connection_init payload `{ token }`).
 */
export class TokenService {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('the token secret must be at least 32 characters');
  }

  static withRandomSecret(): TokenService {
    return new TokenService(randomBytes(32).toString('base64url'));
  }

  /** `patients` (e.g. "7-12") is required for, and only for, a device token. */
  mint(subject: string, role: Role, ttlSec: number, patients?: string): string {
    if ((role === 'device') !== (patients !== undefined)) {
      throw new Error(
        role === 'device'
          ? 'a device token needs its patients, e.g. "7-12"'
          : 'only device tokens name patients',
      );
    }
    if (patients !== undefined) parsePatientIds(patients); // refuses a typo before it is signed
    return jwt.sign(patients === undefined ? { role } : { role, patients }, this.secret, {
      algorithm: 'HS256',
      subject,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: ttlSec,
    });
  }

  /** The principal a token proves, or an AuthError saying precisely why not. */
  verify(token: unknown): Principal {
    if (typeof token !== 'string' || token.length === 0) throw new AuthError('a bearer token is required');
    if (token.length > 4096) throw new AuthError('the token is too long');
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new AuthError('the token has expired');
      throw new AuthError('the token is not valid');
    }
    const role = claims['role'];
    if (typeof role !== 'string' || !ROLES.includes(role as Role))
      throw new AuthError('the token carries no known role');
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number')
      throw new AuthError('the token lacks a subject or an expiry');
    const principal = { subject: claims.sub, role: role as Role, expiresAt: claims.exp * 1000 };
    if (role !== 'device') return principal;
    const patients = claims['patients'];
    try {
      if (typeof patients !== 'string') throw new Error('absent');
      return { ...principal, patients: new Set(parsePatientIds(patients)) };
    } catch {
      throw new AuthError('the device token names no valid patients');
    }
  }
}

/** Reads `Authorization: Bearer <token>`; undefined when absent. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}
