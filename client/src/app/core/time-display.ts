import { Injectable, computed, signal } from '@angular/core';
import { formatDateTime, formatTime, timeZoneName } from '../shared/time-format';

const KEY = 'plantar.utc';

/** Shows times in the browser's zone, or UTC when staff ask for it (remembered per browser). */
@Injectable({ providedIn: 'root' })
export class TimeDisplay {
  readonly utc = signal(readStored());
  readonly zoneName = computed(() => timeZoneName(this.utc()));

  toggle(): void {
    this.utc.update((u) => !u);
    try {
      localStorage.setItem(KEY, String(this.utc()));
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
  }

  time(t: number, withMillis = false): string {
    return formatTime(t, this.utc(), withMillis);
  }

  dateTime(t: number): string {
    return formatDateTime(t, this.utc());
  }
}

function readStored(): boolean {
  try {
    return localStorage.getItem(KEY) === 'true';
  } catch {
    return false;
  }
}
