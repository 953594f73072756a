import { describe, expect, it } from 'vitest';
import { DashboardFilterSchema, inPeriod, lastDays, matchesAccountFilter, selectAccounts, selectsAccounts, selectsWithin } from './filters';

const accounts = [
  { id: 'a', segment: 'smb' as const, ownerAe: 'Ann', csm: 'Cy' },
  { id: 'b', segment: 'enterprise' as const, ownerAe: 'Bo', csm: 'Cy' },
  { id: 'c', segment: 'smb' as const },
];
const period = { from: '2024-01-01', to: '2024-03-31' };

describe('dashboard filters', () => {
  it('select accounts by segment, owner AE and CSM together', () => {
    expect(selectAccounts(accounts, { ...period, segment: 'smb' }).map((a) => a.id)).toEqual(['a', 'c']);
    expect(selectAccounts(accounts, { ...period, csm: 'Cy', ownerAe: 'Bo' }).map((a) => a.id)).toEqual(['b']);
    // An account without an owner matches only when no owner is asked for.
    expect(matchesAccountFilter(accounts[2]!, { ...period, ownerAe: 'Ann' })).toBe(false);
    expect(selectAccounts(accounts, undefined)).toHaveLength(3);
  });

  it('say whether they select accounts, and whether one selects only accounts another does, whatever their periods', () => {
    expect(selectsAccounts({ ...period })).toBe(false);
    expect(selectsAccounts({ ...period, csm: 'Cy' })).toBe(true);
    const cy = { ...period, csm: 'Cy' };
    const later = { from: '2025-01-01', to: '2025-01-31' };
    expect(selectsWithin({ ...later, csm: 'Cy' }, cy)).toBe(true);
    expect(selectsWithin({ ...later, csm: 'Cy', segment: 'smb' }, cy)).toBe(true);
    expect(selectsWithin({ ...later, segment: 'smb' }, cy)).toBe(false);
    expect(selectsWithin({ ...later, csm: 'Di', segment: 'smb' }, cy)).toBe(false);
    expect(selectsWithin({ ...later, csm: 'Cy', segment: 'smb' }, { ...cy, segment: 'enterprise' })).toBe(false);
    // Every account a period alone selects is among those of a period alone.
    expect(selectsWithin(later, period)).toBe(true);
    // And the accounts are those selectAccounts gives.
    const within = selectAccounts(accounts, { ...later, csm: 'Cy', segment: 'smb' });
    expect(within.every((a) => selectAccounts(accounts, cy).includes(a))).toBe(true);
  });

  it('take the period as inclusive calendar days, for dates and date-times', () => {
    expect(inPeriod('2024-01-01', period)).toBe(true);
    expect(inPeriod('2024-03-31T23:59:00Z', period)).toBe(true);
    expect(inPeriod('2024-04-01', period)).toBe(false);
    expect(inPeriod('1999-01-01', undefined)).toBe(true);
  });

  it('reject a period that ends before it starts, on the end field', () => {
    const r = DashboardFilterSchema.safeParse({ from: '2024-02-01', to: '2024-01-01' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['to']);
    expect(DashboardFilterSchema.safeParse({ ...period, segment: 'giant' }).success).toBe(false);
  });

  it('build the last N days up to today', () => {
    expect(lastDays(new Date(2024, 2, 31, 12), 7)).toEqual({ from: '2024-03-25', to: '2024-03-31' });
  });
});
