import { TestBed } from '@angular/core/testing';
import { GRAPHQL_WS_FORBIDDEN, PlantarCloseCode } from '@plantar/protocol';
import { AuthService, credentialsRefusal, takeTokenFromUrl, TOKEN_STORAGE_KEY } from './auth';

describe('auth', () => {
  beforeEach(() => localStorage.clear());

  it('takes the token out of a sign-in link, keeping the rest of the address', () => {
    const replaceState = jest.fn();
    const token = takeTokenFromUrl(
      { search: '?token=abc&x=1', pathname: '/patients/3', hash: '#top' },
      { replaceState },
    );
    expect(token).toBe('abc');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/patients/3?x=1#top');
    expect(takeTokenFromUrl({ search: '', pathname: '/', hash: '' }, { replaceState })).toBeNull();
  });

  it('tells an expired token from a refused one, and both from a close that only needs a reconnect', () => {
    expect(credentialsRefusal({ code: PlantarCloseCode.TokenExpired })).toBe('expired');
    expect(credentialsRefusal({ code: GRAPHQL_WS_FORBIDDEN })).toBe('invalid');
    // graphql-ws's own Unauthorized: a subscribe before the acknowledgement, not a token problem.
    expect(credentialsRefusal({ code: 4401 })).toBeNull();
    expect(credentialsRefusal({ code: PlantarCloseCode.SlowConsumer })).toBeNull();
    expect(credentialsRefusal({ code: 1006 })).toBeNull();
    expect(credentialsRefusal({ code: '4403' })).toBeNull();
    expect(credentialsRefusal(null)).toBeNull();
  });

  it('reads the stored token and says why it was refused', () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, 'stored');
    const auth = TestBed.inject(AuthService);
    expect(auth.token()).toBe('stored');
    auth.markRejected('expired');
    expect(auth.rejected()).toBe('expired');
  });

  it('says the token is missing when there is none, and stores a new one on sign-in', () => {
    const auth = TestBed.inject(AuthService);
    auth.markRejected();
    expect(auth.rejected()).toBe('missing');
    const reload = jest.fn();
    auth.signIn('  fresh ', reload);
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('fresh');
    expect(reload).toHaveBeenCalled();
    auth.signIn('   ', reload);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('knows the role of the token, and that a viewer may not operate', () => {
    const payload = (role: string) => btoa(JSON.stringify({ sub: 'x', role })).replace(/=+$/, '');
    localStorage.setItem(TOKEN_STORAGE_KEY, `h.${payload('viewer')}.s`);
    const viewer = TestBed.inject(AuthService);
    expect(viewer.role()).toBe('viewer');
    expect(viewer.canOperate()).toBe(false);
    viewer.signIn(`h.${payload('operator')}.s`, () => undefined);
    expect(viewer.role()).toBe('operator');
    expect(viewer.canOperate()).toBe(true);
  });

  it('lets a sign-in without a known role operate (a server without AUTH), leaving the refusal to it', () => {
    const auth = TestBed.inject(AuthService);
    expect(auth.role()).toBeNull();
    expect(auth.canOperate()).toBe(true);
  });
});
