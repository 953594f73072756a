// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOfExport, dashboardSettingsOf, dashboardView, lastDays, toIsoDate } from '../lib/core/domain';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { paths } from '../lib/core/http-contract';
import type { ExportBundle } from '../lib/core/model';
import { generateDemoData } from '../lib/demo/generate';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { PG_SKIP_MESSAGE, client, hasPostgres, makeToken, startServer, testDatabases, type Client } from '../test/server';

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

  it('computes each workspace from its own data', async () => {
    const other = await otherAdmin.post(paths.dashboard(), { filter, settings });
    expect(other.status).toBe(200);
    expect(other.body.alignment.currencies).toEqual([]);
    expect(other.body.agendaTotals).toEqual({ atRisk: 0, expansionSignals: 0, handoffs: 0 });
    const mine = await reader.post(paths.dashboard(), { filter, settings });
    expect(mine.body).toEqual(dashboardView(await expected()));
  });
});
