import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlantarErrorCode } from '../src/graphql/error-code';
import { PlantarCloseCode } from '../src/protocol/close-code';

/** The first cell of each row of the Markdown table whose header row starts with `header`. */
function firstColumn(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} `));
  if (start < 0) throw new Error(`README has no table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
  }
  return rows;
}

describe("README's code tables", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

  it('list exactly the error codes of PlantarErrorCode', () => {
    const documented = firstColumn(readme, 'code').map((row) => row[0]);
    expect([...documented].sort()).toEqual(Object.values(PlantarErrorCode).sort());
  });

  it('list exactly the close codes of PlantarCloseCode, with their names', () => {
    const documented = firstColumn(readme, 'close code').map(([code, name]) => [Number(code), name]);
    const enumerated = Object.entries(PlantarCloseCode)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
      .map(([name, code]) => [code, name]);
    expect(documented).toEqual(enumerated);
  });
});
