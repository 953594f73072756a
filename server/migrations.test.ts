// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from 'date-fns';
import { toIsoDate } from '../lib/core/domain/dates';
import { dashboardReadings } from '../lib/core/domain/dashboard/readings';
import { paths } from '../lib/core/http-contract';
import { client, makeToken, startServer, testDatabases } from '../test/server';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { migrate } from './base/migrations';

// Links stored before records were identified by platform, tenant and id
// (by host and object type instead) survive the change, and now match as the
// local store matches them.

describe.each(testDatabases())('record identity migration on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    await migrate(db, { to: '0005-rate-limits' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('keeps every stored link and finds each record from any host of its tenant', async () => {
    const token = await makeToken(db, 'legacy', 'admin');
    const account = (id: string, crmRefs: object[]) => ({
      id,
      name: id,
      segment: 'smb',
      currency: 'USD',
      arr: 1000,
      integrations: [],
      lifecycleStage: 'onboarding',
      crmRefs,
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const sf = { platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001Dn00000NwLgXIAV' };
    const hs = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '901' };
    for (const [id, ref] of [
      ['acc_sf', sf],
      ['acc_hs', hs],
    ] as const) {
      await db.query(
        `INSERT INTO accounts (workspace_id, id, name, name_key, domain_key, version, created_at, updated_at, data)
         VALUES ('legacy', $1, $1, $1, NULL, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', $2::jsonb)`,
        [id, JSON.stringify(account(id, [ref]))],
      );
      await db.query(
        `INSERT INTO account_links (workspace_id, platform, host, object_type, record_id, account_id) VALUES ('legacy', $1, $2, $3, $4, $5)`,
        [ref.platform, ref.host, ref.objectType, ref.recordId, id],
      );
    }
    expect(await migrate(db)).toContain('0006-record-identity');
    server = await startServer(db, { migrate: false });
    const api = client(server.url, token);
    const resolve = async (ref: object) => (await api.post(paths.resolve(), ref)).body;
    expect(await resolve({ ...sf, host: 'acme.my.salesforce.com', recordId: sf.recordId.slice(0, 15) })).toEqual({
      status: 'linked',
      accountId: 'acc_sf',
      matchedBy: 'record',
    });
    expect(await resolve({ ...hs, tenant: '4455667' })).toEqual({ status: 'linked', accountId: 'acc_hs', matchedBy: 'record' });
    expect(await resolve({ ...sf, host: 'globex.lightning.force.com' })).toMatchObject({ status: 'not-linked' });
    expect((await api.get(paths.account('acc_hs'))).body.crmRefs).toEqual([hs]);
  });
});

// Readings stored before the dashboard marked what it reads are marked by the
// migration, by the rule every write keeps since.
describe.each(testDatabases())('dashboard marks migration on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    await migrate(db, { to: '0010-team-settings' });
  }, 60_000);
  afterAll(async () => {
    await dispose?.();
  });

  it('marks every stored reading as the rule gives it on the day it runs', async () => {
    await makeToken(db, 'before-marks', 'admin');
    const now = new Date();
    const readings = [50, 40, 30, 20, 10, -5].map((daysAgo) => ({
      id: `r${daysAgo}`,
      accountId: 'acc_m',
      date: toIsoDate(addDays(now, -daysAgo)),
      adoptionPct: 50,
      nps: 10,
    }));
    for (const s of readings) {
      await db.query(`INSERT INTO snapshots (workspace_id, id, account_id, date, data) VALUES ('before-marks', $1, $2, $3, $4::jsonb)`, [
        s.id,
        s.accountId,
        s.date,
        JSON.stringify(s),
      ]);
    }
    expect(await migrate(db)).toContain('0011-dashboard-marks');
    const marked = await db.query<{ id: string }>("SELECT id FROM snapshots WHERE workspace_id = 'before-marks' AND for_dashboard ORDER BY id");
    const kept = dashboardReadings(readings, toIsoDate(now), false).map((s) => s.id);
    expect(marked.rows.map((r) => r.id)).toEqual([...kept].sort());
    // The two latest, and the one dated after today.
    expect(kept.sort()).toEqual(['r-5', 'r10', 'r20']);
  });
});
