import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { generateDemoPortfolio } from '../demo/generate';
import {
  accountsToCsv,
  commitmentsToCsv,
  exportJson,
  importAccountsCsv,
  importCommitmentsCsv,
  importJson,
  milestonesToCsv,
  parseImportJson,
} from './import-export';
import { accountDraft, commitmentDraft, freshStore, planCreate } from '../../test/factories';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportBundle } from '../core/model';

const now = new Date('2025-06-16T12:00:00Z');
const demo = () => generateDemoPortfolio({ seed: 11, accounts: 40, now });
const empty: ExportBundle = {
  format: EXPORT_FORMAT,
  schemaVersion: EXPORT_SCHEMA_VERSION,
  exportedAt: now.toISOString(),
  accounts: [],
  snapshots: [],
  commitments: [],
  flags: [],
  handoff: [],
  approvals: [],
};
const withoutStamp = ({ exportedAt: _, ...rest }: ExportBundle) => rest;
const byKey = (rows: readonly object[]) =>
  [...rows].sort((a, b) => {
    const ka = String((a as { id?: string; accountId: string }).id ?? (a as { accountId: string }).accountId);
    const kb = String((b as { id?: string; accountId: string }).id ?? (b as { accountId: string }).accountId);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
const sameRows = (a: ExportBundle, b: ExportBundle) => {
  for (const k of ['accounts', 'snapshots', 'commitments', 'flags', 'handoff', 'approvals'] as const) expect(byKey(a[k])).toEqual(byKey(b[k]));
};

async function loaded() {
  const store = freshStore({ now: () => now });
  await store.importAll(demo(), 'replace');
  return store;
}

describe('JSON export and import', () => {
  it('round-trips the whole store exactly: export, wipe, import', async () => {
    const store = await loaded();
    const before = await store.exportAll();
    const text = exportJson(before);
    await store.importAll(empty, 'replace');
    expect((await store.listAccounts({})).total).toBe(0);

    const outcome = await importJson(store, text, { mode: 'replace' });
    expect(outcome).toMatchObject({ ok: true, skipped: [] });
    expect(withoutStamp(await store.exportAll())).toEqual(withoutStamp(before));
    // Nothing was lost or changed on the way into the store either.
    sameRows(before, demo());
  });

  it('carries success plans and stage history, and reads a file from before plans existed', async () => {
    const store = freshStore({ now: () => now });
    const a = await store.createAccount(accountDraft({ name: 'Plan Carrier' }));
    await store.createPlan(planCreate(a.id));
    await store.changeStage({ accountId: a.id, to: 'activation', by: 'Sam CSM', expectedVersion: a.version });
    const text = exportJson(await store.exportAll());

    const target = freshStore();
    expect(await importJson(target, text, { mode: 'replace' })).toMatchObject({ ok: true });
    const ctx = (await target.getAccountContext(a.id))!;
    expect(ctx.milestones.map((m) => m.id)).toEqual(['kickoff', 'first-value', 'renewal-review']);
    expect(ctx.stageChanges).toMatchObject([{ from: 'onboarding', to: 'activation', by: 'Sam CSM' }]);

    const raw = JSON.parse(text);
    raw.milestones[1].status = 'done';
    const bad = parseImportJson(JSON.stringify(raw));
    expect(!bad.ok && bad.errors.map(({ entity, row, field }) => ({ entity, row, field }))).toEqual([
      { entity: 'milestones', row: 1, field: 'achievedOn' },
    ]);

    delete raw.milestones;
    delete raw.stageChanges;
    const older = freshStore();
    expect(await importJson(older, JSON.stringify(raw), { mode: 'replace' })).toMatchObject({ ok: true });
    expect((await older.getAccountContext(a.id))!.milestones).toEqual([]);
  });

  it('reports every bad row and field, not just the first', () => {
    const b = demo();
    const raw = JSON.parse(exportJson(b));
    raw.accounts[2].segment = 'giant';
    raw.accounts[5].arr = -1;
    raw.accounts[5].renewalDate = 'soon';
    raw.commitments[1].kind = 'wish';
    raw.flags[0].severity = 'apocalyptic';
    // A length zod's own checks cannot compare: refused by its field like any other.
    raw.flags[1].note = { length: { valueOf: 1, toString: 1 } };
    const parsed = parseImportJson(JSON.stringify(raw));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const got = parsed.errors.filter((e) => e.field !== 'accountId').map(({ entity, row, field }) => ({ entity, row, field }));
    expect(got).toEqual([
      { entity: 'accounts', row: 2, field: 'segment' },
      { entity: 'accounts', row: 5, field: 'arr' },
      { entity: 'accounts', row: 5, field: 'renewalDate' },
      { entity: 'commitments', row: 1, field: 'kind' },
      { entity: 'flags', row: 0, field: 'severity' },
      { entity: 'flags', row: 1, field: 'note' },
    ]);
    // Rows of the rejected accounts are reported too, by their own position.
    const orphan = parsed.errors.find((e) => e.field === 'accountId');
    expect(orphan).toBeDefined();
    expect(raw[orphan!.entity][orphan!.row!].accountId).toBeOneOf([raw.accounts[2].id, raw.accounts[5].id]);
  });

  it('refuses what is not a Seamline export', () => {
    expect(parseImportJson('{not json')).toMatchObject({ ok: false, errors: [{ entity: 'file' }] });
    expect(parseImportJson('[]')).toMatchObject({ ok: false, errors: [{ entity: 'file' }] });
    expect(parseImportJson(JSON.stringify({ ...empty, format: 'other' }))).toMatchObject({ ok: false, errors: [{ field: 'format' }] });
    expect(parseImportJson(JSON.stringify({ ...empty, schemaVersion: 9 }))).toMatchObject({ ok: false, errors: [{ field: 'schemaVersion' }] });
  });

  it('writes nothing when any row is bad, unless asked to import the valid rows', async () => {
    const store = freshStore();
    const mine = await store.createAccount(accountDraft({ name: 'Existing' }));
    const before = await store.exportAll();
    const raw = JSON.parse(exportJson(demo()));
    const badId = raw.accounts[3].id;
    raw.accounts[3].lifecycleStage = 'zombie';
    const text = JSON.stringify(raw);

    const refused = await importJson(store, text, { mode: 'merge' });
    expect(refused.ok).toBe(false);
    expect(withoutStamp(await store.exportAll())).toEqual(withoutStamp(before));

    const partial = await importJson(store, text, { mode: 'merge', validRowsOnly: true });
    expect(partial.ok).toBe(true);
    if (!partial.ok) return;
    expect(partial.summary.accounts).toBe(39);
    expect(partial.skipped.some((e) => e.entity === 'accounts' && e.row === 3 && e.field === 'lifecycleStage')).toBe(true);
    expect(await store.getAccountContext(badId)).toBeNull();
    expect(await store.getAccountContext(mine.id)).not.toBeNull();
    const after = await store.exportAll();
    expect(after.snapshots.some((s) => s.accountId === badId)).toBe(false);
  });

  it('reports rows pointing at accounts neither in the file nor in the store', async () => {
    const store = freshStore();
    const text = exportJson({ ...empty, snapshots: [{ id: 's1', accountId: 'acc_gone', date: '2025-01-01' }] });
    expect(await importJson(store, text)).toMatchObject({ ok: false, errors: [{ entity: 'snapshots', row: 0, field: 'accountId' }] });
  });
});

describe('CSV', () => {
  it('exports accounts with a header row and round-trips them into an empty store', async () => {
    const source = await loaded();
    const { accounts } = await source.exportAll();
    const csv = accountsToCsv(accounts);
    expect(csv.split('\r\n')[0]).toBe(
      'id,name,websiteDomain,segment,industry,employeeCount,region,currency,arr,seats,integrations,contractStart,renewalDate,closedWonDate,kickoffDate,ownerAe,csm,lifecycleStage,acquisitionCost,expectedExpansionArr,expansionArr,crmRefs,version,createdAt,updatedAt',
    );
    const target = freshStore();
    expect(await importAccountsCsv(target, csv, { now })).toMatchObject({ ok: true, summary: { accounts: 40 } });
    expect((await target.exportAll()).accounts).toEqual(accounts);
  });

  it('defuses formulas in exported cells and reads them back as typed', async () => {
    const store = freshStore({ now: () => now });
    const evil = await store.createAccount(
      accountDraft({ name: '=HYPERLINK("http://evil.example","Click")', industry: '+cmd', region: '@SUM(A1)', ownerAe: '-1+2' }),
    );
    const c = await store.createCommitment(commitmentDraft(evil.id, { text: '=1+1 free seats' }));
    const csv = accountsToCsv([evil]);
    const cells = Papa.parse<string[]>(csv).data[1]!;
    expect(cells[1]).toBe('\'=HYPERLINK("http://evil.example","Click")');
    expect(cells[4]).toBe("'+cmd");
    expect(cells[6]).toBe("'@SUM(A1)");
    expect(cells[15]).toBe("'-1+2");
    expect(Papa.parse<string[]>(commitmentsToCsv([c])).data[1]![2]).toBe("'=1+1 free seats");

    const target = freshStore();
    await importAccountsCsv(target, csv);
    expect((await target.getAccountContext(evil.id))?.account).toEqual(evil);
  });

  it('names each bad row and field, and imports nothing from a file with any', async () => {
    const store = freshStore();
    const csv = [
      'name,segment,arr,lifecycleStage,renewalDate,integrations',
      'Good One,Mid Market,$120000,onboarding,2026-01-31,Slack; HubSpot',
      'Bad Segment,giant,5000,onboarding,,',
      'Bad Number,smb,lots,activation,31/01/2026,',
      'Good Two,enterprise,900000,expansion,,',
    ].join('\n');
    const refused = await importAccountsCsv(store, csv);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.map(({ row, field }) => ({ row, field }))).toEqual([
      { row: 3, field: 'segment' },
      { row: 4, field: 'arr' },
      { row: 4, field: 'renewalDate' },
    ]);
    expect((await store.listAccounts({})).total).toBe(0);

    const partial = await importAccountsCsv(store, csv, { validRowsOnly: true });
    expect(partial).toMatchObject({ ok: true, summary: { accounts: 2 } });
    const page = await store.listAccounts({});
    expect(page.items.map((i) => i.name)).toEqual(['Good One', 'Good Two']);
    const good = (await store.getAccountContext(page.items[0]!.id))!.account;
    expect(good).toMatchObject({ segment: 'mid-market', arr: 120000, integrations: ['Slack', 'HubSpot'], renewalDate: '2026-01-31', version: 1 });
  });

  it('refuses dates that are not ISO calendar dates', async () => {
    const store = freshStore();
    const csv = 'name,segment,arr,lifecycleStage,renewalDate\nBad Date,smb,10,activation,31/01/2026\n';
    expect(await importAccountsCsv(store, csv)).toMatchObject({ ok: false, errors: [{ entity: 'accounts', row: 2, field: 'renewalDate' }] });
  });

  it('updates existing commitments from a partial sheet and refuses unknown accounts', async () => {
    const store = freshStore();
    const a = await store.createAccount(accountDraft());
    const c = await store.createCommitment(commitmentDraft(a.id, { dueDate: '2025-07-01' }));
    const partialSheet = `id,status\n${c.id},delivered\n`;
    expect(await importCommitmentsCsv(store, partialSheet)).toMatchObject({ ok: true });
    const updated = (await store.getAccountContext(a.id))!.commitments[0]!;
    expect(updated).toMatchObject({ id: c.id, status: 'delivered', text: c.text, dueDate: '2025-07-01', version: 2 });

    const unknown = `accountId,text,kind,status,roadmapStatus,createdBy\n${a.id},Weekly report,other,open,unknown,Dana\nacc_nowhere,Lost,other,open,unknown,Dana\n`;
    const refused = await importCommitmentsCsv(store, unknown);
    expect(refused).toMatchObject({ ok: false, errors: [{ entity: 'commitments', row: 3, field: 'accountId' }] });
    expect((await store.getAccountContext(a.id))!.commitments).toHaveLength(1);
  });
});

describe('milestones CSV', () => {
  it('writes one row per milestone with the header first, and keeps formula-like text as text', async () => {
    const store = freshStore({ now: () => now });
    const a = await store.createAccount(accountDraft({ name: 'Csv Plan Co' }));
    const plan = await store.createPlan(planCreate(a.id, [{ successCriteria: '=HYPERLINK("http://evil.example")' }, {}, {}]));
    const rows = Papa.parse<string[]>(milestonesToCsv(plan.milestones)).data;
    expect(rows[0]!.slice(0, 4)).toEqual(['accountId', 'id', 'title', 'dueDate']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['kickoff', 'first-value', 'renewal-review']);
    expect(rows[1]![7]).toBe('\'=HYPERLINK("http://evil.example")');
  });
});
