import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { DEFAULT_SETTINGS } from '../defaults';
import { computeDashboard, dashboardSettingsOf } from './dashboard';
import { lastDays } from './filters';
import {
  accountListKey,
  AGENDA_PREVIEW,
  dashboardListIds,
  dashboardRows,
  dashboardView,
  DashboardViewSchema,
  rowsOfKind,
  TABLE_PREVIEW,
  type DashboardList,
} from './summary';

const now = new Date('2026-03-10T12:00:00Z');
const { bundle, arrChanges } = generateDemoData({ seed: 7, accounts: 300, now });
const dashboard = computeDashboard({ ...bundle, arrChanges }, dashboardSettingsOf(DEFAULT_SETTINGS), lastDays(now, 365), now);

function listsIn(value: unknown, found: DashboardList[] = []): DashboardList[] {
  if (Array.isArray(value)) for (const v of value) listsIn(v, found);
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.key === 'string' && typeof o.count === 'number' && Object.keys(o).length === 2) found.push(o as DashboardList);
    else for (const v of Object.values(o)) listsIn(v, found);
  }
  return found;
}

describe('dashboardView', () => {
  const view = dashboardView(dashboard);

  it('parses with its schema and carries no list of ids and no per-account rows', () => {
    expect(DashboardViewSchema.parse(view)).toEqual(view);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/"(accountIds|\w+AccountIds)":\[/);
    expect(json).not.toMatch(/"(commitmentIds|flagIds)"/);
    expect('accounts' in view.alignment).toBe(false);
    expect('accounts' in view.timeToValue).toBe(false);
    // A fraction of the computed dashboard, which lists every account behind every number.
    expect(json.length * 5).toBeLessThan(JSON.stringify(dashboard).length);
  });

  it('keeps every figure, and each list key gives back exactly the accounts behind its number', () => {
    expect(view.alignment.funnel.map((s) => [s.step, s.count, s.arr])).toEqual(dashboard.alignment.funnel.map((s) => [s.step, s.count, s.arr]));
    expect(view.retention.byCurrency.map((c) => c.nrrPercent)).toEqual(dashboard.retention.byCurrency.map((c) => c.nrrPercent));
    const lists = listsIn(view);
    expect(lists.length).toBeGreaterThan(30);
    for (const list of lists) {
      const ids = dashboardListIds(dashboard, list.key);
      expect(ids, list.key).not.toBeNull();
      expect(ids!.length, list.key).toBe(list.count);
    }
    expect(dashboardListIds(dashboard, view.alignment.funnel[0]!.accountIds.key)).toEqual(dashboard.alignment.funnel[0]!.accountIds);
    const broken = view.promises.all.outcomes.find((o) => o.outcome === 'broken')!.accountIds;
    expect(dashboardListIds(dashboard, broken.key)).toEqual([
      ...new Set(dashboard.promises.all.cells.filter((c) => c.outcome === 'broken').flatMap((c) => c.accountIds)),
    ]);
  });

  it('carries the first items of each review section and how many there are', () => {
    expect(dashboard.agenda.atRisk.length).toBeGreaterThan(AGENDA_PREVIEW);
    expect(view.agenda.atRisk.map((a) => a.accountId)).toEqual(dashboard.agenda.atRisk.slice(0, AGENDA_PREVIEW).map((a) => a.accountId));
    expect(view.agendaTotals).toEqual({
      atRisk: dashboard.agenda.atRisk.length,
      expansionSignals: dashboard.agenda.expansionSignals.length,
      handoffs: dashboard.agenda.handoffs.length,
    });
  });

  it('carries the first rows of each table and how many there are, and each table key gives back every row', () => {
    const tables: [string, { key: string; count: number; first: unknown[] }, unknown[], number][] = [
      ['roadmapGaps', view.promises.roadmapGaps.items, dashboard.promises.roadmapGaps.items, TABLE_PREVIEW.roadmapGaps],
      ['brokenThenTrouble', view.promises.brokenThenTrouble, dashboard.promises.brokenThenTrouble, TABLE_PREVIEW.brokenThenTrouble],
      ['notCounted', view.alignment.notCounted, dashboard.alignment.notCounted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.retention.notCounted, dashboard.retention.notCounted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.retention.adjusted, dashboard.retention.adjusted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.timeToValue.notCounted, dashboard.timeToValue.notCounted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.promises.notCounted, dashboard.promises.notCounted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.agenda.notCounted, dashboard.agenda.notCounted, TABLE_PREVIEW.notCounted],
      ['notCounted', view.capacity.notCounted, dashboard.capacity.notCounted, TABLE_PREVIEW.notCounted],
    ];
    expect(dashboard.promises.roadmapGaps.items.length).toBeGreaterThan(TABLE_PREVIEW.roadmapGaps);
    expect(dashboard.timeToValue.notCounted.length).toBeGreaterThan(TABLE_PREVIEW.notCounted);
    for (const [kind, preview, rows, first] of tables) {
      expect(preview.count, preview.key).toBe(rows.length);
      expect(preview.first, preview.key).toEqual(rows.slice(0, first));
      const page = dashboardRows(dashboard, [], { list: preview.key, offset: 1, limit: 2 })!;
      expect([page.kind, page.total, page.offset, page.rows], preview.key).toEqual([kind, rows.length, 1, rows.slice(1, 3)]);
    }
    expect(rowsOfKind(dashboardRows(dashboard, [], { list: 'promises.roadmapGaps.items', offset: 0, limit: 1000 })!, 'roadmapGaps')).toEqual(
      dashboard.promises.roadmapGaps.items,
    );
    expect(() => rowsOfKind(dashboardRows(dashboard, [], { list: 'alignment.notCounted', offset: 0, limit: 1 })!, 'accounts')).toThrow();
    // `items` names a table only where the roadmap gaps keep theirs.
    for (const key of ['alignment.items', 'promises.items', 'promises.roadmapGaps.count', 'promises.roadmapGaps'])
      expect(dashboardRows(dashboard, [], { list: key, offset: 0, limit: 1 }), key).toBeNull();
  });

  it('names the owner AEs and CSMs of the accounts the filter selects', () => {
    const aes = [...new Set(bundle.accounts.flatMap((a) => (a.ownerAe ? [a.ownerAe] : [])))].sort();
    expect(view.people.ownerAes).toEqual(aes);
  });
});

