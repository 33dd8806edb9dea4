import { nextIndex } from './roving-index';

describe('nextIndex', () => {
  it('moves by one across a row and by a row up and down in the card grid', () => {
    expect(nextIndex('ArrowRight', 4, 10, 3)).toBe(5);
    expect(nextIndex('ArrowLeft', 4, 10, 3)).toBe(3);
    expect(nextIndex('ArrowDown', 4, 10, 3)).toBe(7);
    expect(nextIndex('ArrowUp', 4, 10, 3)).toBe(1);
  });

  it('stops at the ends', () => {
    expect(nextIndex('ArrowDown', 8, 10, 3)).toBe(9);
    expect(nextIndex('ArrowUp', 1, 10, 3)).toBe(0);
    expect(nextIndex('ArrowLeft', 0, 10, 3)).toBe(0);
    expect(nextIndex('Home', 6, 10, 3)).toBe(0);
    expect(nextIndex('End', 2, 10, 3)).toBe(9);
  });

  it('leaves left and right to the browser in the table, and other keys always', () => {
    expect(nextIndex('ArrowRight', 2, 10, 1)).toBeNull();
    expect(nextIndex('ArrowDown', 2, 10, 1)).toBe(3);
    expect(nextIndex('Enter', 2, 10, 3)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 3)).toBeNull();
  });
});
