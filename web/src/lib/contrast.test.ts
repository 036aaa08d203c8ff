import { expect, it } from 'vitest';
import { contrastRatio, textOn } from './contrast.js';

it('measures contrast as WCAG does', () => {
  expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
  expect(contrastRatio('#ffffff', '#7ea2ff')).toBeCloseTo(2.47, 2);
  expect(contrastRatio('#ffffff', '#0284c7')).toBeCloseTo(4.1, 1);
});

it('picks tag text that reads at 4.5:1 or better on any tag colour', () => {
  expect(textOn('#0284c7')).toBe('#000000');
  expect(textOn('#1e3a8a')).toBe('#ffffff');
  let worst = 21;
  for (let r = 0; r < 256; r += 5)
    for (let g = 0; g < 256; g += 5)
      for (let b = 0; b < 256; b += 5) {
        const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
        worst = Math.min(worst, contrastRatio(hex, textOn(hex)));
      }
  expect(worst).toBeGreaterThanOrEqual(4.5);
});
