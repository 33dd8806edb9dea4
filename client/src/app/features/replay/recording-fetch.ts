import { InjectionToken } from '@angular/core';
import type { FetchLike } from './recording-upload';

/** How the Recordings page sends an upload: the browser's fetch unless a test provides its own. */
export const RECORDING_FETCH = new InjectionToken<FetchLike>('RECORDING_FETCH', {
  providedIn: 'root',
  factory: () => (input, init) => fetch(input, init),
});
