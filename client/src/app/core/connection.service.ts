import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Subject } from 'rxjs';
import {
  INITIAL_CONNECTION,
  nextConnectionState,
  type ConnectionEvent,
  type ConnectionState,
} from '../shared/connection-state';

/**
 * The live link's state as a signal (connected / reconnecting / offline, with since when), fed by
 * the graphql-ws client's events and the browser's online/offline events.
 */
@Injectable({ providedIn: 'root' })
export class ConnectionService {
  private readonly stateSignal = signal<ConnectionState>({ ...INITIAL_CONNECTION, since: Date.now() });
  private readonly reconnectedSubject = new Subject<void>();
  private readonly upSubject = new Subject<void>();
  private everConnected = false;

  readonly state = this.stateSignal.asReadonly();
  readonly connected = computed(() => this.stateSignal().kind === 'connected');
  /** Emits each time the link comes back after being lost: time to backfill the gap. */
  readonly reconnected$ = this.reconnectedSubject.asObservable();
  /**
   * Emits each time the link is established, the first time included: a request that failed
   * before the first connection (a page opened while the server restarts) retries on it too.
   */
  readonly up$ = this.upSubject.asObservable();

  constructor() {
    const online = () => this.handle({ type: 'browser-online' });
    const offline = () => this.handle({ type: 'browser-offline' });
    const timer = setInterval(() => this.handle({ type: 'tick' }), 1000);
    if (typeof window !== 'undefined') {
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
    }
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    });
  }

  handle(event: ConnectionEvent, now = Date.now()): void {
    const before = this.stateSignal();
    const after = nextConnectionState(before, event, now);
    if (after !== before) this.stateSignal.set(after);
    if (event.type === 'connected' && before.kind !== 'connected') {
      if (this.everConnected) this.reconnectedSubject.next();
      this.everConnected = true;
      this.upSubject.next();
    }
  }
}
