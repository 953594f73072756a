import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PERIODS, dashboardFilterOf, filterCarriedTo, firstDashboardFilter } from './periods';

describe('a filter carried to a later day', () => {
  it('is the same period, segment and people ending on the new day, as the page makes it', () => {
    const made = dashboardFilterOf('2026-03-31', '180', { segment: 'smb', ownerAe: 'Tom Becker', csm: 'Sam Okafor' });
    expect(filterCarriedTo(made, '2026-04-01')).toEqual({
      from: '2025-10-02',
      to: '2026-04-01',
      segment: 'smb',
      ownerAe: 'Tom Becker',
      csm: 'Sam Okafor',
    });
    // Key order too: the figures kept for a filter are found by its JSON.
    expect(JSON.stringify(filterCarriedTo(made, '2026-04-01'))).toBe(
      JSON.stringify(dashboardFilterOf('2026-04-01', '180', { segment: 'smb', ownerAe: 'Tom Becker', csm: 'Sam Okafor' })),
    );
  });

  it('carries the filter the page opens on to the one it opens on the next day, across a month and a leap day', () => {
    for (const [day, next] of [
      ['2028-02-28', '2028-02-29'],
      ['2028-02-29', '2028-03-01'],
      ['2026-12-31', '2027-01-01'],
    ]) {
      expect(filterCarriedTo(firstDashboardFilter(new Date(`${day}T12:00:00Z`)), next!)).toEqual(firstDashboardFilter(new Date(`${next}T12:00:00Z`)));
    }
  });

  it('is null for a filter that is none of the page’s periods', () => {
    expect(filterCarriedTo({ from: '2026-01-05', to: '2026-03-31' }, '2026-04-01')).toBeNull();
    expect(filterCarriedTo({ from: '2026-03-31', to: '2026-03-31', segment: 'enterprise' }, '2026-04-01')).toBeNull();
  });

  it('for every period and choice, gives the filter made on the new day, and carried to its own day gives it back', () => {
    const day = fc.integer({ min: 0, max: 3_650 }).map((n) => new Date(Date.UTC(2020, 0, 1 + n, 12)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        day,
        fc.constantFrom(...PERIODS.map((p) => p.id)),
        fc.constantFrom('', 'smb', 'mid-market', 'enterprise'),
        fc.option(fc.constantFrom('Ana', 'Bo'), { nil: undefined }),
        (made, today, periodId, segment, ownerAe) => {
          const chosen = { segment: segment as '' | 'smb' | 'mid-market' | 'enterprise', ...(ownerAe ? { ownerAe } : {}) };
          const filter = dashboardFilterOf(made, periodId, chosen);
          expect(filterCarriedTo(filter, today)).toEqual(dashboardFilterOf(today, periodId, chosen));
          expect(filterCarriedTo(filter, made)).toEqual(filter);
        },
      ),
    );
  });
});
