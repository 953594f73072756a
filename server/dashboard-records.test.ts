// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from 'date-fns';
import {
  dashboardDataOf,
  dashboardFrom,
  dashboardSettingsOf,
  dashboardView,
  HANDOFF_WINDOW_DAYS,
  lastDays,
  preparePortfolio,
  toIsoDate,
  type Account,
  type DashboardData,
  type PreparedPortfolio,
} from '../lib/core/domain';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { paths } from '../lib/core/http-contract';
import { emptyExportBundle, type ExportBundle } from '../lib/core/model';
import { generateDemoData } from '../lib/demo/generate';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { dashboardMarksHold } from './base/dashboard-marks';
import { KeptDashboardRecords } from './routes/dashboard-records';
import * as store from './store';
import { accountDraft, commitmentDraft, flagDraft, planCreate } from '../test/factories';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, recordedQueries, startServer, testDatabases, type Client } from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('dashboard records on PostgreSQL', () => {}));

// Each list of the data in one order, whatever order it was read in.
function canonical(data: DashboardData): Record<string, string[]> {
  return Object.fromEntries(Object.entries(data).map(([k, list]) => [k, (list as unknown[]).map((x) => JSON.stringify(x)).sort()]));
}

describe.each(testDatabases())('dashboard records kept from the change log on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;
  const workspace = 'kept-records';
  const now = new Date();
  const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
  const kept = new KeptDashboardRecords();
  // Every query the kept records make, to tell a read of some accounts from one of the workspace.
  const { queryable: recorded, asked, clear, readsAnyRecord } = recordedQueries(() => db);
  const readsWholeWorkspace = () => asked.some((sql) => /FROM accounts WHERE workspace_id = \$1 ORDER BY id/.test(sql));

  /** The kept records after the writes so far, and a read of the workspace from scratch, as sets. */
  const compare = async (at = now) => {
    clear();
    const seq = await store.latestChangeSeq(db, workspace);
    const prepared = await kept.prepared(recorded, workspace, seq, settings, at);
    const readAll = !(await dashboardMarksHold(db, workspace, toIsoDate(at)));
    const fresh = dashboardDataOf((await store.dashboardRecordsOfWorkspace(db, workspace, at, readAll)).source);
    // The health and timelines kept with the records, brought up to date with them.
    const figures = (from: PreparedPortfolio) => dashboardView(dashboardFrom(from, settings, lastDays(at, 365), at));
    expect(figures(prepared)).toEqual(figures(preparePortfolio(fresh, settings.healthWeights, at)));
    // ARR changes in the order they were made, as the export lists them (an order the figures break ties by).
    const exported = (await admin.get<ExportBundle>(paths.export())).body.arrChanges ?? [];
    expect(prepared.data.arrChanges.map((c) => c.id)).toEqual(exported.map((c) => c.id));
    return { kept: canonical(prepared.data), fresh: canonical(fresh), prepared };
  };
  const expectCurrent = async (read: 'some accounts' | 'the workspace' | 'nothing', at = now) => {
    const { kept: held, fresh, prepared } = await compare(at);
    expect(held).toEqual(fresh);
    if (read === 'the workspace') expect(readsWholeWorkspace()).toBe(true);
    else expect(readsWholeWorkspace()).toBe(false);
    if (read === 'nothing') expect(readsAnyRecord()).toBe(false);
    if (read === 'some accounts') expect(readsAnyRecord()).toBe(true);
    return prepared.data;
  };

  let accounts: Account[] = [];
  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
    admin = client(server.url, await makeToken(db, workspace, 'admin'));
    const { bundle, arrChanges } = generateDemoData({ seed: 12, accounts: 24, now });
    expect((await admin.post(paths.import('replace'), { ...bundle, arrChanges })).status).toBe(200);
    accounts = (await admin.get<ExportBundle>(paths.export())).body.accounts.filter((a) => a.lifecycleStage !== 'churned');
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('reads a cold workspace once when calls arrive together', async () => {
    const fresh = new KeptDashboardRecords();
    clear();
    const seq = await store.latestChangeSeq(db, workspace);
    const [one, two] = await Promise.all([0, 1].map(() => fresh.prepared(recorded, workspace, seq, settings, now)));
    expect(two).toBe(one);
    expect(asked.filter((sql) => /FROM accounts WHERE workspace_id = \$1 ORDER BY id/.test(sql))).toHaveLength(1);
  });

  it('reads the workspace once, then only the accounts each write names, and holds the records a fresh read gives', async () => {
    await expectCurrent('the workspace');
    const was = await expectCurrent('nothing');
    const [a, b, c, d, e] = accounts;

    // A reading, which also marks the account's older readings again. The lists it left alone are the ones
    // kept, so the figures worked out from them are kept too (preparedForAccounts).
    const reading = { date: toIsoDate(now), adoptionPct: 4, activeUserTrendPct: -50, nps: -80, escalations: 3 };
    expect((await admin.post(paths.accountSnapshots(a!.id), reading)).status).toBe(201);
    const afterReading = await expectCurrent('some accounts');
    expect(afterReading.snapshots).not.toBe(was.snapshots);
    for (const list of ['accounts', 'commitments', 'flags', 'arrChanges', 'firstValues'] as const) expect(afterReading[list]).toBe(was[list]);

    // An ARR change, recorded with the account.
    const current = (await admin.get<Account>(paths.account(b!.id))).body;
    expect((await admin.patch(paths.account(b!.id), { arr: current.arr + 7_000 }, { ifMatch: current.version })).status).toBe(200);
    await expectCurrent('some accounts');

    // A promise, then broken: the account's whole reading history counts from then on.
    const promise = (await admin.post<{ id: string; version: number }>(paths.commitments(), commitmentDraft(c!.id))).body;
    await expectCurrent('some accounts');
    const broken = await admin.patch<{ version: number }>(paths.commitment(promise.id), { status: 'broken' }, { ifMatch: promise.version });
    expect(broken.status).toBe(200);
    await expectCurrent('some accounts');

    // The promise moves to another account: both are read again.
    expect((await admin.patch(paths.commitment(promise.id), { accountId: d!.id }, { ifMatch: broken.body.version })).status).toBe(200);
    await expectCurrent('some accounts');

    // A flag, a handoff answer and an approval request.
    expect((await admin.post(paths.flags(), flagDraft(e!.id))).status).toBe(201);
    expect((await admin.put(paths.handoffItem(a!.id, 'kickoff-booked'), { done: true, by: 'Cas CSM' })).status).toBe(200);
    expect((await admin.post(paths.approval(b!.id), { requestedBy: 'Ana', reason: 'strategic logo', tradeOffs: 'custom SSO' })).status).toBe(201);
    await expectCurrent('some accounts');

    // A CRM record linked to one account, then moved to another: both accounts' rows change.
    const record = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: 'kept-records-1' } as const;
    expect((await admin.post(paths.accountLinks(a!.id), record)).status).toBe(200);
    await expectCurrent('some accounts');
    expect((await admin.post(paths.accountLinks(b!.id), record)).status).toBe(200);
    await expectCurrent('some accounts');

    // A new account, its success plan, and the plan's first value achieved.
    const won = (await admin.post<Account>(paths.accounts(), accountDraft({ name: 'Newly Won', closedWonDate: toIsoDate(addDays(now, -20)) }))).body;
    await expectCurrent('some accounts');
    expect((await admin.post(paths.plan(won.id), planCreate(won.id))).status).toBe(201);
    const achieved = { status: 'done', achievedOn: toIsoDate(addDays(now, -3)) };
    expect((await admin.patch(paths.milestone(won.id, 'first-value'), achieved, { ifMatch: 1 })).status).toBe(200);
    await expectCurrent('some accounts');
    expect((await compare()).kept.firstValues!.some((f) => f.includes(won.id))).toBe(true);
  });

  it('on a new day reads again only the checklists of the accounts closing in the handoff window', async () => {
    // An account that closed as long ago as the window reaches, with a checklist answer, leaves it tomorrow.
    const closed = toIsoDate(addDays(now, -HANDOFF_WINDOW_DAYS));
    const leaving = (await admin.post<Account>(paths.accounts(), accountDraft({ name: 'Leaving Window', closedWonDate: closed }))).body;
    expect((await admin.put(paths.handoffItem(leaving.id, 'kickoff-booked'), { done: true, by: 'Cas CSM' })).status).toBe(200);
    await expectCurrent('some accounts');
    expect((await compare()).kept.handoff!.some((h) => h.includes(leaving.id))).toBe(true);
    for (const days of [1, 2, 40]) {
      const later = addDays(now, days);
      await expectCurrent('some accounts', later);
      expect(asked.some((sql) => sql.includes('FROM handoff_answers'))).toBe(true);
      expect((await compare(later)).kept.handoff!.some((h) => h.includes(leaving.id))).toBe(false);
    }
  });

  it('after a merging import reads again only the accounts it touched, those it moved records from included', async () => {
    // Kept as of now (the test before looked days ahead).
    await compare();
    const before = (await admin.get<ExportBundle>(paths.export())).body;
    const [promiseFrom, readingFrom, to, flagged, edited] = accounts.slice(8);
    const at = now.toISOString();
    // A promise and a reading moved off accounts the file does not list, a flag for another, and an account edited.
    const promise = before.commitments.find((c) => c.accountId === promiseFrom!.id);
    const reading = before.snapshots.find((r) => r.accountId === readingFrom!.id);
    expect(promise && reading).toBeTruthy();
    const merge: ExportBundle = {
      ...emptyExportBundle(at),
      accounts: [{ ...edited!, csm: 'Merged CSM', version: edited!.version + 1, updatedAt: at }],
      commitments: [{ ...promise!, accountId: to!.id, status: 'broken', version: promise!.version + 1, updatedAt: at }],
      snapshots: [{ ...reading!, accountId: to!.id }],
      flags: [{ ...flagDraft(flagged!.id), id: 'imported-flag', version: 1, createdAt: at, updatedAt: at, resolved: false }],
    };
    expect((await admin.post(paths.import('merge'), merge)).status).toBe(200);
    const seq = await store.latestChangeSeq(db, workspace);
    expect([...((await store.changedAccounts(db, workspace, [seq])).get(seq) ?? [])].sort()).toEqual(
      [promiseFrom!.id, readingFrom!.id, to!.id, flagged!.id, edited!.id].sort(),
    );
    const data = await expectCurrent('some accounts');
    expect(data.commitments.find((c) => c.id === promise!.id)?.accountId).toBe(to!.id);
    expect(data.accounts.find((a) => a.id === edited!.id)?.csm).toBe('Merged CSM');
  });

  it('reads the workspace again after a replacing import, which names no account', async () => {
    await compare();
    const all = (await admin.get<ExportBundle>(paths.export())).body;
    expect((await admin.post(paths.import('replace'), all)).status).toBe(200);
    await expectCurrent('the workspace');
  });

  it('reads the workspace again when the log no longer holds every change since the kept rows', async () => {
    await expectCurrent('nothing');
    const kept0 = await store.latestChangeSeq(db, workspace);
    const reading = { date: toIsoDate(now), adoptionPct: 61 };
    expect((await admin.post(paths.accountSnapshots(accounts[6]!.id), reading)).status).toBe(201);
    expect((await admin.post(paths.accountSnapshots(accounts[7]!.id), reading)).status).toBe(201);
    // Pruned from the oldest, as the live feed prunes it: the first change since is gone, and one
    // change later than the call's sequence (a write landing meanwhile) is there.
    await db.query('DELETE FROM change_events WHERE workspace_id = $1 AND seq = $2', [workspace, kept0 + 1]);
    clear();
    const prepared = await kept.prepared(recorded, workspace, kept0 + 1, settings, now);
    expect(readsWholeWorkspace()).toBe(true);
    const fresh = dashboardDataOf((await store.dashboardRecordsOfWorkspace(db, workspace, now, false)).source);
    expect(canonical(prepared.data)).toEqual(canonical(fresh));
    // The change after the call's sequence is still in the log: the next call reads its account only.
    await expectCurrent('some accounts');
  });

  it('reads nothing again after a write that changes no record the dashboard reads', async () => {
    const team = {
      icpProfile: DEFAULT_SETTINGS.icpProfile,
      handoffTemplate: DEFAULT_SETTINGS.handoffTemplate,
      healthWeights: DEFAULT_SETTINGS.healthWeights,
    };
    expect((await admin.put(paths.teamSettings(), team)).status).toBe(200);
    await expectCurrent('nothing');
  });
});
