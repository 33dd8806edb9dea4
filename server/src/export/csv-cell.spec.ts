import { isoWithOffset, safeText } from './csv-cell';

describe('CSV cells', () => {
  it('defuses text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=x', '\r=x'])
      expect(safeText(text)).toBe(`'${text}`);
    for (const text of ['nurse-ann', 'L0 R1', '', 'a=b']) expect(safeText(text)).toBe(text);
  });

  it('writes times as ISO 8601 with an explicit offset', () => {
    expect(isoWithOffset(Date.UTC(2026, 11, 2, 10, 0, 0, 5))).toBe('2026-12-02T10:00:00.005+00:00');
  });
});
