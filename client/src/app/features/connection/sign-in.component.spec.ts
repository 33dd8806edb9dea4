import { TestBed } from '@angular/core/testing';
import { AuthService } from '../../core/auth';
import { SignInComponent } from './sign-in.component';

describe('SignInComponent', () => {
  it('asks for a sign-in and submits a pasted token', async () => {
    const signIn = jest.fn();
    const auth = TestBed.inject(AuthService);
    auth.signIn = signIn;
    auth.markRejected('expired');
    const fixture = TestBed.createComponent(SignInComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('strong')?.textContent).toBe('Sign-in needed'); // no token was stored
    const input = el.querySelector('input') as HTMLInputElement;
    input.value = 'abc';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    expect(signIn).toHaveBeenCalledWith('abc');
  });
});
