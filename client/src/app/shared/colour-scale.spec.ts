import { pressureColour, pressureInk, viridis, viridisGradient, viridisRgb } from './colour-scale';

describe('colour scale', () => {
  it('runs from dark purple to yellow', () => {
    expect(viridis(0)).toBe('rgb(68 1 84)');
    expect(viridis(1)).toBe('rgb(253 231 37)');
    expect(pressureColour(1023)).toBe('rgb(253 231 37)');
  });

  it('clamps and interpolates', () => {
    expect(viridis(-1)).toBe(viridis(0));
    expect(viridis(Number.NaN)).toBe(viridis(0));
    expect(viridisRgb(1 / 16)).toEqual([70, 23, 103]);
  });

  it('gets lighter monotonically (perceptual ordering)', () => {
    const lum = (t: number) => {
      const [r, g, b] = viridisRgb(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let t = 0; t < 1; t += 0.05) expect(lum(t + 0.05)).toBeGreaterThan(lum(t));
  });

  it('picks readable ink', () => {
    expect(pressureInk(0)).toBe('#ffffff');
    expect(pressureInk(1023)).toBe('#1b1f24');
    expect(viridisGradient()).toContain('linear-gradient(to right, rgb(68 1 84) 0%');
  });
});
