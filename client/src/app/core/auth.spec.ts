import { TestBed } from '@angular/core/testing';
import { AuthService, CLOSE_FORBIDDEN, isAuthClose, takeTokenFromUrl, TOKEN_STORAGE_KEY } from './auth';

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

  it('recognises the close codes that refuse credentials', () => {
    expect(isAuthClose({ code: CLOSE_FORBIDDEN })).toBe(true);
    expect(isAuthClose({ code: 4401 })).toBe(true);
    expect(isAuthClose({ code: 1006 })).toBe(false);
    expect(isAuthClose(null)).toBe(false);
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
});
