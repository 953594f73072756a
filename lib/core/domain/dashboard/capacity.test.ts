import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import { capacity, CapacitySchema, isQuarterEndClose, quarterEndOf } from './capacity';

const account = (id: string, over: Partial<AccountInput>): Account => storedAccount(id, { lifecycleStage: 'activation', ...over });

describe('quarterEndOf', () => {
  it.each([
    ['2024-02-10', 1, '2024-03-31'],
    ['2024-03-31', 1, '2024-03-31'],
    ['2024-12-01', 1, '2024-12-31'],
    // Fiscal year from February: quarters Feb–Apr, May–Jul, Aug–Oct, Nov–Jan.
    ['2024-11-15', 2, '2025-01-31'],
    ['2025-01-02', 2, '2025-01-31'],
    ['2024-02-01', 2, '2024-04-30'],
  ])('%s with the year starting in month %i ends its quarter on %s', (date, start, end) => {
    expect(quarterEndOf(date, start)).toBe(end);
  });

  it('counts the last seven days of a quarter as its last week', () => {
    expect(isQuarterEndClose('2024-03-25')).toBe(true);
    expect(isQuarterEndClose('2024-03-24')).toBe(false);
    expect(isQuarterEndClose('2024-06-30')).toBe(true);
  });
});

describe('capacity', () => {
  const accounts = [
    account('o1', { csm: 'Cy', lifecycleStage: 'onboarding', closedWonDate: '2024-03-28', ownerAe: 'Ann', arr: 500 }),
    account('o2', { csm: 'Cy', lifecycleStage: 'onboarding', closedWonDate: '2024-03-30', ownerAe: 'Ann', currency: 'EUR', arr: 70 }),
    account('o3', { csm: 'Cy', lifecycleStage: 'onboarding', closedWonDate: '2024-03-10', ownerAe: 'Bo' }),
    account('o4', { csm: 'Di', lifecycleStage: 'onboarding', closedWonDate: '2024-02-01', ownerAe: 'Bo' }),
    account('o5', { lifecycleStage: 'onboarding', closedWonDate: '2024-03-27' }),
    account('live', { csm: 'Di', closedWonDate: '2023-12-29', ownerAe: 'Ann' }),
    account('no-close', { csm: 'Di' }),
  ];
  const r = capacity(accounts, { csmCapacity: 2 }, { from: '2024-01-01', to: '2024-03-31' });

  it('sets onboarding load per CSM against capacity', () => {
    expect(CapacitySchema.parse(r)).toEqual(r);
    expect(r.onboarding).toEqual({
      capacity: 2,
      total: 5,
      byCsm: [
        { csm: 'Cy', count: 3, loadPercent: 150, overCapacity: true, accountIds: ['o1', 'o2', 'o3'] },
        { csm: 'Di', count: 1, loadPercent: 50, overCapacity: false, accountIds: ['o4'] },
      ],
      unassigned: { count: 1, accountIds: ['o5'] },
    });
  });

  it('counts deals closed in the last week of the quarter, by AE, ARR per currency', () => {
    expect(r.quarterEnd.total).toEqual({
      ownerAe: null,
      deals: 5,
      quarterEnd: 3,
      percent: 60,
      accountIds: ['o1', 'o2', 'o5'],
      arr: [
        { currency: 'EUR', amount: 70 },
        { currency: 'USD', amount: 600 },
      ],
    });
    expect(r.quarterEnd.byAe.map((x) => [x.ownerAe, x.deals, x.quarterEnd, x.percent])).toEqual([
      ['Ann', 2, 2, 100],
      ['Bo', 2, 0, 0],
    ]);
    expect(r.notCounted.map((x) => [x.id, x.metric])).toEqual([
      ['o5', 'quarterEndDeals.byAe'],
      ['no-close', 'quarterEndDeals'],
    ]);
  });

  it('applies the account filters to both', () => {
    const cy = capacity(accounts, { csmCapacity: 2 }, { from: '2024-01-01', to: '2024-03-31', csm: 'Cy' });
    expect(cy.onboarding.byCsm.map((x) => x.csm)).toEqual(['Cy']);
    expect(cy.quarterEnd.total.deals).toBe(3);
  });

  it('rejects a capacity below one', () => {
    expect(() => capacity(accounts, { csmCapacity: 0 })).toThrow();
  });
});