describe('dashboardListIds and dashboardRows', () => {
  it('answers only keys that name a list of accounts', () => {
    for (const key of [
      'alignment.currencies',
      'alignment',
      'constructor.accountIds',
      '__proto__.accountIds',
      'retention.byCurrency.99.cohortAccountIds',
      'account:',
      '',
    ])
      expect(dashboardListIds(dashboard, key), key).toBeNull();
    expect(dashboardListIds(dashboard, accountListKey('acc_x'))).toEqual(['acc_x']);
  });

  it('pages in list order with each account row, and a row of null for an account the filter does not select', () => {
    const key = 'alignment.funnel.0.accountIds';
    const ids = dashboard.alignment.funnel[0]!.accountIds;
    const page = dashboardRows(dashboard, bundle.accounts, { list: key, offset: 2, limit: 3 })!;
    expect(page).toMatchObject({ kind: 'accounts', list: key, total: ids.length, offset: 2 });
    const rows = rowsOfKind(page, 'accounts');
    expect(rows.map((r) => r.accountId)).toEqual(ids.slice(2, 5));
    expect(rows[0]!.account).toEqual(dashboard.alignment.accounts.find((a) => a.accountId === ids[2]));
    expect(dashboardRows(dashboard, bundle.accounts, { list: key, offset: ids.length, limit: 3 })!.rows).toEqual([]);
    expect(dashboardRows(dashboard, bundle.accounts, { list: accountListKey('nobody'), offset: 0, limit: 3 })!.rows).toEqual([
      { accountId: 'nobody', account: null, crmUrl: null },
    ]);
    expect(dashboardRows(dashboard, bundle.accounts, { list: 'alignment.asOf', offset: 0, limit: 3 })).toBeNull();
  });
});
