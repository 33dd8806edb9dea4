import { TestBed } from '@angular/core/testing';
import { ConnectionService } from './connection.service';

describe('ConnectionService', () => {
  it('tracks the link and announces reconnects, not the first connect', () => {
    const service = TestBed.inject(ConnectionService);
    const reconnects = jest.fn();
    service.reconnected$.subscribe(reconnects);

    service.handle({ type: 'connected' }, 100);
    expect(service.state()).toEqual({ kind: 'connected', since: 100, attempts: 0 });
    expect(service.connected()).toBe(true);
    expect(reconnects).not.toHaveBeenCalled();

    service.handle({ type: 'closed' }, 200);
    expect(service.state().kind).toBe('reconnecting');
    expect(service.connected()).toBe(false);

    service.handle({ type: 'connected' }, 900);
    expect(reconnects).toHaveBeenCalledTimes(1);
  });

  it('follows the browser going offline', () => {
    const service = TestBed.inject(ConnectionService);
    service.handle({ type: 'connected' }, 100);
    window.dispatchEvent(new Event('offline'));
    expect(service.state().kind).toBe('offline');
  });
});
