import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { computeDashboard, dashboardSettingsOf, dashboardView, FIRST_VALUE_MILESTONE_ID } from '../../core/domain';
import { firstDashboardFilter } from '../../core/domain/dashboard/periods';
import { DEFAULT_SETTINGS } from '../../core/domain/defaults';
import { KEPT_VIEWS, MIGRATIONS, STORE, type Migration } from './schema';
import { LocalStore } from './store';

const at = '2025-01-01T00:00:00.000Z';

// The v1 layout written by hand, independently of the migration code, with
// rows as v1 stored them.
async function writeV1Fixture(dbName: string) {
  const db = await openDB(dbName, 1, {
    upgrade(db) {
      const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
      accounts.createIndex('byRecordKey', '_k.records', { multiEntry: true });
      accounts.createIndex('byDomain', '_k.domain');
      accounts.createIndex('byName', '_k.name');
      db.createObjectStore('snapshots', { keyPath: 'id' }).createIndex('byAccountDate', ['accountId', 'date']);
      for (const n of ['commitments', 'flags']) {
        const s = db.createObjectStore(n, { keyPath: 'id' });
        s.createIndex('byAccount', 'accountId');
        s.createIndex('unassigned', '_k.unassigned');
      }
      db.createObjectStore('handoff', { keyPath: 'accountId' });
      db.createObjectStore('approvals', { keyPath: 'accountId' });
      db.createObjectStore('meta');
    },
  });
  await db.put('accounts', {
    id: 'acc_v1',
    name: 'Globex Manufacturing',
    websiteDomain: 'globex.example',
    segment: 'enterprise',
    currency: 'USD',
    arr: 480000,
    integrations: ['SAP S/4HANA'],
    lifecycleStage: 'onboarding',
    crmRefs: [{ platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001Dn00000GbXmFIAV' }],
    version: 4,
    createdAt: at,
    updatedAt: at,
    _k: { records: ['salesforce:001Dn00000GbXmFIAV'], domain: 'globex.example', name: 'globex manufacturing' },
  });
  await db.put('commitments', {
    id: 'cmt_v1',
    accountId: 'acc_v1',
    text: 'Free data migration',
    kind: 'professional-services',
    status: 'open',
    roadmapStatus: 'unknown',
    createdBy: 'Dana',
    version: 1,
    createdAt: at,
    updatedAt: at,
    _k: {},
  });
  await db.put('flags', {
    id: 'flg_v1',
    accountId: null,
    category: 'timeline',
    severity: 'medium',
    createdBy: 'Sam',
    resolved: false,
    version: 1,
    createdAt: at,
    updatedAt: at,
    _k: { unassigned: 1 },
  });
  db.close();
}

const ref = {
  platform: 'salesforce' as const,
  host: 'acme.my.salesforce.com',
  objectType: 'Account',
  kind: 'account' as const,
  recordId: '001Dn00000GbXmFIAV',
};

describe('local schema migrations', () => {
  it('opens a v1 database written by an earlier build and reads every row', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const store = new LocalStore({ dbName });
    expect(await store.resolveRecord(ref)).toEqual({ status: 'linked', accountId: 'acc_v1', matchedBy: 'record' });
    const ctx = await store.getAccountContext('acc_v1');
    expect(ctx?.account).toMatchObject({ name: 'Globex Manufacturing', version: 4 });
    expect(ctx?.commitments.map((c) => c.id)).toEqual(['cmt_v1']);
    expect((await store.listUnassigned()).flags.map((f) => f.id)).toEqual(['flg_v1']);
    await store.close();
  });

  it('adds the ARR history store to a v1 database and keeps every row', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const store = new LocalStore({ dbName, now: () => new Date('2025-02-01T00:00:00Z') });
    const before = await store.exportAll();
    expect(before.accounts.map((a) => a.id)).toEqual(['acc_v1']);
    expect(before.commitments.map((c) => c.id)).toEqual(['cmt_v1']);
    expect(before.flags.map((f) => f.id)).toEqual(['flg_v1']);
    expect(before.arrChanges).toEqual([]);
    // History starts with the first ARR edit after the upgrade.
    await store.updateAccount('acc_v1', { arr: 500000 }, 4);
    expect((await store.exportAll()).arrChanges).toMatchObject([{ accountId: 'acc_v1', reason: 'expansion', delta: 20000, date: '2025-02-01' }]);
    await store.close();
    const raw = await openDB(dbName);
    expect(raw.version).toBe(MIGRATIONS.length);
    raw.close();
  });

  it('adds success plans and stage history to an older database, keeping every row', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const store = new LocalStore({ dbName, now: () => new Date('2025-02-01T00:00:00Z') });
    const ctx = (await store.getAccountContext('acc_v1'))!;
    expect([ctx.milestones, ctx.stageChanges, ctx.commitments.map((c) => c.id)]).toEqual([[], [], ['cmt_v1']]);
    const plan = await store.createPlan({
      accountId: 'acc_v1',
      templateId: 'enterprise',
      milestones: [{ id: 'kickoff', accountId: 'acc_v1', title: 'Joint kickoff', ownerRole: 'ae', status: 'planned' }],
    });
    expect(plan.milestones).toMatchObject([{ id: 'kickoff', version: 1 }]);
    await store.changeStage({ accountId: 'acc_v1', to: 'activation', by: 'Sam', expectedVersion: 4 });
    const exported = await store.exportAll();
    expect([exported.accounts.length, exported.commitments.length, exported.flags.length]).toEqual([1, 1, 1]);
    expect(exported.stageChanges).toMatchObject([{ accountId: 'acc_v1', from: 'onboarding', to: 'activation' }]);
    await store.close();
  });

  it('finds the "first value achieved" milestones a database saved before the kind index holds', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const v4 = new LocalStore({ dbName, migrations: MIGRATIONS.slice(0, 4), now: () => new Date('2025-02-01T00:00:00Z') });
    await v4.createPlan({
      accountId: 'acc_v1',
      templateId: 'enterprise',
      milestones: [
        { id: 'kickoff', accountId: 'acc_v1', title: 'Joint kickoff', ownerRole: 'ae', status: 'done', achievedOn: '2025-01-10' },
        {
          id: FIRST_VALUE_MILESTONE_ID,
          accountId: 'acc_v1',
          title: 'First value achieved',
          ownerRole: 'csm',
          status: 'done',
          achievedOn: '2025-01-20',
        },
      ],
    });
    await v4.close();
    const store = new LocalStore({ dbName, now: () => new Date('2025-02-01T00:00:00Z') });
    expect((await store.dashboardData()).firstValues).toEqual([{ accountId: 'acc_v1', date: '2025-01-20', source: 'success plan' }]);
    expect((await store.exportAll()).milestones?.map((m) => m.id)).toEqual([FIRST_VALUE_MILESTONE_ID, 'kickoff']);
    await store.close();
    const raw = await openDB(dbName);
    expect(raw.version).toBe(MIGRATIONS.length);
    raw.close();
  });

  it('marks the health readings an older database holds, so the dashboard reads only those its figures need', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const raw = await openDB(dbName);
    for (const month of [1, 2, 3, 4, 5]) {
      await raw.put('snapshots', { id: `snp_v1_${month}`, accountId: 'acc_v1', date: `2024-0${month}-01`, adoptionPct: 10 * month });
    }
    raw.close();
    const now = new Date('2025-02-01T00:00:00Z');
    const store = new LocalStore({ dbName, now: () => now });
    const read = async () => (await store.dashboardDataAt(now)).data.snapshots.map((s) => s.id);
    // The latest two with adoption, which are adoption's two latest standing readings too.
    expect(await read()).toEqual(['snp_v1_4', 'snp_v1_5']);
    expect((await store.exportAll()).snapshots).toHaveLength(5);
    // A broken promise has the account's whole history read.
    await store.updateCommitment('cmt_v1', { status: 'broken' }, 1);
    expect(await read()).toEqual(['snp_v1_1', 'snp_v1_2', 'snp_v1_3', 'snp_v1_4', 'snp_v1_5']);
    await store.close();
  });

  it('moves the dashboard figures kept in their list to a record each, keeping every view and its marks', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const now = new Date('2025-02-01T00:00:00Z');
    const v6 = new LocalStore({ dbName, migrations: MIGRATIONS.slice(0, 6), now: () => now });
    const { data, revision } = await v6.dashboardDataAt(now);
    await v6.close();
    const view = dashboardView(computeDashboard(data, dashboardSettingsOf(DEFAULT_SETTINGS), firstDashboardFilter(now), now));
    const older = { ...view, asOf: '2025-01-31' };
    // As builds before v7 kept them: every view's figures inside the list.
    const raw = await openDB(dbName);
    await raw.put(
      STORE.meta,
      {
        views: [
          { key: 'opening', revision, opensOn: true, view },
          { key: 'yesterday', revision, view: older },
        ],
      },
      KEPT_VIEWS,
    );
    raw.close();

    const store = new LocalStore({ dbName, now: () => now });
    expect(await store.keptDashboardViewWhere((k) => k.key === 'opening')).toEqual({ view, current: true, olderBuild: false });
    expect(await store.keptDashboardKeys(view.asOf)).toEqual([{ key: 'opening', current: true }]);
    expect(await store.keptDashboardKeysBefore(view.asOf)).toEqual(['yesterday']);
    expect((await store.keptDashboardViewWhere((k) => k.key === 'yesterday'))?.view).toEqual(older);
    // The opening view keeps its mark: four other filters later it is still kept.
    for (const days of [30, 60, 120, 180]) await store.keepDashboardView(`last ${days}`, view, revision);
    expect((await store.keptDashboardKeys(view.asOf)).map((k) => k.key)).toEqual(['last 180', 'last 120', 'last 60', 'opening']);
    await store.close();
    const after = await openDB(dbName);
    expect(after.version).toBe(MIGRATIONS.length);
    expect(JSON.stringify(await after.get(STORE.meta, KEPT_VIEWS))).not.toContain('alignment');
    after.close();
  });

  it('re-keys stored links by record identity, keeping every link: the org on another host, a legacy HubSpot link, two Zendesk tenants', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const v1 = await openDB(dbName, 1);
    const legacy = (id: string, crmRefs: object[], records: string[]) => ({
      ...{ segment: 'smb', currency: 'USD', arr: 1000, integrations: [], lifecycleStage: 'onboarding', version: 1, createdAt: at, updatedAt: at },
      id,
      name: id,
      crmRefs,
      _k: { records, name: id },
    });
    await v1.put(
      'accounts',
      legacy('acc_hs', [{ platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '901' }], ['hubspot:901']),
    );
    await v1.put(
      'accounts',
      legacy(
        'acc_zd',
        [{ platform: 'zendesk', host: 'acme.zendesk.com', objectType: 'organization', kind: 'account', recordId: '123' }],
        ['zendesk:123'],
      ),
    );
    v1.close();
    const store = new LocalStore({ dbName });
    // The Salesforce link was made on the org's Lightning host; the Classic host finds it.
    expect(await store.resolveRecord(ref)).toEqual({ status: 'linked', accountId: 'acc_v1', matchedBy: 'record' });
    // A link stored without its portal is found from a page that names the portal.
    const hs = {
      platform: 'hubspot' as const,
      host: 'app.hubspot.com',
      tenant: '4455667',
      objectType: 'company',
      kind: 'account' as const,
      recordId: '901',
    };
    expect(await store.resolveRecord(hs)).toEqual({ status: 'linked', accountId: 'acc_hs', matchedBy: 'record' });
    const zd = { platform: 'zendesk' as const, host: 'acme.zendesk.com', objectType: 'organization', kind: 'account' as const, recordId: '123' };
    expect(await store.resolveRecord(zd)).toMatchObject({ status: 'linked', accountId: 'acc_zd' });
    expect(await store.resolveRecord({ ...zd, host: 'globex.zendesk.com' })).toMatchObject({ status: 'not-linked' });
    // Nothing about the links themselves changed.
    expect((await store.getAccountContext('acc_hs'))?.account.crmRefs).toEqual([
      { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '901' },
    ]);
    await store.close();
  });

  it('runs a later step over a v1 database without losing rows', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    // A v2 step of the kind a real upgrade would add: a new index plus a
    // backfill that rewrites every account row through a cursor.
    const later: Migration = async (_db, tx) => {
      const accounts = tx.objectStore(STORE.accounts);
      accounts.createIndex('bySegment', 'segment');
      let cursor = await accounts.openCursor();
      while (cursor) {
        await cursor.update({ ...cursor.value, _k: { ...cursor.value._k, migrated: 2 } });
        cursor = await cursor.continue();
      }
    };
    const store = new LocalStore({ dbName, migrations: [...MIGRATIONS, later] });
    expect(store.schemaVersion).toBe(MIGRATIONS.length + 1);
    const before = await store.exportAll();
    expect(before.accounts).toHaveLength(1);
    expect(before.commitments).toHaveLength(1);
    expect(before.flags).toHaveLength(1);
    expect(await store.resolveRecord(ref)).toEqual({ status: 'linked', accountId: 'acc_v1', matchedBy: 'record' });
    await store.close();

    const raw = await openDB(dbName);
    expect(raw.version).toBe(MIGRATIONS.length + 1);
    expect(await raw.getAllFromIndex(STORE.accounts, 'bySegment', 'enterprise')).toHaveLength(1);
    expect((await raw.get(STORE.accounts, 'acc_v1'))._k.migrated).toBe(2);
    raw.close();
  });

  it('leaves the database at its old version when a step fails', async () => {
    const dbName = `seamline-mig-${crypto.randomUUID()}`;
    await writeV1Fixture(dbName);
    const broken: Migration = () => {
      throw new Error('cannot carry rows forward');
    };
    const store = new LocalStore({ dbName, migrations: [...MIGRATIONS, broken] });
    await expect(store.exportAll()).rejects.toMatchObject({ kind: 'storage' });
    await store.close();
    const raw = await openDB(dbName);
    expect(raw.version).toBe(1);
    expect(await raw.count(STORE.accounts)).toBe(1);
    raw.close();
  });
});
