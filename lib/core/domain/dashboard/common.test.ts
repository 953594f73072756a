import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountIn, ratioPercent, sharePercent, sumByCurrency } from './common';

describe('sumByCurrency', () => {
  it('keeps one total per currency, in code order', () => {
    const totals = sumByCurrency([
      { currency: 'USD', amount: 10 },
      { currency: 'EUR', amount: 5 },
      { currency: 'USD', amount: 2.5 },
    ]);
    expect(totals).toEqual([
      { currency: 'EUR', amount: 5 },
      { currency: 'USD', amount: 12.5 },
    ]);
    expect(amountIn(totals, 'GBP')).toBe(0);
    expect(sumByCurrency([])).toEqual([]);
  });
});

describe('sharePercent', () => {
  it.each([
    [0, 0, null],
    [0, 3, 0],
    [1, 3, 33],
    [3, 3, 100],
    // 199 of 200 is not everything, and 1 of 300 is not nothing.
    [199, 200, 99],
    [1, 300, 1],
  ])('%i of %i is %s', (part, whole, expected) => {
    expect(sharePercent(part, whole)).toBe(expected);
  });

  it('stays within 0–100 and says 100 or 0 only when true', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        const p = sharePercent(part, whole);
        if (whole === 0) {
          expect(p).toBeNull();
          return;
        }
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(p === 100).toBe(part === whole);
        expect(p === 0).toBe(part === 0);
      }),
    );
  });
});

describe('ratioPercent', () => {
  it('keeps one decimal and can exceed 100', () => {
    expect(ratioPercent(1234, 1000)).toBe(123.4);
    expect(ratioPercent(1, 0)).toBeNull();
  });
});
