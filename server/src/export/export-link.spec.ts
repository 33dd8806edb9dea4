import { ExportLinks } from './export-link';

const SECRET = 'export-link-spec-secret-'.padEnd(40, 'x');
const request = { kind: 'READINGS' as const, patientId: 7, from: 1_000_000, to: 2_000_000 };

describe('export links', () => {
  const links = new ExportLinks(SECRET, 300_000);

  it('grants what was signed until it expires', () => {
    const { token, expiresAt } = links.sign(request, 5_000_000);
    expect(expiresAt).toBe(5_300_000);
    expect(links.verify(token, 5_299_999)).toEqual({ ok: true, request: { ...request, expiresAt } });
    expect(links.verify(token, 5_300_000)).toEqual({ ok: false, why: 'expired' });
  });

  it('refuses a link whose patient, range, kind or expiry was changed', () => {
    const { token } = links.sign(request, 5_000_000);
    const [payload, mac] = token.split('.') as [string, string];
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const change of [{ p: 8 }, { f: 0 }, { t: 9_000_000 }, { k: 'EPISODES' }, { e: 9_999_999_999 }]) {
      const forged = Buffer.from(JSON.stringify({ ...body, ...change })).toString('base64url');
      expect(links.verify(`${forged}.${mac}`, 5_000_000)).toEqual({ ok: false, why: 'bad signature' });
    }
  });

  it("refuses another deployment's links, and a random key's after a restart", () => {
    const { token } = new ExportLinks('another-deployment-secret-'.padEnd(40, 'y'), 300_000).sign(request);
    expect(links.verify(token)).toEqual({ ok: false, why: 'bad signature' });
    const first = new ExportLinks(undefined, 300_000);
    expect(new ExportLinks(undefined, 300_000).verify(first.sign(request).token).ok).toBe(false);
    expect(first.verify(first.sign(request).token).ok).toBe(true);
  });

  it('refuses what is not a link', () => {
    for (const token of ['', 'abc', 'a.b.c', '.x', 'x.']) {
      expect(links.verify(token)).toEqual({ ok: false, why: 'malformed' });
    }
    expect(links.verify('bm90LWpzb24.AAAA').ok).toBe(false);
  });
});
