import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstPaintAnswerSchema } from './first-paint';
import { isFirstPaintAnswer } from './first-paint-check';

// For any value, valid by the hand check means valid by the schema, and back.

const nearDate = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
  fc.constantFrom(
    '2024-02-29',
    '2023-02-29',
    '2000-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-1-05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '',
    20260105,
  ),
);

const nearHealth = fc.record(
  {
    status: fc.constantFrom('known', 'unknown', 'Known', undefined),
    score: fc.oneof(fc.integer({ min: -3, max: 103 }), fc.double({ min: -1, max: 101 }), fc.constantFrom(Number.NaN, Infinity, -0, '80', null)),
    band: fc.constantFrom('healthy', 'watch', 'at-risk', 'risk', undefined),
    asOf: nearDate,
    reason: fc.constantFrom('no-data', 'zero-weights', 'none', undefined),
    extra: fc.string(),
  },
  { requiredKeys: [] },
);

const nearAnswer = fc.record(
  {
    crmPage: fc.constantFrom(true, false, 'true', undefined),
    firstPaint: fc.oneof(
      fc.record(
        {
          accountName: fc.oneof(
            fc.string({ maxLength: 3 }),
            fc.string({ minLength: 195, maxLength: 205 }),
            fc.constantFrom('😀'.repeat(200), '😀'.repeat(201), 'a' + '😀'.repeat(199), '\uD83D'.repeat(201), 42, null),
          ),
          health: fc.oneof(nearHealth, fc.constantFrom(null, [], 'known')),
        },
        { requiredKeys: [] },
      ),
      fc.constantFrom(null, [], 'paint'),
    ),
  },
  { requiredKeys: [] },
);

describe('the framed panel’s hand check of its first answer', () => {
  it('accepts exactly what FirstPaintAnswerSchema accepts', () => {
    fc.assert(
      fc.property(fc.oneof(nearAnswer, fc.anything()), (v) => {
        expect(isFirstPaintAnswer(v)).toBe(FirstPaintAnswerSchema.safeParse(v).success);
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts an answer with a known and with an unknown score, and nothing short of one', () => {
    const known = {
      crmPage: true,
      firstPaint: { accountName: 'Northwind', health: { status: 'known', score: 72, band: 'watch', asOf: '2024-02-29' } },
    };
    const unknown = { crmPage: true, firstPaint: { accountName: 'Northwind', health: { status: 'unknown', reason: 'no-data' } } };
    expect([known, unknown].map(isFirstPaintAnswer)).toEqual([true, true]);
    expect(isFirstPaintAnswer({ ...known, firstPaint: { ...known.firstPaint, health: { ...known.firstPaint.health, asOf: '2023-02-29' } } })).toBe(
      false,
    );
    expect(isFirstPaintAnswer({ crmPage: false })).toBe(false);
    const on = (asOf: string) => ({ ...known, firstPaint: { ...known.firstPaint, health: { ...known.firstPaint.health, asOf } } });
    const dates = ['2000-02-29', '1900-02-29', '2024-02-29', '2023-02-29', '2026-04-30', '2026-04-31', '2026-12-31', '2026-00-10', '0000-02-29'];
    expect(dates.map((d) => isFirstPaintAnswer(on(d)))).toEqual([true, false, true, false, true, false, true, false, true]);
    expect(dates.map((d) => FirstPaintAnswerSchema.safeParse(on(d)).success)).toEqual(dates.map((d) => isFirstPaintAnswer(on(d))));
  });
});
