import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arrAt,
  arrBefore,
  ArrChangeSchema,
  arrChangeOnSave,
  buildArrTimelines,
  firstChurn,
  type ArrChange,
  type ArrChangeInput,
} from './arr-history';

let n = 0;
const change = (over: Partial<ArrChangeInput>): ArrChange =>
  ArrChangeSchema.parse({ id: `chg-${++n}`, accountId: 'a', date: '2024-01-01', currency: 'USD', reason: 'new', ...over });

describe('ArrChangeSchema', () => {
  it.each([
    [{ reason: 'new' }, ['arrAfter'], /ARR after the change/],
    [{ reason: 'churn', arrAfter: 10 }, ['arrAfter'], /leaves ARR at 0/],
    [{ reason: 'expansion', delta: -5 }, ['delta'], /increases/],
    [{ reason: 'contraction', delta: 5 }, ['delta'], /decreases/],
    [{ reason: 'churn', delta: 5 }, ['delta'], /cannot increase/],
    [{ reason: 'new', delta: -1 }, ['delta'], /cannot decrease/],
    [{ reason: 'new', arrAfter: -1 }, ['arrAfter'], /./],
    [{ reason: 'renewal', delta: 0, date: '2024-02-30' }, ['date'], /./],
  ] as const)('rejects %j with a field-level error', (over, path, message) => {
    const r = ArrChangeSchema.safeParse({ id: 'x', accountId: 'a', date: '2024-01-01', currency: 'USD', ...over });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path.join('.'));
    expect(issue?.message).toMatch(message);
  });

  it('accepts a renewal without a price change', () => {
    expect(ArrChangeSchema.safeParse({ id: 'x', accountId: 'a', date: '2024-01-01', currency: 'USD', reason: 'renewal', delta: 0 }).success).toBe(
      true,
    );
  });
});

describe('buildArrTimelines', () => {
  it('replays changes in date order, keeping same-day order, from deltas or levels', () => {
    const t = buildArrTimelines([
      change({ date: '2024-03-01', reason: 'expansion', delta: 20 }),
      change({ date: '2024-01-01', reason: 'new', arrAfter: 100 }),
      change({ date: '2024-03-01', reason: 'contraction', arrAfter: 90 }),
      change({ date: '2024-06-01', reason: 'churn', delta: -90 }),
    ]).get('a')!;
    expect(t.points.map((p) => [p.date, p.arrBefore, p.arrAfter, p.delta])).toEqual([
      ['2024-01-01', 0, 100, 100],
      ['2024-03-01', 100, 120, 20],
      ['2024-03-01', 120, 90, -30],
      ['2024-06-01', 90, 0, -90],
    ]);
    expect(t.adjustments).toEqual([]);
    expect(arrAt(t, '2023-12-31')).toBe(0);
    expect(arrAt(t, '2024-03-01')).toBe(90);
    expect(arrBefore(t, '2024-03-01')).toBe(100);
    expect(arrAt(t, '2030-01-01')).toBe(0);
    expect(firstChurn(t)?.date).toBe('2024-06-01');
  });

  it('finds the first churn on or after a date as among the changes dated from it', () => {
    const step = fc.record({
      date: fc.constantFrom('2024-01-01', '2024-03-01', '2024-06-01', '2024-09-01'),
      arrAfter: fc.constantFrom(0, 50, 100),
      reason: fc.constantFrom('new', 'renewal' as const),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), fc.constantFrom('2023-12-31', '2024-03-01', '2024-06-02', '2025-01-01'), (steps, from) => {
        const t = buildArrTimelines(steps.map((s) => change({ ...s, reason: s.arrAfter === 0 ? 'churn' : s.reason })));
        const expected = firstChurn({ points: t.get('a')?.points.filter((p) => p.date >= from) ?? [] });
        expect(firstChurn(t.get('a') ?? { points: [] }, from)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reports a delta that disagrees with the level, a churn that does not reach 0, and ARR below 0', () => {
    const t = buildArrTimelines([
      change({ reason: 'new', arrAfter: 100, delta: 50 }),
      change({ date: '2024-02-01', reason: 'contraction', delta: -500 }),
      change({ date: '2024-03-01', reason: 'new', delta: 40 }),
      change({ date: '2024-04-01', reason: 'churn', delta: -10 }),
    ]).get('a')!;
    expect(t.points.map((p) => p.arrAfter)).toEqual([100, 0, 40, 0]);
    expect(t.adjustments.map((a) => a.because)).toEqual([
      expect.stringMatching(/does not take ARR from 0 to 100/),
      expect.stringMatching(/below 0/),
      expect.stringMatching(/churn leaves ARR at 0/),
    ]);
  });

  it('lists every currency a history uses', () => {
    const t = buildArrTimelines([
      change({ reason: 'new', arrAfter: 10 }),
      change({ date: '2024-02-01', reason: 'expansion', delta: 5, currency: 'EUR' }),
    ]);
    expect(t.get('a')).toMatchObject({ currency: 'USD', currencies: ['EUR', 'USD'] });
  });
});

describe('arrChangeOnSave', () => {
  const today = '2026-03-10';
  it.each([
    [
      'a new account with ARR, dated at its close',
      null,
      { arr: 100, currency: 'USD', closedWonDate: '2026-02-01' },
      { reason: 'new', date: '2026-02-01', delta: 100, arrAfter: 100 },
    ],
    ['a new account closing later is dated today', null, { arr: 100, currency: 'USD', closedWonDate: '2026-04-01' }, { reason: 'new', date: today }],
    ['a rise', { arr: 100, currency: 'USD' }, { arr: 150, currency: 'USD' }, { reason: 'expansion', delta: 50, arrAfter: 150, date: today }],
    ['a fall', { arr: 100, currency: 'USD' }, { arr: 60, currency: 'USD' }, { reason: 'contraction', delta: -40, arrAfter: 60 }],
    ['a fall to 0', { arr: 100, currency: 'USD' }, { arr: 0, currency: 'USD' }, { reason: 'churn', delta: -100, arrAfter: 0 }],
    ['a rise from 0', { arr: 0, currency: 'USD' }, { arr: 80, currency: 'USD' }, { reason: 'new', delta: 80 }],
    [
      'a currency switch at the same amount',
      { arr: 100, currency: 'USD' },
      { arr: 100, currency: 'EUR' },
      { reason: 'renewal', delta: 0, currency: 'EUR' },
    ],
  ] as const)('%s', (_name, before, after, expected) => {
    const change = arrChangeOnSave(before, after, today);
    expect(change).toMatchObject(expected);
    // Whatever the rule decides must be a valid stored change.
    expect(ArrChangeSchema.safeParse({ ...change, id: 'arr_1', accountId: 'acc_1' }).success).toBe(true);
  });

  it('records nothing when ARR and currency stay the same, or a new account has no ARR', () => {
    expect(arrChangeOnSave({ arr: 100, currency: 'USD' }, { arr: 100, currency: 'USD' }, today)).toBeNull();
    expect(arrChangeOnSave(null, { arr: 0, currency: 'USD' }, today)).toBeNull();
  });
});
