import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What an export link gives: one patient's readings or episodes over [from, to] (epoch ms). */
export type ExportKind = 'READINGS' | 'EPISODES';
export const EXPORT_KINDS = ['READINGS', 'EPISODES'] as const satisfies readonly ExportKind[];

export interface ExportRequest {
  readonly kind: ExportKind;
  readonly patientId: number;
  readonly from: number;
  readonly to: number;
  /** The link works until then (epoch ms). */
  readonly expiresAt: number;
}

/** Why a link was refused (logged; the client only hears that it was). */
export type LinkRefusal = 'malformed' | 'bad signature' | 'expired';

export type LinkCheck = { ok: true; request: ExportRequest } | { ok: false; why: LinkRefusal };

/** Separates this key from every other use of the auth secret (tokens are signed with it as is). */
const PURPOSE = 'plantar export links v1';

/**
 * Short-lived signed links to CSV exports, so a browser downloads a file with a plain GET (no bearer
 * token in a download). A link is `<payload>.<mac>`: the request as base64url JSON and an
 * HMAC-SHA256 over that payload, keyed from AUTH_SECRET (a random key per process without one,
 * like the tokens then). Patient, range, kind and expiry are all under the MAC: a link cannot be
 * widened, retargeted or prolonged, and one signed by another deployment is refused.
 */
export class ExportLinks {
  private readonly key: Buffer;

  constructor(
    authSecret: string | undefined,
    /** Life of a link, ms. */
    readonly ttlMs: number,
  ) {
    this.key =
      authSecret === undefined ? randomBytes(32) : createHmac('sha256', authSecret).update(PURPOSE).digest();
  }

  /** A link token for `request` (without expiry: now + ttl). */
  sign(request: Omit<ExportRequest, 'expiresAt'>, now = Date.now()): { token: string; expiresAt: number } {
    const expiresAt = now + this.ttlMs;
    const body = { k: request.kind, p: request.patientId, f: request.from, t: request.to, e: expiresAt };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return { token: `${payload}.${this.mac(payload).toString('base64url')}`, expiresAt };
  }

  /** The request a token grants, or why it grants nothing. */
  verify(token: string, now = Date.now()): LinkCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return { ok: false, why: 'malformed' };
    const [payload, mac] = parts as [string, string];
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, why: 'bad signature' };
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, why: 'malformed' };
    }
    const request = requestOf(body);
    if (request === undefined) return { ok: false, why: 'malformed' };
    if (now >= request.expiresAt) return { ok: false, why: 'expired' };
    return { ok: true, request };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

const isInstant = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The payload as a request, or undefined if any field is not what `sign` writes. */
function requestOf(body: unknown): ExportRequest | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { k, p, f, t, e } = body as Record<string, unknown>;
  if (!EXPORT_KINDS.includes(k as ExportKind)) return undefined;
  if (!isInstant(p) || !isInstant(f) || !isInstant(t) || !isInstant(e) || f > t) return undefined;
  return { kind: k as ExportKind, patientId: p, from: f, to: t, expiresAt: e };
}
