import { Injectable, signal } from '@angular/core';

const KEY = 'plantar.alarmSound';

/**
 * An opt-in beep for new HIGH episodes, remembered per browser; off by default (a ward may
 * already have a nurse-call system, and a sound nobody chose is switched off for good). The
 * AudioContext is made when staff turn the sound on: browsers let a page play sound only after a
 * gesture on it, and the click on the toggle is one.
 */
@Injectable({ providedIn: 'root' })
export class AlarmSound {
  readonly enabled = signal(readStored());
  private context: AudioContext | null = null;

  toggle(): void {
    this.enabled.update((on) => !on);
    try {
      localStorage.setItem(KEY, String(this.enabled()));
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
    if (this.enabled()) {
      this.ensureContext();
      this.beep(); // so staff hear what they turned on, and how loud it is
    }
  }

  /** Two short tones, if the sound is on and the browser can play it. */
  beep(): void {
    if (!this.enabled()) return;
    const context = this.ensureContext();
    if (context === null) return;
    if (context.state === 'suspended') void context.resume();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      // A short ramp in and out: a square start and stop clicks.
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.linearRampToValueAtTime(0, start + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.22);
    }
  }

  private ensureContext(): AudioContext | null {
    if (this.context !== null) return this.context;
    const Context = typeof window === 'undefined' ? undefined : window.AudioContext;
    if (Context === undefined) return null;
    try {
      this.context = new Context();
    } catch {
      return null; // no audio device: the visual alarm and the announcement still work
    }
    return this.context;
  }
}

function readStored(): boolean {
  try {
    return localStorage.getItem(KEY) === 'true';
  } catch {
    return false;
  }
}
