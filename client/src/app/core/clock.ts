import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/** A once-a-second "now" for relative times and staleness, shared by the whole page. */
@Injectable({ providedIn: 'root' })
export class Clock {
  private readonly nowSignal = signal(Date.now());
  readonly now = this.nowSignal.asReadonly();

  constructor() {
    const timer = setInterval(() => this.nowSignal.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
