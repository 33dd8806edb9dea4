import { TestBed } from '@angular/core/testing';
import { CONNECTING_QUIETLY_MS, ConnectionBannerComponent } from './connection-banner.component';
import { ConnectionService } from '../../core/connection.service';

describe('ConnectionBannerComponent', () => {
  async function render(variant: 'pill' | 'strip') {
    const fixture = TestBed.createComponent(ConnectionBannerComponent);
    fixture.componentRef.setInput('variant', variant);
    await fixture.whenStable();
    return fixture;
  }

  it('shows a calm pill while connected and no strip', async () => {
    const connection = TestBed.inject(ConnectionService);
    connection.handle({ type: 'connected' });
    const pill = await render('pill');
    expect(pill.nativeElement.textContent).toContain('Connected');
    const strip = await render('strip');
    expect(strip.nativeElement.querySelector('[role=alert]')).toBeNull();
  });

  it('warns loudly while the link is down', async () => {
    const connection = TestBed.inject(ConnectionService);
    connection.handle({ type: 'connected' });
    connection.handle({ type: 'closed' });
    const strip = await render('strip');
    const alert = strip.nativeElement.querySelector('[role=alert]') as HTMLElement;
    expect(alert.textContent).toContain('reconnecting');
    expect(alert.textContent).toContain('not live');
  });

  it('says offline after a long outage, and asks for a sign-in when refused', async () => {
    const connection = TestBed.inject(ConnectionService);
    connection.handle({ type: 'connected' }, 0);
    connection.handle({ type: 'closed' }, 1000);
    connection.handle({ type: 'tick' }, 40_000);
    let pill = await render('pill');
    expect(pill.nativeElement.textContent).toContain('Offline');
    connection.handle({ type: 'unauthorized' }, 41_000);
    pill = await render('pill');
    expect(pill.nativeElement.textContent).toContain('Sign-in needed');
    const strip = await render('strip');
    expect(strip.nativeElement.querySelector('pl-sign-in')).not.toBeNull();
  });

  it('lets a first connection take a moment before warning that there is no live data yet', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const strip = TestBed.createComponent(ConnectionBannerComponent);
      strip.componentRef.setInput('variant', 'strip');
      strip.detectChanges();
      expect(strip.nativeElement.querySelector('[role=alert]')).toBeNull();
      jest.advanceTimersByTime(CONNECTING_QUIETLY_MS + 1000); // the page's clock ticks each second
      strip.detectChanges();
      expect(strip.nativeElement.querySelector('[role=alert]')?.textContent).toContain(
        'Connecting to the server',
      );
    } finally {
      jest.useRealTimers();
    }
  });
});
