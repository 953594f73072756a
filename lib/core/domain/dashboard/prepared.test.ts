import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { DEFAULT_SETTINGS } from '../defaults';
import {
  dashboardDataOf,
  dashboardFrom,
  dashboardSettingsOf,
  preparedForAccounts,
  preparedWith,
  preparePortfolio,
  type DashboardData,
} from './dashboard';
import { lastDays } from './filters';
import { byId } from './readings';
import { dayNumber, isoFromDayNumber } from './common';
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
// fields (kickoff held or not) changed, removed, a flag raised on it, nothing
// the dashboard reads changed, its owner AE and CSM, its name, stage and close
// date, its ARR and expansion fields alone (no ARR change recorded), its
// kickoff alone changed, or its churn recorded, depending on `how`. A list none of whose records
// changed is the same list, as the team backend's patch leaves it.
function written(accounts: readonly string[], how: readonly number[]): { after: DashboardData; changed: DashboardData } {
  const touched = new Set(accounts);
  const of = (id: string | null) => id !== null && touched.has(id);
  const keep = <T>(list: readonly T[], account: (item: T) => string | null) => list.filter((item) => !of(account(item)));
  const changed: DashboardData = { ...before, accounts: [], snapshots: [], arrChanges: [], commitments: [], flags: [], handoff: [], approvals: [] };
  accounts.forEach((id, i) => {
    const kind = how[i % how.length]! % KINDS;
    const account = before.accounts.find((a) => a.id === id)!;
    const readings = before.snapshots.filter((s) => s.accountId === id);
    const arr = before.arrChanges.filter((c) => c.accountId === id);
    changed.flags.push(...before.flags.filter((f) => f.accountId === id));
    if (kind === 3) return; // removed, with its records
    if (kind === 4) changed.flags.push({ ...before.flags[0]!, id: `zz-flag-${id}`, accountId: id, category: 'competitor', resolved: false });
    const other = before.accounts[(ids.indexOf(id) + 1) % ids.length]!;
    changed.accounts.push(
      kind === 2
        ? { ...account, arr: account.arr + 1_000, segment: 'enterprise', kickoffDate: account.kickoffDate ? undefined : '2026-06-10' }
        : kind === 6
          ? { ...account, ownerAe: other.ownerAe, csm: account.csm === undefined ? 'Casey CSM' : undefined }
          : kind === 7
            ? { ...account, name: `${account.name} (renamed)`, lifecycleStage: 'churned', closedWonDate: '2026-06-05' }
            : kind === 8
              ? { ...account, arr: account.arr + 500, expectedExpansionArr: 9_000, acquisitionCost: 4_000, expansionArr: 0 }
              : kind === 9
                ? { ...account, kickoffDate: account.kickoffDate ? undefined : '2026-06-12' }
                : kind === 10
                  ? { ...account, arr: 0 }
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
      // Churned a month after the close (or lately), the account's fields but its ARR as they were.
      ...(kind === 10
        ? [
            {
              id: `arr-${id}`,
              accountId: id,
              date: churnDate(account.closedWonDate),
              currency: account.currency,
              reason: 'churn' as const,
              arrAfter: 0,
            },
          ]
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

const KINDS = 11;

const churnDate = (close: string | undefined) => {
  const date = close ? isoFromDayNumber(dayNumber(close) + 30) : '2026-06-01';
  return date < '2026-06-16' ? date : '2026-06-16';
};

describe('preparedForAccounts', () => {
  it('gives the figures of preparing the written portfolio afresh, whichever accounts were written and however', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(KINDS - 1), { minLength: 1, maxLength: 8 }),
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
            // As plain maps: a patch lays the written entries over the kept maps (OverlayMap).
            expect(new Map(patched.timelines)).toEqual(fresh.timelines);
            expect(new Map(patched.snapshotsByAccount)).toEqual(fresh.snapshotsByAccount);
            expect(new Map(patched.accountsById)).toEqual(fresh.accountsById);
            const now = dashboardFrom(patched, settings, filter, NOW);
            expect(now).toEqual(dashboardFrom(fresh, settings, filter, NOW));
            // Nothing retention reads was written: its figures are the ones kept, not worked out again.
            if (after.accounts === before.accounts && after.arrChanges === before.arrChanges) expect(now.retention).toBe(was.retention);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps the sections that read none of the fields an account edit changed, and works out again those that do', () => {
    const edited = ids.filter((_, i) => i % 9 === 0);
    const filter = lastDays(NOW, 365);
    const prepared = preparePortfolio(before, settings.healthWeights, NOW);
    const was = dashboardFrom(prepared, settings, filter, NOW);
    // ARR and the expansion fields alone (kind 8): retention, early churn, time to value, kickoff, the ledger's
    // commitments, the handoffs and the process issues read none of them.
    const { after, changed } = written(edited, [8]);
    const now = dashboardFrom(preparedForAccounts(prepared, after, changed, new Set(edited)), settings, filter, NOW);
    expect(now).toEqual(dashboardFrom(preparePortfolio(after, settings.healthWeights, NOW), settings, filter, NOW));
    expect(now.retention).toBe(was.retention);
    expect(now.earlyChurn).toBe(was.earlyChurn);
    expect(now.timeToValue).toBe(was.timeToValue);
    expect(now.kickoff).toBe(was.kickoff);
    expect(now.promises.byAe).toBe(was.promises.byAe);
    expect(now.agenda.handoffs).toBe(was.agenda.handoffs);
    expect(now.agenda.processIssues).toBe(was.agenda.processIssues);
    // Of capacity only the quarter-end deals' ARR is summed again, like the roadmap gaps'; the alignment rows read the ARR.
    expect(now.capacity.onboarding).toBe(was.capacity.onboarding);
    expect(now.alignment.accounts).not.toEqual(was.alignment.accounts);

    // A churn recorded (kind 10) on accounts closed lately: early churn is worked out again for them alone.
    const closedLately = before.accounts.filter((a) => a.closedWonDate && a.closedWonDate >= '2025-09-01').map((a) => a.id);
    const churned = written(closedLately.slice(0, 4), [10]);
    const prepared3 = preparePortfolio(before, settings.healthWeights, NOW);
    const was3 = dashboardFrom(prepared3, settings, filter, NOW);
    const now3 = dashboardFrom(
      preparedForAccounts(prepared3, churned.after, churned.changed, new Set(closedLately.slice(0, 4))),
      settings,
      filter,
      NOW,
    );
    expect(now3).toEqual(dashboardFrom(preparePortfolio(churned.after, settings.healthWeights, NOW), settings, filter, NOW));
    expect(now3.earlyChurn.total.churnedAccountIds).not.toEqual(was3.earlyChurn.total.churnedAccountIds);

    // The owner AE and CSM (kind 6) select accounts: every section that filters by them is worked out again.
    const owners = written(edited, [6]);
    const prepared2 = preparePortfolio(before, settings.healthWeights, NOW);
    const was2 = dashboardFrom(prepared2, settings, filter, NOW);
    const now2 = dashboardFrom(preparedForAccounts(prepared2, owners.after, owners.changed, new Set(edited)), settings, filter, NOW);
    expect(now2).toEqual(dashboardFrom(preparePortfolio(owners.after, settings.healthWeights, NOW), settings, filter, NOW));
    expect(now2.kickoff).not.toBe(was2.kickoff);
    expect(now2.retention).not.toBe(was2.retention);
  });
});

describe('dashboardFrom under one filter after another', () => {
  // The choices a person tries in turn: periods (one ending before today), a segment, an owner AE and a CSM.
  const owner = before.accounts.find((a) => a.ownerAe)!.ownerAe!;
  const csm = before.accounts.find((a) => a.csm)!.csm!;
  const FILTERS = [
    lastDays(NOW, 365),
    lastDays(NOW, 90),
    lastDays(NOW, 30),
    { from: '2025-10-01', to: '2026-03-31' },
    { ...lastDays(NOW, 180), segment: 'enterprise' as const },
    { ...lastDays(NOW, 90), segment: 'enterprise' as const },
    { ...lastDays(NOW, 365), ownerAe: owner },
    { ...lastDays(NOW, 90), ownerAe: owner },
    { ...lastDays(NOW, 180), csm },
  ];

  it('gives the figures of computing each afresh, whatever the order and whatever was written between them', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ filter: fc.nat(FILTERS.length - 1), write: fc.option(fc.nat(ids.length - 1), { nil: undefined }), how: fc.nat(KINDS - 1) }),
          {
            minLength: 2,
            maxLength: 7,
          },
        ),
        (steps) => {
          let prepared = preparePortfolio(before, settings.healthWeights, NOW);
          let data = before;
          // The accounts written so far and how: each write gives them all again, the earlier ones as they were left.
          const wrote: string[] = [];
          const hows: number[] = [];
          for (const { filter, write, how } of steps) {
            // A write (a removal among them) between two filters: the kept figures of the filter before are patched.
            if (write !== undefined && !wrote.includes(ids[write]!)) {
              wrote.push(ids[write]!);
              hows.push(how);
              const { after, changed } = written(wrote, hows);
              prepared = preparedForAccounts(prepared, after, changed, new Set(wrote));
              data = after;
            }
            const f = FILTERS[filter]!;
            expect(dashboardFrom(prepared, settings, f, NOW)).toEqual(
              dashboardFrom(preparePortfolio(data, settings.healthWeights, NOW), settings, f, NOW),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps, across a change of period alone, the parts that read no period and the alignment rows the period does not move', () => {
    const prepared = preparePortfolio(before, settings.healthWeights, NOW);
    const year = dashboardFrom(prepared, settings, lastDays(NOW, 365), NOW);
    const quarter = dashboardFrom(prepared, settings, lastDays(NOW, 90), NOW);
    expect(quarter.agenda.atRisk).toBe(year.agenda.atRisk);
    expect(quarter.agenda.expansionSignals).toBe(year.agenda.expansionSignals);
    // A row is made again only for an account the quarter takes out of the deals closed in the period.
    const moved = quarter.alignment.accounts.filter((r, i) => r !== year.alignment.accounts[i]);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((r) => !r.inCohort && year.alignment.accounts.find((y) => y.accountId === r.accountId)!.inCohort)).toBe(true);
    // Another segment selects other accounts: those parts are worked out again.
    const enterprise = dashboardFrom(prepared, settings, { ...lastDays(NOW, 90), segment: 'enterprise' }, NOW);
    expect(enterprise.agenda.atRisk).not.toBe(quarter.agenda.atRisk);
  });
});

describe('preparedForAccounts after ARR history written for an id that is no account', () => {
  it('lists the history as not counted, as a fresh read does', () => {
    const filter = lastDays(NOW, 365);
    const prepared = preparePortfolio(before, settings.healthWeights, NOW);
    dashboardFrom(prepared, settings, filter, NOW);
    const stray = { id: 'arr-stray', accountId: 'acc_nobody', date: '2026-06-01', currency: 'USD', reason: 'expansion' as const, delta: 500 };
    const after: DashboardData = { ...before, arrChanges: [...before.arrChanges, stray] };
    const changed = { accounts: [], snapshots: [], arrChanges: [stray] };
    const now = dashboardFrom(preparedForAccounts(prepared, after, changed, new Set(['acc_nobody'])), settings, filter, NOW);
    expect(now).toEqual(dashboardFrom(preparePortfolio(after, settings.healthWeights, NOW), settings, filter, NOW));
    expect(now.retention.notCounted).toContainEqual(expect.objectContaining({ id: 'arr-stray', because: 'it belongs to no known account' }));
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

describe('preparedWith, a reading logged in the extension', () => {
  it('gives the figures of preparing the portfolio with the reading afresh, each after the one before', () => {
    // Accounts closed in the period with a kickoff and no first value recorded: a reading's days to first value counts.
    const recorded = new Set((before.firstValues ?? []).map((f) => f.accountId));
    const waiting = before.accounts.filter((a) => a.closedWonDate && a.closedWonDate >= '2025-07-01' && a.kickoffDate && !recorded.has(a.id));
    expect(waiting.length).toBeGreaterThan(2);
    const filter = lastDays(NOW, 365);
    let data = before;
    let prepared = preparePortfolio(data, settings.healthWeights, NOW);
    const was = dashboardFrom(prepared, settings, filter, NOW);
    waiting.slice(0, 3).forEach((account, i) => {
      const snapshot = { id: `zz-${account.id}`, accountId: account.id, date: '2026-06-15', adoptionPct: 4, daysToFirstValue: 3 + i };
      data = { ...data, snapshots: [...data.snapshots, snapshot].sort(byId) };
      prepared = preparedWith(prepared, { snapshot });
      expect(dashboardFrom(prepared, settings, filter, NOW)).toEqual(
        dashboardFrom(preparePortfolio(data, settings.healthWeights, NOW), settings, filter, NOW),
      );
    });
    // The case is one where the days to first value move.
    expect(dashboardFrom(prepared, settings, filter, NOW).timeToValue).not.toEqual(was.timeToValue);
  });
});
