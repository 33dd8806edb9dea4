import { CloseCode } from 'graphql-ws';
import { GRAPHQL_WS_FORBIDDEN, isCredentialsClose, PlantarCloseCode } from './close-code';

const numeric = (e: object) => Object.values(e).filter((v): v is number => typeof v === 'number');

describe('PlantarCloseCode', () => {
  it("never reuses one of graphql-ws's own close codes", () => {
    const theirs = new Set(numeric(CloseCode));
    for (const ours of numeric(PlantarCloseCode)) expect(theirs.has(ours)).toBe(false);
  });

  it("names graphql-ws's Forbidden by its value", () => {
    expect(GRAPHQL_WS_FORBIDDEN).toBe(CloseCode.Forbidden);
  });

  it('asks for credentials only on a refused or expired token, not on a protocol error', () => {
    expect(isCredentialsClose(CloseCode.Forbidden)).toBe(true);
    expect(isCredentialsClose(PlantarCloseCode.TokenExpired)).toBe(true);
    expect(isCredentialsClose(CloseCode.Unauthorized)).toBe(false);
    expect(isCredentialsClose(PlantarCloseCode.SlowConsumer)).toBe(false);
    expect(isCredentialsClose(PlantarCloseCode.GoingAway)).toBe(false);
  });
});
