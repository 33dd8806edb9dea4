import { parseIntegers } from './rollup-rows';

describe('parseIntegers', () => {
  const into = () => ({ values: new Float64Array(2) });

  it('reads array_to_string text of int2/int4/int8 arrays, growing its buffer', () => {
    const buffer = into();
    expect(parseIntegers('12,-5,0,32767,-32768,9007199254740991', 'stats', buffer)).toBe(6);
    expect([...buffer.values.subarray(0, 6)]).toEqual([12, -5, 0, 32767, -32768, 9007199254740991]);
    expect(parseIntegers('', 'stats', buffer)).toBe(0);
    expect(parseIntegers('7', 'stats', buffer)).toBe(1);
    expect(buffer.values[0]).toBe(7);
  });

  it.each(['1,,2', '1,', ',1', '-', '1-2', '1.5', 'NULL', '1, 2', '--1', '12345678901234567'])(
    'refuses %j with the column named',
    (text) => {
      expect(() => parseIntegers(text, 'sums', into())).toThrow(/column sums: not a list of integers/);
    },
  );
});
