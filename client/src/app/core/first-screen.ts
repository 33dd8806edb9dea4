import { DestroyRef, Injectable, inject } from '@angular/core';
import { NavigationCancel, NavigationEnd, NavigationError, Router } from '@angular/router';

/**
 * Background work waits for the first screen at most this long: a page that never says it is
 * drawn (an error it does not report, a bug) must not keep the alarm bar empty.
 */
export const FIRST_SCREEN_MAX_WAIT_MS = 3_000;

/**
 * Lets the page being opened draw first: what the whole app asks at start (the alarm bar's
 * question names every patient of the ward) waits until the page has drawn its first screen, or
 * until the first navigation ended without a page holding it, or `FIRST_SCREEN_MAX_WAIT_MS`.
 * At 1,000 patients the ward overview's list and the alarm bar's question otherwise share a busy
 * server and the page's main thread, and names on screen come later. A page holds it from its
 * construction (during the navigation, so before the navigation ends) until it has drawn.
 */
@Injectable({ providedIn: 'root' })
export class FirstScreen {
  private holds = 0;
  private navigated = false;
  private done = false;
  private readonly waiting: (() => void)[] = [];
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor() {
    const events = inject(Router).events.subscribe((e) => {
      if (!(e instanceof NavigationEnd || e instanceof NavigationCancel || e instanceof NavigationError))
        return;
      events.unsubscribe();
      this.navigated = true;
      this.check();
    });
    this.timer = setTimeout(() => this.finish(), FIRST_SCREEN_MAX_WAIT_MS);
    inject(DestroyRef).onDestroy(() => {
      events.unsubscribe();
      clearTimeout(this.timer);
    });
  }

  /** True once the first screen is drawn (or the wait is over): background work may start. */
  get drawn(): boolean {
    return this.done;
  }

  /** Runs `then` once the first screen is drawn: at once if it is. */
  whenDrawn(then: () => void): void {
    if (this.done) then();
    else this.waiting.push(then);
  }

  /**
   * Holds the first screen until the returned function is called (more calls do nothing). A hold
   * taken after the first screen was drawn holds nothing: only the page being opened draws first.
   */
  hold(): () => void {
    if (this.done) return () => undefined;
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.check();
    };
  }

  private check(): void {
    if (this.navigated && this.holds === 0) this.finish();
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    for (const then of this.waiting.splice(0)) then();
  }
}
