import type { FailureKind } from './monitor-client';
import type { MonitorResponse } from './monitor-response';

/**
 * Messages between the main thread and a poll worker. Both sides send arrays: everything queued
 * during one turn of the event loop goes as one message, because at thousands of polls a second
 * the cost of a message, not of its content, dominates.
 */
export type ToWorker =
  | { readonly type: 'fetch'; readonly id: number; readonly patientId: number }
  | { readonly type: 'cancel'; readonly id: number };

export type FromWorker =
  | { readonly id: number; readonly ok: true; readonly response: MonitorResponse }
  | { readonly id: number; readonly ok: false; readonly kind: FailureKind; readonly message: string };
