import { ageFrom, displayName, initials } from './patient';

describe('patient helpers', () => {
  it('names a patient, falling back to the id', () => {
    expect(displayName({ id: 2, firstName: 'Elżbieta', lastName: 'Kochalska' })).toBe('Elżbieta Kochalska');
    expect(displayName({ id: 7, firstName: null, lastName: ' ' })).toBe('Patient 7');
    expect(initials({ id: 2, firstName: 'Elżbieta', lastName: 'Kochalska' })).toBe('EK');
    expect(initials({ id: 7, firstName: null, lastName: null })).toBe('#7');
  });

  it('derives an age from the birth year', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(ageFrom(1982, now)).toBe(44);
    expect(ageFrom(null, now)).toBeNull();
    expect(ageFrom(3000, now)).toBeNull();
  });
});
