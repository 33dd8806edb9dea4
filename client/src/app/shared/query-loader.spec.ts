import { of, Subject, throwError } from 'rxjs';
import { QueryLoader } from './query-loader';

describe('QueryLoader', () => {
  it("answers with the query's data", async () => {
    expect(await new QueryLoader().load(() => of({ data: { patients: [1, 2] } }))).toEqual({
      ok: true,
      data: { patients: [1, 2] },
    });
  });

  it('turns every kind of failure into a message: an error, an error result, no data, a throw', async () => {
    const loader = new QueryLoader();
    expect(await loader.load(() => throwError(() => new Error('Server unreachable')))).toEqual({
      ok: false,
      error: 'Server unreachable',
    });
    expect(await loader.load(() => of({ data: undefined, error: new Error('bad') }))).toEqual({
      ok: false,
      error: 'bad',
    });
    expect(await loader.load(() => of({ data: null }))).toEqual({ ok: false, error: 'No data' });
    expect(
      await loader.load(() => {
        throw new Error('boom');
      }),
    ).toEqual({ ok: false, error: 'boom' });
  });

  it('drops the answer to a query started before invalidate(), and only that one', async () => {
    const loader = new QueryLoader();
    const slow = new Subject<{ data: string }>();
    const first = loader.load(() => slow);
    loader.invalidate();
    const second = loader.load(() => of({ data: 'newer' }));
    slow.next({ data: 'older' });
    expect(await first).toBeNull();
    expect(await second).toEqual({ ok: true, data: 'newer' });
  });

  it('drops a failure the same way', async () => {
    const loader = new QueryLoader();
    const slow = new Subject<{ data: string }>();
    const first = loader.load(() => slow);
    loader.invalidate();
    slow.error(new Error('too late to matter'));
    expect(await first).toBeNull();
  });
});
