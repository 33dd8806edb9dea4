import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';

describe('App shell', () => {
  it('has a skip link, the connection status and a UTC toggle', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('a.skip')?.getAttribute('href')).toBe('#main');
    expect(el.querySelector('[role=status]')?.textContent).toContain('Connecting');
    const toggle = el.querySelector('button[aria-pressed]') as HTMLButtonElement;
    expect(toggle.textContent?.trim()).toBe('Local time');
    toggle.click();
    await fixture.whenStable();
    expect(toggle.textContent?.trim()).toBe('UTC');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });
});
