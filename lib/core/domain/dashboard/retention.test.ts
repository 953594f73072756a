import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../account';
import { arrAt, arrBefore, ArrChangeSchema, buildArrTimelines, type ArrChange, type ArrChangeInput } from './arr-history';
import type { DashboardFilter } from './filters';
import { revenueRetention, revenueRetentionForPeriod, revenueRetentionKept, RetentionSchema } from './retention';

const acc = (id: string, segment: Segment = 'mid-market', ownerAe = 'Ann') => ({ id, name: `Account ${id}`, segment, ownerAe, csm: 'Cy' });
let n = 0;
const ch = (accountId: string, date: string, reason: ArrChange['reason'], over: Partial<ArrChangeInput>): ArrChange =>
  ArrChangeSchema.parse({ id: `c${++n}`, accountId, date, currency: 'USD', reason, ...over });
const YEAR_2024: DashboardFilter = { from: '2024-01-01', to: '2024-12-31' };

describe('revenueRetention', () => {
  const accounts = [acc('grow'), acc('shrink'), acc('gone'), acc('late'), acc('eu', 'enterprise', 'Bo'), acc('nohistory'), acc('mixed')];
  const changes = [
    ch('grow', '2023-03-01', 'new', { arrAfter: 100 }),
    ch('grow', '2024-05-01', 'expansion', { delta: 50 }),
    ch('shrink', '2023-06-01', 'new', { arrAfter: 200 }),
    ch('shrink', '2024-06-01', 'renewal', { delta: 0 }),
    ch('shrink', '2024-07-01', 'contraction', { delta: -40 }),
    ch('gone', '2023-01-01', 'new', { arrAfter: 100 }),
    ch('gone', '2024-02-01', 'churn', { arrAfter: 0 }),
    ch('late', '2024-03-01', 'new', { arrAfter: 70 }),
    ch('late', '2024-09-01', 'expansion', { delta: 30 }),
    ch('eu', '2023-01-01', 'new', { arrAfter: 500, currency: 'EUR' }),
    ch('eu', '2025-01-05', 'churn', { arrAfter: 0, currency: 'EUR' }),
    ch('mixed', '2023-01-01', 'new', { arrAfter: 10 }),
    ch('mixed', '2024-01-05', 'expansion', { delta: 10, currency: 'GBP' }),
    ch('ghost', '2024-01-05', 'new', { arrAfter: 10 }),
  ];
  const r = revenueRetention({ accounts, arrChanges: changes }, YEAR_2024);

  it('computes NRR and GRR per currency from the history, never summing currencies', () => {
    expect(RetentionSchema.parse(r)).toEqual(r);
    const usd = r.byCurrency.find((c) => c.currency === 'USD')!;
    // Start: grow 100 + shrink 200 + gone 100 = 400. End: 150 + 160 + 0 = 310. Retained: 100 + 160 + 0.
    expect(usd).toMatchObject({ startArr: 400, endArr: 310, retainedArr: 260, nrrPercent: 77.5, grrPercent: 65 });
    expect(usd.movements).toEqual({ new: 70, expansion: 80, contraction: 40, churn: 100 });
    expect(usd.cohortAccountIds).toEqual(['gone', 'grow', 'shrink']);
    expect(usd.newAccountIds).toEqual(['late']);
    expect(usd.expandedAccountIds).toEqual(['grow', 'late']);
    expect(usd.contractedAccountIds).toEqual(['shrink']);
    expect(usd.churnedAccountIds).toEqual(['gone']);
    // The EUR account churns after the period ends.
    expect(r.byCurrency.find((c) => c.currency === 'EUR')).toMatchObject({ startArr: 500, endArr: 500, nrrPercent: 100, grrPercent: 100 });
  });

  it('lists what it could not count instead of dropping it', () => {
    expect(r.notCounted.map((x) => [x.id, x.because])).toEqual([
      ['nohistory', expect.stringMatching(/no ARR history/)],
      ['mixed', expect.stringMatching(/mixes currencies \(GBP, USD\)/)],
      [expect.any(String), expect.stringMatching(/no known account/)],
    ]);
  });

  it('applies the account filters', () => {
    const eu = revenueRetention({ accounts, arrChanges: changes }, { ...YEAR_2024, ownerAe: 'Bo' });
    expect(eu.byCurrency.map((c) => c.currency)).toEqual(['EUR']);
    expect(revenueRetention({ accounts, arrChanges: changes }, { ...YEAR_2024, segment: 'smb' }).byCurrency).toEqual([]);
  });

  it('counts a zero-ARR account without letting it move the ratios', () => {
    const free = [ch('free', '2023-02-01', 'new', { arrAfter: 0 }), ch('free', '2024-04-01', 'renewal', { delta: 0 })];
    const withFree = revenueRetention({ accounts: [...accounts, acc('free')], arrChanges: [...changes, ...free] }, YEAR_2024);
    expect(withFree.byCurrency).toEqual(r.byCurrency);
    expect(withFree.notCounted).toEqual(r.notCounted);
  });

  it('has no ratio when nothing was paying at the start', () => {
    const fresh = revenueRetention({ accounts: [acc('late')], arrChanges: changes }, YEAR_2024);
    expect(fresh.byCurrency[0]).toMatchObject({ startArr: 0, nrrPercent: null, grrPercent: null, movements: { new: 70, expansion: 30 } });
  });
});

