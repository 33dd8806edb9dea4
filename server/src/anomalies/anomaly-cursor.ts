/**
 * Opaque cursors over the anomaly list. The list is never trimmed, so a position stays valid
 * forever; the prefix versions the format so it can change without breaking old clients silently.
 */
const PREFIX = 'anomaly:v1:';

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`).toString('base64url');
}

/** The position in the cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const rest = text.slice(PREFIX.length);
  if (!/^\d{1,15}$/.test(rest)) return undefined;
  return Number(rest);
}
