/** Why a poll failed; each kind is counted separately and shown in the patient's status. */
export type FailureKind = 'http-status' | 'timeout' | 'network' | 'malformed' | 'too-large';

export class PollError extends Error {
  override readonly name = 'PollError';
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}
