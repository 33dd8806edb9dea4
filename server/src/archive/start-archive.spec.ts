import { chainOnStored } from './start-archive';

describe('chainOnStored', () => {
  it('is the one hook there is, or none', () => {
    const hook = (_: number) => undefined;
    expect(chainOnStored(undefined, hook)).toBe(hook);
    expect(chainOnStored<number>(undefined, undefined)).toBeUndefined();
  });

  it('runs every hook in order even when one throws, then rethrows the first error', () => {
    const calls: string[] = [];
    const chained = chainOnStored<number>(
      (n) => {
        calls.push(`episodes ${n}`);
        throw new Error('detector bug');
      },
      (n) => calls.push(`archive ${n}`),
    )!;
    expect(() => chained(7)).toThrow('detector bug');
    expect(calls).toEqual(['episodes 7', 'archive 7']);
  });
});
