import { of, Subject, throwError } from 'rxjs';
import { CodedLoader } from './coded-loader';

const coded = (code: string) =>
  Object.assign(new Error(`failed: ${code}`), { errors: [{ message: 'x', extensions: { code } }] });

describe('CodedLoader', () => {
  it('answers the data', async () => {
    await expect(new CodedLoader().load(() => of({ data: { n: 1 } }))).resolves.toEqual({
      ok: true,
      data: { n: 1 },
    });
  });

  it('keeps the code of an error result and of a thrown error', async () => {
    const loader = new CodedLoader();
    await expect(
      loader.load(() => of({ data: undefined, error: coded('ARCHIVE_UNAVAILABLE') })),
    ).resolves.toEqual({
      ok: false,
      error: 'failed: ARCHIVE_UNAVAILABLE',
      code: 'ARCHIVE_UNAVAILABLE',
    });
    await expect(loader.load(() => throwError(() => new Error('network')))).resolves.toEqual({
      ok: false,
      error: 'network',
      code: null,
    });
  });

  it('drops an answer asked before invalidate()', async () => {
    const loader = new CodedLoader();
    const answer = new Subject<{ data: number }>();
    const pending = loader.load(() => answer);
    loader.invalidate();
    answer.next({ data: 1 });
    await expect(pending).resolves.toBeNull();
  });
});
