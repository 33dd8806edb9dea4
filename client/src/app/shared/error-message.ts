/**
 * What to show staff for a failed request: the error's own message (Apollo's errors carry the
 * server's or the network's words), a thrown string as it is, anything else as "Unknown error"
 * rather than "[object Object]".
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Unknown error';
}
