import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { DEFAULT_SETTINGS } from '../defaults';
import { dashboardDataOf, dashboardFrom, dashboardSettingsOf, preparedForAccounts, preparePortfolio, type DashboardData } from './dashboard';
import { lastDays } from './filters';
import { byId } from './readings';
import { closesInWindow, handoffWindow } from './review-agenda';

const NOW = new Date('2026-06-16T12:00:00Z');
const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
const { bundle, arrChanges } = generateDemoData({ seed: 21, accounts: 40, now: NOW });
// In id order, as a store lists its records.
const exported = dashboardDataOf({ ...bundle, arrChanges });
const before: DashboardData = {
  ...exported,
  accounts: [...exported.accounts].sort(byId),
  snapshots: [...exported.snapshots].sort(byId),
  flags: [...exported.flags].sort(byId),
};
const ids = before.accounts.map((a) => a.id);

// What a store holds after writes to `accounts`: each one's readings, ARR and
// fields (kickoff held or not) changed, removed, a flag raised on it, or nothing the dashboard reads
// changed, depending on `how`. A list none of whose records changed is the
// same list, as the team backend's patch leaves it.
function written(accounts: readonly string[], how: readonly number[]): { after: DashboardData; changed: DashboardData } {
  const touched = new Set(accounts);
  const of = (id: string | null) => id !== null && touched.has(id);
  const keep = <T>(list: readonly T[], account: (item: T) => string | null) => list.filter((item) => !of(account(item)));
  const changed: DashboardData = { ...before, accounts: [], snapshots: [], arrChanges: [], commitments: [], flags: [], handoff: [], approvals: [] };
  accounts.forEach((id, i) => {
    const kind = how[i % how.length]! % 6;
    const account = before.accounts.find((a) => a.id === id)!;
    const readings = before.snapshots.filter((s) => s.accountId === id);
    const arr = before.arrChanges.filter((c) => c.accountId === id);
    changed.flags.push(...before.flags.filter((f) => f.accountId === id));
    if (kind === 3) return; // removed, with its records
    if (kind === 4) changed.flags.push({ ...before.flags[0]!, id: `zz-flag-${id}`, accountId: id, category: 'competitor', resolved: false });
    changed.accounts.push(
      kind === 2
        ? { ...account, arr: account.arr + 1_000, segment: 'enterprise', kickoffDate: account.kickoffDate ? undefined : '2026-06-10' }
        : account,
    );
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
  const same = <T>(list: T[], was: readonly T[]) => (list.length === was.length && list.every((x, i) => x === was[i]) ? (was as T[]) : list);
  const after: DashboardData = {
    ...before,
    accounts: same([...keep(before.accounts, (a) => a.id), ...changed.accounts].sort(byId), before.accounts),
    snapshots: same([...keep(before.snapshots, (s) => s.accountId), ...changed.snapshots].sort(byId), before.snapshots),
    // ARR changes stay in the order they were made: a removed account's go, a new one comes last.
    arrChanges: same(
      [
        ...before.arrChanges.filter((c) => !of(c.accountId) || changed.arrChanges.includes(c)),
        ...changed.arrChanges.filter((c) => !before.arrChanges.includes(c)),
      ],
      before.arrChanges,
    ),
    flags: same([...keep(before.flags, (f) => f.accountId), ...changed.flags].sort(byId), before.flags),
  };
  return { after, changed };
}

describe('preparedForAccounts', () => {
  it('gives the figures of preparing the written portfolio afresh, whichever accounts were written and however', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(5), { minLength: 1, maxLength: 8 }),
        (accounts, how) => {
          const { after, changed } = written(accounts, how);
          const fresh = preparePortfolio(after, settings.healthWeights, NOW);
          for (const filter of [lastDays(NOW, 365), { ...lastDays(NOW, 90), segment: 'enterprise' as const }]) {
            const prepared = preparePortfolio(before, settings.healthWeights, NOW);
            // The sections computed before the writes, as a page asking again after a write has them.
            const was = dashboardFrom(prepared, settings, filter, NOW);
            const patched = preparedForAccounts(prepared, after, changed, new Set(accounts));
            expect(new Map([...patched.health].map(([id, h]) => [id, JSON.stringify(h)]))).toEqual(
              new Map([...fresh.health].map(([id, h]) => [id, JSON.stringify(h)])),
            );
            expect(patched.timelines).toEqual(fresh.timelines);
            expect(patched.snapshotsByAccount).toEqual(fresh.snapshotsByAccount);
            expect(patched.accountsById).toEqual(fresh.accountsById);
            const now = dashboardFrom(patched, settings, filter, NOW);
            expect(now).toEqual(dashboardFrom(fresh, settings, filter, NOW));
            // Nothing retention reads was written: its figures are the ones kept, not worked out again.
            if (after.accounts === before.accounts && after.arrChanges === before.arrChanges) expect(now.retention).toBe(was.retention);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('preparedForAccounts after readings that move the health-dependent figures', () => {
  it('works out again a broken promise followed by a health drop, the days to first value the readings give, and the handoffs', () => {
    // Three promises broken in the spring, on accounts whose health was fine then.
    const base: DashboardData = {
      ...before,
      commitments: before.commitments.map((c, i) =>
        i % 7 === 0 && c.accountId ? { ...c, status: 'broken' as const, updatedAt: '2026-03-02T10:00:00.000Z' } : c,
      ),
    };
    const broken = new Set(base.commitments.flatMap((c) => (c.status === 'broken' && c.accountId ? [c.accountId] : [])));
    const recent = base.accounts.filter((a) => a.closedWonDate && a.closedWonDate >= '2025-09-01').map((a) => a.id);
    // And the checklists of the accounts in the review's handoff window emptied.
    const handing = new Set(base.accounts.filter((a) => closesInWindow(a, handoffWindow(NOW))).map((a) => a.id));
    const accounts = [...new Set([...broken, ...recent.slice(0, 6), ...handing])];
    expect(broken.size).toBeGreaterThan(0);
    const mine = new Set(accounts);
    const low = accounts.map((id) => ({
      id: `zz-${id}`,
      accountId: id,
      date: '2026-06-15',
      adoptionPct: 3,
      nps: -90,
      escalations: 4,
      daysToFirstValue: 5,
    }));
    const after: DashboardData = {
      ...base,
      snapshots: [...base.snapshots, ...low].sort(byId),
      handoff: base.handoff.map((h) => (handing.has(h.accountId) ? { ...h, answers: {} } : h)),
    };
    const changed = {
      accounts: base.accounts.filter((a) => mine.has(a.id)),
      snapshots: after.snapshots.filter((s) => mine.has(s.accountId)),
      arrChanges: base.arrChanges.filter((c) => mine.has(c.accountId)),
    };
    const filter = lastDays(NOW, 365);
    const prepared = preparePortfolio(base, settings.healthWeights, NOW);
    const was = dashboardFrom(prepared, settings, filter, NOW);
    const now = dashboardFrom(preparedForAccounts(prepared, after, changed, mine), settings, filter, NOW);
    expect(now).toEqual(dashboardFrom(preparePortfolio(after, settings.healthWeights, NOW), settings, filter, NOW));
    // The case is one where those figures move.
    expect(now.promises.brokenThenTrouble).not.toEqual(was.promises.brokenThenTrouble);
    expect(now.timeToValue.accounts).not.toEqual(was.timeToValue.accounts);
    expect(now.agenda.handoffs).not.toEqual(was.agenda.handoffs);
  });
});
