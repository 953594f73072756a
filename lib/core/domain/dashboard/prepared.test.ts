import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { DEFAULT_SETTINGS } from '../defaults';
import { dashboardDataOf, dashboardFrom, dashboardSettingsOf, preparedForAccounts, preparePortfolio, type DashboardData } from './dashboard';
import { lastDays } from './filters';
import { byId } from './readings';

const NOW = new Date('2026-06-16T12:00:00Z');
const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
const { bundle, arrChanges } = generateDemoData({ seed: 21, accounts: 40, now: NOW });
const before: DashboardData = dashboardDataOf({ ...bundle, arrChanges });
const ids = before.accounts.map((a) => a.id);

// What a store holds after writes to `accounts`: each one's readings, ARR and
// fields changed, removed, or a new account in its place, depending on `how`.
function written(accounts: readonly string[], how: readonly number[]): { after: DashboardData; changed: DashboardData } {
  const touched = new Set(accounts);
  const of = (id: string | null) => id !== null && touched.has(id);
  const keep = <T>(list: readonly T[], account: (item: T) => string | null) => list.filter((item) => !of(account(item)));
  const changed: DashboardData = { ...before, accounts: [], snapshots: [], arrChanges: [], commitments: [], flags: [], handoff: [], approvals: [] };
  accounts.forEach((id, i) => {
    const kind = how[i % how.length]! % 4;
    const account = before.accounts.find((a) => a.id === id)!;
    const readings = before.snapshots.filter((s) => s.accountId === id);
    const arr = before.arrChanges.filter((c) => c.accountId === id);
    if (kind === 3) return; // removed, with its records
    changed.accounts.push(kind === 2 ? { ...account, arr: account.arr + 1_000, segment: 'enterprise' } : account);
    changed.snapshots.push(
      ...(kind === 0 ? readings.slice(0, -1) : readings),
      ...(kind === 1 ? [{ id: `zz-${id}`, accountId: id, date: '2026-06-15', adoptionPct: 3, nps: -90, escalations: 4 }] : []),
    );
    changed.arrChanges.push(
      ...arr,
      ...(kind === 2
        ? [{ id: `arr-${id}`, accountId: id, date: '2026-06-01', currency: account.currency, reason: 'expansion' as const, delta: 1_000 }]
        : []),
    );
  });
  const after: DashboardData = {
    ...before,
    accounts: [...keep(before.accounts, (a) => a.id), ...changed.accounts].sort(byId),
    snapshots: [...keep(before.snapshots, (s) => s.accountId), ...changed.snapshots].sort(byId),
    arrChanges: [...keep(before.arrChanges, (c) => c.accountId), ...changed.arrChanges],
  };
  return { after, changed };
}

describe('preparedForAccounts', () => {
  it('gives the figures of preparing the written portfolio afresh, whichever accounts were written and however', () => {
    const prepared = preparePortfolio(before, settings.healthWeights, NOW);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }),
        (accounts, how) => {
          const { after, changed } = written(accounts, how);
          const patched = preparedForAccounts(prepared, after, changed, new Set(accounts));
          const fresh = preparePortfolio(after, settings.healthWeights, NOW);
          expect(new Map([...patched.health].map(([id, h]) => [id, JSON.stringify(h)]))).toEqual(
            new Map([...fresh.health].map(([id, h]) => [id, JSON.stringify(h)])),
          );
          expect(patched.timelines).toEqual(fresh.timelines);
          expect(patched.snapshotsByAccount).toEqual(fresh.snapshotsByAccount);
          expect(patched.accountsById).toEqual(fresh.accountsById);
          for (const filter of [lastDays(NOW, 365), { ...lastDays(NOW, 90), segment: 'enterprise' as const }]) {
            expect(dashboardFrom(patched, settings, filter, NOW)).toEqual(dashboardFrom(fresh, settings, filter, NOW));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
