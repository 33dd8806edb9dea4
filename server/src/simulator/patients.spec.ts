import { DEFAULT_PATIENTS, simulatedPatient } from './patients';

describe('simulated patients', () => {
  it('starts with the six real patients', () => {
    expect(DEFAULT_PATIENTS.map((p) => [p.id, p.firstname, p.lastname, p.birthdate, p.disabled])).toEqual([
      [1, 'Janek', 'Grzegorczyk', '1982', false],
      [2, 'Elżbieta', 'Kochalska', '1976', true],
      [3, 'Albert', 'Lisowski', '1991', false],
      [4, 'Ewelina', 'Nosowska', '1998', true],
      [5, 'Piotr', 'Fokalski', '1985', false],
      [6, 'Bartosz', 'Moskalski', '1981', false],
    ]);
    expect(simulatedPatient(3, 99)).toBe(DEFAULT_PATIENTS[2]);
  });

  it('generates patients beyond six from (seed, id) alone', () => {
    expect(simulatedPatient(1234, 5)).toEqual(simulatedPatient(1234, 5));
    const generated = Array.from({ length: 500 }, (_, k) => simulatedPatient(k + 7, 5));
    for (const p of generated) {
      expect(p.firstname).toMatch(/^\p{Lu}\p{Ll}+$/u);
      expect(Number(p.birthdate)).toBeGreaterThanOrEqual(1935);
      expect(Number(p.birthdate)).toBeLessThanOrEqual(2002);
      expect(p.traceName.startsWith(p.firstname.toLowerCase())).toBe(true);
    }
    const disabled = generated.filter((p) => p.disabled).length / generated.length;
    expect(disabled).toBeGreaterThan(0.15);
    expect(disabled).toBeLessThan(0.35);
    // Feminine surname forms go with women's names: no "Anna Kowalski".
    expect(generated.some((p) => p.firstname === 'Anna' && p.lastname.endsWith('ski'))).toBe(false);
    expect(() => simulatedPatient(0, 1)).toThrow(RangeError);
  });
});
