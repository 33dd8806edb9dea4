/**
 * A text cell that a spreadsheet would run as a formula (= + - @, or a tab or carriage return that
 * some strip before looking) gets a leading apostrophe, as OWASP's CSV injection guidance says: the
 * cell then shows as text. Numbers are written as numbers and never need it.
 */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** ISO 8601 with an explicit offset (UTC), which spreadsheets and pandas both read. */
export function isoWithOffset(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '+00:00');
}
