import { InjectionToken } from '@angular/core';
import { xhrSend, type FetchLike } from './recording-upload';

/**
 * How the Recordings page sends an upload: XMLHttpRequest (for its upload progress) unless a
 * test provides its own.
 */
export const RECORDING_FETCH = new InjectionToken<FetchLike>('RECORDING_FETCH', {
  providedIn: 'root',
  factory: () => xhrSend,
});
