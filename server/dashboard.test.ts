// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOfExport, dashboardSettingsOf, dashboardView, lastDays, toIsoDate, type Account } from '../lib/core/domain';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { paths } from '../lib/core/http-contract';
import { emptyExportBundle, type ExportBundle } from '../lib/core/model';
import { generateDemoData } from '../lib/demo/generate';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { markDashboardReadings } from './base/dashboard-marks';
import { addDays } from 'date-fns';
import { accountDraft, commitmentDraft } from '../test/factories';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, readingsMarkedOtherwise, startServer, testDatabases, type Client } from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('dashboard on PostgreSQL', () => {}));

// The server keeps its last dashboard per workspace; these hold it to the
// workspace as it is after every kind of write, and to one workspace.
describe.each(testDatabases())('dashboard routes on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;
  let reader: Client;
  let otherAdmin: Client;
  const now = new Date();
  const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
  const filter = lastDays(now, 365);

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
    admin = client(server.url, await makeToken(db, 'dash', 'admin'));
    reader = client(server.url, await makeToken(db, 'dash', 'read-only'));
    otherAdmin = client(server.url, await makeToken(db, 'dash-other', 'admin'));
    const { bundle, arrChanges } = generateDemoData({ seed: 8, accounts: 30, now });
    expect((await admin.post(paths.import('replace'), { ...bundle, arrChanges })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  const expected = async () => {
    const stored = (await admin.get<ExportBundle>(paths.export())).body;
    return dashboardOfExport(stored, settings, filter, now);
  };

  it('answers the figures of the workspace after each write, not the ones computed before it', async () => {
    const first = await reader.post(paths.dashboard(), { filter, settings });
    expect(first.body).toEqual(dashboardView(await expected()));
    const account = (await admin.get<ExportBundle>(paths.export())).body.accounts.find((a) => a.lifecycleStage !== 'churned')!;

    // A reading that puts the account at risk today.
    const reading = { date: toIsoDate(now), adoptionPct: 2, activeUserTrendPct: -60, nps: -100, escalations: 5 };
    expect((await admin.post(paths.accountSnapshots(account.id), reading)).status).toBe(201);
    const afterReading = await reader.post(paths.dashboard(), { filter, settings });
    expect(afterReading.body).toEqual(dashboardView(await expected()));
    expect((await reader.post(paths.dashboardAgenda(), { filter, settings })).body.atRisk.map((a: { accountId: string }) => a.accountId)).toContain(
      account.id,
    );

    // An ARR change is history the retention figures read.
    const current = (await admin.get(paths.account(account.id))).body;
    expect((await admin.patch(paths.account(account.id), { arr: current.arr + 5_000 }, { ifMatch: current.version })).status).toBe(200);
    const afterEdit = await reader.post(paths.dashboard(), { filter, settings });
    expect(afterEdit.body).toEqual(dashboardView(await expected()));
    expect(afterEdit.body.retention).not.toEqual(afterReading.body.retention);
  });

  // Every write leaves each reading of the workspace marked as the rule gives it today.
  const expectMarkedByRule = async (workspace: string) => expect(await readingsMarkedOtherwise(db, workspace, toIsoDate(now))).toEqual([]);

  // Weights that score one component only, and the defaults.
  const sentimentOnly = {
    ...settings,
    healthWeights: Object.fromEntries(
      Object.keys(settings.healthWeights).map((c) => [c, c === 'sentiment' ? 1 : 0]),
    ) as typeof settings.healthWeights,
  };
  const expectWholeHistoryFigures = async (own: Client) => {
    const stored = (await own.get<ExportBundle>(paths.export())).body;
    for (const s of [settings, sentimentOnly]) {
      expect((await own.post(paths.dashboard(), { filter, settings: s })).body).toEqual(dashboardView(dashboardOfExport(stored, s, filter, now)));
    }
    return stored;
  };
  const nothingElse = emptyExportBundle(now.toISOString());

  it('reads a third of the readings, marked as they were written, with the figures of the whole history', async () => {
    const workspace = 'dash-marks';
    const own = client(server.url, await makeToken(db, workspace, 'admin'));
    const { bundle, arrChanges } = generateDemoData({ seed: 9, accounts: 16, now });
    expect((await own.post(paths.import('replace'), { ...bundle, arrChanges })).status).toBe(200);
    const counts = (
      await db.query<{ all: number; marked: number }>(
        'SELECT count(*)::int AS all, count(*) FILTER (WHERE for_dashboard)::int AS marked FROM snapshots WHERE workspace_id = $1',
        [workspace],
      )
    ).rows[0]!;
    expect(counts.marked).toBeGreaterThan(0);
    expect(counts.marked).toBeLessThan(counts.all / 2);
    await expectMarkedByRule(workspace);
    const stored = await expectWholeHistoryFigures(own);

    // A reading on the date of an account's second-latest one, and one newer than all.
    const account = stored.accounts.find((a) => stored.snapshots.filter((r) => r.accountId === a.id).length >= 4)!;
    const dates = [...new Set(stored.snapshots.filter((r) => r.accountId === account.id).map((r) => r.date))].sort().reverse();
    expect((await own.post(paths.accountSnapshots(account.id), { date: dates[1]!, adoptionPct: 12 })).status).toBe(201);
    const full = { adoptionPct: 40, activeUserTrendPct: -5, loginsPerUserPerWeek: 3, openTickets: 2, escalations: 1, nps: 10 };
    expect((await own.post(paths.accountSnapshots(account.id), { date: toIsoDate(now), ...full })).status).toBe(201);
    await expectMarkedByRule(workspace);
    await expectWholeHistoryFigures(own);
  });

  it('marks again the account a merge moves a reading from, and reads the whole history of an account with a broken promise', async () => {
    const workspace = 'dash-marks-moves';
    const own = client(server.url, await makeToken(db, workspace, 'admin'));
    const create = async (name: string) =>
      (await own.post<Account>(paths.accounts(), accountDraft({ name, arr: 50_000, closedWonDate: toIsoDate(addDays(now, -200)) }))).body;
    const [a, b] = [await create('Slipping Co'), await create('Other Co')];
    const good = { adoptionPct: 95, activeUserTrendPct: 30, loginsPerUserPerWeek: 8, openTickets: 0, escalations: 0, nps: 70 };
    const poor = { adoptionPct: 8, activeUserTrendPct: -60, loginsPerUserPerWeek: 0.2, openTickets: 9, escalations: 4, nps: -60 };
    const reading = (days: number, inputs: typeof good) => ({ id: `r${-days}`, accountId: a.id, date: toIsoDate(addDays(now, days)), ...inputs });
    const readings = [reading(-50, good), reading(-40, good), reading(-30, poor), reading(-20, poor), reading(-10, poor)];
    // Broken 35 days ago: the promise ledger compares the reading 40 days ago, which no mark keeps, with the latest.
    const stamp = (days: number) => `${toIsoDate(addDays(now, days))}T12:00:00.000Z`;
    const promise = {
      ...commitmentDraft(a.id, { status: 'broken', madeOn: toIsoDate(addDays(now, -60)) }),
      id: 'promise-broken',
      version: 1,
      createdAt: stamp(-60),
      updatedAt: stamp(-35),
    };
    const loaded = await own.post(paths.import('merge'), { ...nothingElse, snapshots: readings, commitments: [promise] });
    expect(loaded.body).not.toHaveProperty('error');
    expect(loaded.status).toBe(200);
    await expectMarkedByRule(workspace);
    const stored = await expectWholeHistoryFigures(own);
    expect(dashboardOfExport(stored, settings, filter, now).promises.brokenThenTrouble.map((t) => t.accountId)).toEqual([a.id]);

    // The latest reading moves to another account: the one it leaves keeps its next two.
    expect((await own.post(paths.import('merge'), { ...nothingElse, snapshots: [{ ...readings[4]!, accountId: b.id }] })).status).toBe(200);
    await expectMarkedByRule(workspace);
    await expectWholeHistoryFigures(own);
  });

  it('reads every reading when the marks were made on a later day than the dashboard', async () => {
    const workspace = 'dash-marks-later';
    const own = client(server.url, await makeToken(db, workspace, 'admin'));
    const created = await own.post<Account>(
      paths.accounts(),
      accountDraft({ name: 'Later Marks', arr: 50_000, closedWonDate: toIsoDate(addDays(now, -200)) }),
    );
    const account = created.body;
    const reading = (days: number) => ({
      date: toIsoDate(addDays(now, days)),
      adoptionPct: 50 + days,
      activeUserTrendPct: days,
      nps: days,
      escalations: 1,
    });
    for (const days of [-10, -5, 10, 20, 25]) expect((await own.post(paths.accountSnapshots(account.id), reading(days))).status).toBe(201);
    // Marked 30 days on, the two readings that count today are no longer among those kept.
    await db.transaction((tx) => markDashboardReadings(tx, workspace, [account.id], addDays(now, 30)));
    await expectWholeHistoryFigures(own);
  });

  it('computes each workspace from its own data', async () => {
    const other = await otherAdmin.post(paths.dashboard(), { filter, settings });
    expect(other.status).toBe(200);
    expect(other.body.alignment.currencies).toEqual([]);
    expect(other.body.agendaTotals).toEqual({ atRisk: 0, expansionSignals: 0, handoffs: 0 });
    const mine = await reader.post(paths.dashboard(), { filter, settings });
    expect(mine.body).toEqual(dashboardView(await expected()));
  });
});
