// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import {
  PG_SKIP_MESSAGE,
  accountDraft,
  client,
  commitmentDraft,
  flagDraft,
  hasPostgres,
  makeToken,
  startServer,
  testDatabases,
  type Client,
} from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('same isolation suite on PostgreSQL', () => {}));

// Workspace B holds an admin token, the most privileged role, and knows every
// id of workspace A: none of it may let B read or change A's data.
describe.each(testDatabases())('tenant isolation on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let a: Client;
  let b: Client;
  const ref = { platform: 'salesforce', host: 'acme.my.salesforce.com', objectType: 'Account', kind: 'account', recordId: '001A' } as const;
  let ids: { account: string; commitment: string; flag: string; unassignedCommitment: string; tokenA: string };
  let exportBefore: Record<string, unknown>;

  const snapshotOfA = async () => {
    const e = (await a.get(paths.export())).body;
    return { ...e, exportedAt: '' };
  };

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db);
    a = client(server.url, await makeToken(db, 'ws-a', 'admin'));
    b = client(server.url, await makeToken(db, 'ws-b', 'admin'));
    const acc = (await a.post(paths.accounts(), accountDraft({ name: 'Acme Secret Inc', websiteDomain: 'acme-secret.example' }))).body;
    await a.post(paths.accountLinks(acc.id), ref);
    await a.post(paths.accountSnapshots(acc.id), { date: '2026-01-05', adoptionPct: 10 });
    const c = (await a.post(paths.commitments(), commitmentDraft(acc.id))).body;
    const un = (await a.post(paths.commitments(), commitmentDraft(null, { text: 'A unassigned' }))).body;
    const f = (await a.post(paths.flags(), flagDraft(acc.id))).body;
    await a.put(paths.handoffItem(acc.id, 'kickoff'), { done: true, by: 'A' });
    await a.post(paths.approval(acc.id), { requestedBy: 'A', reason: 'r', tradeOffs: 't' });
    const tokens = (await a.get(paths.tokens())).body.items;
    ids = { account: acc.id, commitment: c.id, flag: f.id, unassignedCommitment: un.id, tokenA: tokens[0].id };
    exportBefore = await snapshotOfA();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('accounts: B cannot get, patch, link, list or search A’s', async () => {
    expect((await b.get(paths.account(ids.account))).status).toBe(404);
    expect((await b.patch(paths.account(ids.account), { arr: 1 }, { ifMatch: 2 })).status).toBe(404);
    expect((await b.post(paths.accountLinks(ids.account), { ...ref, recordId: '001B' })).status).toBe(404);
    const list = (await b.get(paths.accounts({ search: 'acme' }))).body;
    expect(list).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('resolve: B gets no match for A’s record, domain or name, and may link the same record itself', async () => {
    const r = await b.post(paths.resolve(), { ...ref, name: 'Acme Secret', websiteDomain: 'acme-secret.example' });
    expect(r.body).toEqual({ status: 'not-linked', reason: 'unknown', candidates: [] });
    const own = (await b.post(paths.accounts(), accountDraft())).body;
    expect((await b.post(paths.accountLinks(own.id), ref)).status).toBe(200);
    expect((await a.post(paths.resolve(), ref)).body).toMatchObject({ accountId: ids.account, matchedBy: 'record' });
  });

  it('context, snapshots and sub-lists: B sees nothing of A', async () => {
    expect((await b.get(paths.accountContext(ids.account))).status).toBe(404);
    expect((await b.post(paths.accountSnapshots(ids.account), { date: '2026-01-06' })).status).toBe(404);
    expect((await b.get(paths.accountCommitments(ids.account))).status).toBe(404);
    expect((await b.get(paths.accountFlags(ids.account))).status).toBe(404);
  });

  it('commitments and flags: B cannot patch A’s or attach its own to A’s account', async () => {
    expect((await b.patch(paths.commitment(ids.commitment), { status: 'broken' }, { ifMatch: 1 })).status).toBe(404);
    expect((await b.patch(paths.commitment(ids.unassignedCommitment), { text: 'hijack' }, { ifMatch: 1 })).status).toBe(404);
    expect((await b.patch(paths.flag(ids.flag), { resolved: true }, { ifMatch: 1 })).status).toBe(404);
    expect((await b.post(paths.commitments(), commitmentDraft(ids.account))).status).toBe(400);
    expect((await b.post(paths.flags(), flagDraft(ids.account))).status).toBe(400);
  });

  it('handoff answers and approvals: B cannot write A’s', async () => {
    expect((await b.put(paths.handoffItem(ids.account, 'kickoff'), { done: false, by: 'B' }, { ifMatch: 1 })).status).toBe(404);
    expect((await b.put(paths.handoffItem(ids.account, 'other'), { done: true, by: 'B' })).status).toBe(404);
    expect((await b.post(paths.approval(ids.account), { requestedBy: 'B', reason: 'r', tradeOffs: 't' })).status).toBe(404);
    expect((await b.patch(paths.approval(ids.account), { status: 'approved', decidedBy: 'B' }, { ifMatch: 1 })).status).toBe(404);
  });

  it('unassigned, export and audit: B’s views hold none of A’s records', async () => {
    const un = (await b.get(paths.unassigned())).body;
    expect(un.commitments.map((c: { id: string }) => c.id)).not.toContain(ids.unassignedCommitment);
    const exp = JSON.stringify((await b.get(paths.export())).body);
    for (const id of [ids.account, ids.commitment, ids.flag, ids.unassignedCommitment]) expect(exp).not.toContain(id);
    const audit = (await b.get(paths.audit({ entity: 'commitment', id: ids.commitment }))).body;
    expect(audit.total).toBe(0);
    expect(JSON.stringify((await b.get(paths.audit())).body)).not.toContain(ids.commitment);
  });

  it('import: B importing A’s bundle with A’s ids, even with replace, lands in B only', async () => {
    const bundle = (await a.get(paths.export())).body;
    // B linked the same CRM record to its own account above, so A's bundle conflicts there.
    expect((await b.post(paths.import('merge'), bundle)).status).toBe(409);
    const c = client(server.url, await makeToken(db, 'ws-c', 'admin'));
    expect((await c.post(paths.import('merge'), bundle)).status).toBe(200);
    expect((await c.patch(paths.commitment(ids.commitment), { status: 'broken' }, { ifMatch: 1 })).status).toBe(200);
    expect((await c.put(paths.handoffItem(ids.account, 'kickoff'), { done: false, by: 'C' }, { ifMatch: 1 })).status).toBe(200);
    const emptied = { ...bundle, accounts: [], snapshots: [], commitments: [], flags: [], handoff: [], approvals: [] };
    // A's ARR history names A's accounts, which C no longer has once it replaces everything.
    expect((await c.post(paths.import('replace'), emptied)).body.error).toMatchObject({ code: 'validation', field: 'arrChanges[0].accountId' });
    expect((await c.post(paths.import('replace'), { ...emptied, arrChanges: [] })).status).toBe(200);
    expect((await b.post(paths.import('replace'), { ...emptied, arrChanges: [] })).status).toBe(200);
    expect(await snapshotOfA()).toEqual(exportBefore);
  });

  it('tokens: B cannot list or revoke A’s', async () => {
    const list = (await b.get(paths.tokens())).body.items.map((t: { id: string }) => t.id);
    expect(list).not.toContain(ids.tokenA);
    expect((await b.delete(paths.token(ids.tokenA))).status).toBe(404);
    expect((await a.get(paths.health())).body.tokenAccepted).toBe(true);
  });

  it('after all of B’s attempts, A’s data is exactly as it was', async () => {
    expect(await snapshotOfA()).toEqual(exportBefore);
  });
});
