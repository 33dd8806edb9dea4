/**
 * What a poll failed with, as a PollError's fields. Tests of the worker threads load the compiled
 * classes, so they compare fields, not `instanceof`.
 */
export interface PollFailure {
  name: string;
  kind: string;
  message: string;
}

/** The error a poll's promise rejected with; a poll that succeeds fails the test. */
export async function pollFailure(promise: Promise<unknown>): Promise<PollFailure> {
  try {
    await promise;
  } catch (error) {
    return error as PollFailure;
  }
  throw new Error('expected the poll to fail');
}
