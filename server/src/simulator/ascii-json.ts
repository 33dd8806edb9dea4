/**
 * JSON text with every non-ASCII character written as a \uXXXX escape (lower-case hex), which is
 * how the real API (Python's json with ensure_ascii) sends names such as "El\u017cbieta".
 * JSON.stringify alone would send the raw UTF-8 letters: equal once parsed, but not the same bytes,
 * and clients that mishandle the escapes would go unnoticed against the simulator.
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('value cannot be written as JSON');
  return escapeNonAscii(text);
}

/** Escapes the non-ASCII characters of a JSON text (code units, so astral characters become pairs). */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
