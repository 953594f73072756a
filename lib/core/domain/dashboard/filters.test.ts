import { describe, expect, it } from 'vitest';
import { DashboardFilterSchema, inPeriod, lastDays, matchesAccountFilter, selectAccounts } from './filters';

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