const PERIOD: DashboardFilter = { from: '2024-01-01', to: '2024-12-31' };
const day = (offset: number) => new Date(Date.UTC(2023, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
// Random histories of up to six accounts over 2023–2024.
const portfolioArb = fc.array(
  fc.record({
    start: fc.integer({ min: 1, max: 1_000_000 }),
    startDay: fc.integer({ min: 0, max: 700 }),
    moves: fc.array(fc.record({ d: fc.integer({ min: 0, max: 729 }), delta: fc.integer({ min: -50_000, max: 50_000 }).filter((x) => x !== 0) }), {
      maxLength: 5,
    }),
  }),
  { minLength: 1, maxLength: 6 },
);
type Generated = { start: number; startDay: number; moves: { d: number; delta: number }[] };
const build = (ps: Generated[]) => {
  const changes: ArrChange[] = [];
  ps.forEach((p, i) => {
    changes.push(ch(`p${i}`, day(p.startDay), 'new', { arrAfter: p.start }));
    for (const m of p.moves) changes.push(ch(`p${i}`, day(Math.max(p.startDay, m.d)), m.delta > 0 ? 'expansion' : 'contraction', { delta: m.delta }));
  });
  return { accounts: ps.map((_, i) => acc(`p${i}`)), arrChanges: changes };
};

describe('revenueRetention properties', () => {
  it('is 100% NRR and GRR for a portfolio that does not change', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 20 }), (arrs) => {
        const changes = arrs.map((arr, i) => ch(`u${i}`, '2023-06-01', 'new', { arrAfter: arr }));
        const r = revenueRetention({ accounts: arrs.map((_, i) => acc(`u${i}`)), arrChanges: changes }, PERIOD);
        expect(r.byCurrency[0]).toMatchObject({ nrrPercent: 100, grrPercent: 100 });
      }),
    );
  });

  it("starts and ends each account's period at its ARR before the first day and at the end of the last (arrBefore, arrAt)", () => {
    fc.assert(
      fc.property(portfolioArb, fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 729 }), (ps, a, b) => {
        const period = { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
        const input = build(ps);
        const timelines = buildArrTimelines(input.arrChanges);
        const paying = input.accounts.map((x) => timelines.get(x.id)!).filter((t) => arrBefore(t, period.from) > 0);
        const usd = revenueRetention(input, period).byCurrency[0];
        expect(usd?.startArr ?? 0).toBe(paying.reduce((sum, t) => sum + arrBefore(t, period.from), 0));
        expect(usd?.endArr ?? 0).toBe(paying.reduce((sum, t) => sum + arrAt(t, period.to), 0));
        expect(usd?.cohortAccountIds ?? []).toEqual(paying.map((t) => t.accountId).sort());
      }),
    );
  });

  it('gives, from the figures of another period, the figures of working out the period afresh', () => {
    const periodOf = (a: number, b: number) => ({ from: day(Math.min(a, b)), to: day(Math.max(a, b)) });
    fc.assert(
      fc.property(portfolioArb, fc.nat(729), fc.nat(729), fc.nat(729), fc.nat(729), (ps, a, b, c, d) => {
        // One account with no history and one whose history mixes currencies: not counted in either period.
        const built = build(ps);
        const input = {
          accounts: [...built.accounts, acc('none'), acc('mixed')],
          arrChanges: [
            ...built.arrChanges,
            ch('mixed', day(3), 'new', { arrAfter: 5 }),
            ch('mixed', day(9), 'expansion', { delta: 5, currency: 'EUR' }),
          ],
        };
        const fresh = revenueRetentionKept(input, periodOf(c, d));
        expect(revenueRetentionForPeriod(revenueRetentionKept(input, periodOf(a, b)), periodOf(c, d))).toEqual(fresh);
      }),
    );
  });

  it('keeps GRR within 0–100 and never above NRR', () => {
    fc.assert(
      fc.property(portfolioArb, (ps) => {
        for (const c of revenueRetention(build(ps), PERIOD).byCurrency) {
          if (c.grrPercent === null) continue;
          expect(c.grrPercent).toBeGreaterThanOrEqual(0);
          expect(c.grrPercent).toBeLessThanOrEqual(100);
          expect(c.grrPercent).toBeLessThanOrEqual(c.nrrPercent!);
        }
      }),
    );
  });

  it('never raises GRR when an account churns during the period', () => {
    fc.assert(
      fc.property(portfolioArb, fc.nat(), fc.integer({ min: 365, max: 729 }), (ps, which, churnDay) => {
        const base = build(ps);
        const target = base.accounts[which % base.accounts.length]!.id;
        const churned = { ...base, arrChanges: [...base.arrChanges, ch(target, day(churnDay), 'churn', { arrAfter: 0 })] };
        const before = revenueRetention(base, PERIOD).byCurrency[0]?.grrPercent ?? null;
        const after = revenueRetention(churned, PERIOD).byCurrency[0]?.grrPercent ?? null;
        if (before !== null && after !== null) expect(after).toBeLessThanOrEqual(before);
        // A churn cannot create a starting cohort where there was none.
        if (before === null) expect(after).toBeNull();
      }),
    );
  });
});
