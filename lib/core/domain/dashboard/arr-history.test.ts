import { describe, expect, it } from 'vitest';
import { arrAt, arrBefore, ArrChangeSchema, buildArrTimelines, firstChurn, type ArrChange, type ArrChangeInput } from './arr-history';

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
