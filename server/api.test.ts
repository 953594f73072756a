// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountContextSchema, AccountPageSchema, ExportBundleSchema, ResolveResultSchema } from '../lib/core/model';
import { AuditPageSchema, HealthResponseSchema, ROUTES, paths } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db, Queryable } from './base/db';
import { generateDemoData } from '../lib/demo/generate';
import { idempotencyRequestHash } from './middleware/idempotency';
import { IDEMPOTENCY_RETENTION_MS, sweepIdempotencyKeys } from './store';
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
import { expectError } from '../test/api-errors';
import { planCreate } from '../test/factories';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('same API suite on PostgreSQL', () => {}));

describe.each(testDatabases())('team backend API on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let admin: Client;
  let member: Client;
  let reader: Client;
  let anon: Client;
  const lines: string[] = [];

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { log: (l) => lines.push(l) });
    admin = client(server.url, await makeToken(db, 'api', 'admin', 'Ada Admin'));
    member = client(server.url, await makeToken(db, 'api', 'member', 'Mo Member'));
    reader = client(server.url, await makeToken(db, 'api', 'read-only', 'Rita Reader'));
    anon = client(server.url, null);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  async function newAccount(over: Record<string, unknown> = {}) {
    const r = await member.post(paths.accounts(), accountDraft(over));
    expect(r.status).toBe(201);
    return r.body;
  }

  describe('health and auth', () => {
    it('answers without a token and says whether a token is accepted', async () => {
      const r = await anon.get(paths.health());
      expect(r.status).toBe(200);
      expect(HealthResponseSchema.parse(r.body)).toEqual({ status: 'ok', contractVersion: '1.0.0', tokenAccepted: false });
      const withToken = await member.get(paths.health());
      expect(withToken.body).toMatchObject({ tokenAccepted: true, workspace: 'api', role: 'member' });
      const bad = await client(server.url, 'sl_nope').get(paths.health());
      expect(bad.body).toMatchObject({ tokenAccepted: false });
      expect(bad.body.workspace).toBeUndefined();
    });

    it('refuses every other route without a valid token', async () => {
      expectError(await anon.get(paths.accounts()), 401, 'unauthenticated');
      expectError(await client(server.url, 'sl_wrong').get(paths.accounts()), 401, 'unauthenticated');
      expectError(await anon.post(paths.accounts(), accountDraft()), 401, 'unauthenticated');
    });

    it('never writes tokens, ids or query strings into the request log', async () => {
      const a = await newAccount();
      await member.get(`${paths.account(a.id)}?secret=x`);
      const joined = lines.join('\n');
      expect(joined).toContain('GET /v1/accounts/:id 200');
      expect(joined).not.toContain(a.id);
      expect(joined).not.toContain(member.token!);
      expect(joined).not.toContain('secret=x');
      expect(lines.every((l) => /^[A-Z]+ \S+ \d{3} \d+(\.\d)?ms$/.test(l) || l.startsWith('error '))).toBe(true);
    });
  });

  describe('accounts', () => {
    it('creates with server-owned fields and an ETag, then reads it back', async () => {
      const r = await member.post(paths.accounts(), accountDraft({ name: 'Globex GmbH', websiteDomain: 'globex.example' }));
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ name: 'Globex GmbH', version: 1, currency: 'USD', crmRefs: [] });
      expect(r.headers.get('etag')).toBe('"1"');
      const got = await reader.get(paths.account(r.body.id));
      expect(got.body).toEqual(r.body);
      expect(got.headers.get('etag')).toBe('"1"');
    });

    it('ignores client-sent ids and versions', async () => {
      const r = await member.post(paths.accounts(), { ...accountDraft(), id: 'chosen', version: 99 });
      expect(r.status).toBe(201);
      expect(r.body.id).not.toBe('chosen');
      expect(r.body.version).toBe(1);
    });

    it('patches with If-Match, keeps untouched defaulted fields, and bumps the version', async () => {
      const a = await newAccount({ currency: 'EUR', integrations: ['salesforce'] });
      const r = await member.patch(paths.account(a.id), { arr: 99 }, { ifMatch: 1 });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ arr: 99, version: 2, currency: 'EUR', integrations: ['salesforce'] });
      expect(r.headers.get('etag')).toBe('"2"');
    });

    it('428 without If-Match, 412 with the current record when stale', async () => {
      const a = await newAccount();
      expectError(await member.patch(paths.account(a.id), { arr: 1 }), 428, 'precondition-required');
      await member.patch(paths.account(a.id), { arr: 2 }, { ifMatch: 1 });
      const stale = expectError(await member.patch(paths.account(a.id), { arr: 3 }, { ifMatch: 1 }), 412, 'version-mismatch');
      expect(stale.current).toMatchObject({ id: a.id, version: 2, arr: 2 });
      expectError(await member.patch(paths.account(a.id), { arr: 3 }, { ifMatch: 'garbage' }), 400, 'validation');
    });

    it('validates bodies and names the field', async () => {
      const e = expectError(await member.post(paths.accounts(), { ...accountDraft(), segment: 'galactic' }), 400, 'validation');
      expect(e.field).toBe('segment');
      // A length zod's own checks cannot compare: refused by its field like any other.
      const uncheckable = expectError(
        await member.post(paths.accounts(), { ...accountDraft(), name: { length: { valueOf: 1, toString: 1 } } }),
        400,
        'validation',
      );
      expect(uncheckable.field).toBe('name');
      expectError(await member.get(paths.account('no such')), 400, 'validation');
      expectError(await member.get(paths.account('missing')), 404, 'not-found');
    });

    it('lists with search and cursor pagination, capping the page size', async () => {
      const tag = `Pagetest${Date.now()}`;
      for (let i = 0; i < 5; i++) await newAccount({ name: `${tag} ${i}` });
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await reader.get(paths.accounts({ search: tag.toLowerCase(), limit: 2, cursor }));
        expect(r.status).toBe(200);
        const page = AccountPageSchema.parse(r.body);
        expect(page.total).toBe(5);
        seen.push(...page.items.map((i) => i.name));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([0, 1, 2, 3, 4].map((i) => `${tag} ${i}`));
      expectError(await reader.get(paths.accounts({ limit: 501 })), 400, 'validation');
      expectError(await reader.get(paths.accounts({ cursor: 'not-a-cursor' })), 400, 'validation');
    });

    it('search treats LIKE wildcards literally', async () => {
      const r = await reader.get(paths.accounts({ search: '%' }));
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(0);
    });
  });

  describe('resolve and links', () => {
    const ref = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account' } as const;

    it('matches by exact record, then domain, then normalised name, and reports ambiguity', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      const byDomain = await newAccount({ name: `Initech ${tag}`, websiteDomain: `initech-${tag}.example` });
      const byName = await newAccount({ name: `Umbrella ${tag} Corp` });
      await newAccount({ name: `Twin ${tag}` });
      await newAccount({ name: `Twin ${tag} Ltd` });

      const domain = await reader.post(paths.resolve(), { ...ref, recordId: `d-${tag}`, websiteDomain: `https://www.initech-${tag}.example/about` });
      expect(ResolveResultSchema.parse(domain.body)).toEqual({ status: 'linked', accountId: byDomain.id, matchedBy: 'domain' });

      const name = await reader.post(paths.resolve(), { ...ref, recordId: `n-${tag}`, name: `umbrella ${tag}, corp.` });
      expect(name.body).toEqual({ status: 'linked', accountId: byName.id, matchedBy: 'name' });

      const twin = await reader.post(paths.resolve(), { ...ref, recordId: `t-${tag}`, name: `TWIN ${tag} Inc` });
      expect(twin.body.status).toBe('not-linked');
      expect(twin.body.reason).toBe('ambiguous');
      expect(twin.body.candidates).toHaveLength(2);

      const unknown = await reader.post(paths.resolve(), { ...ref, recordId: `u-${tag}`, name: `Nobody ${tag}` });
      expect(unknown.body).toEqual({ status: 'not-linked', reason: 'unknown', candidates: [] });

      // Linking makes the next visit an exact match, even when the name says otherwise.
      const linked = await member.post(paths.accountLinks(byName.id), { ...ref, recordId: `t-${tag}` });
      expect(linked.status).toBe(200);
      expect(linked.body.crmRefs).toEqual([{ ...ref, recordId: `t-${tag}` }]);
      expect(linked.body.version).toBe(2);
      const exact = await reader.post(paths.resolve(), { ...ref, recordId: `t-${tag}`, name: `TWIN ${tag} Inc` });
      expect(exact.body).toEqual({ status: 'linked', accountId: byName.id, matchedBy: 'record' });

      // Linking the same record again is a no-op; linking it elsewhere is the
      // person's explicit choice and moves it there, as in the local store.
      const again = await member.post(paths.accountLinks(byName.id), { ...ref, recordId: `t-${tag}` });
      expect(again.body.version).toBe(2);
      const elsewhere = await member.post(paths.accountLinks(byDomain.id), { ...ref, recordId: `t-${tag}` });
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body.crmRefs).toEqual([{ ...ref, recordId: `t-${tag}` }]);
      const left = (await reader.get(paths.account(byName.id))).body;
      expect(left).toMatchObject({ crmRefs: [], version: 3 });
      expect((await reader.post(paths.resolve(), { ...ref, recordId: `t-${tag}` })).body).toMatchObject({
        accountId: byDomain.id,
        matchedBy: 'record',
      });
    });
  });

  describe('context, snapshots, commitments, flags', () => {
    it('builds the account context from everything recorded', async () => {
      const a = await newAccount();
      const snap = await member.post(paths.accountSnapshots(a.id), { date: '2026-03-01', adoptionPct: 61, nps: 20 });
      expect(snap.status).toBe(201);
      expect(snap.body).toMatchObject({ accountId: a.id, adoptionPct: 61 });
      const c = await member.post(paths.commitments(), commitmentDraft(a.id, { dueDate: '2026-04-01' }));
      expect(c.status).toBe(201);
      expect(c.headers.get('etag')).toBe('"1"');
      const f = await member.post(paths.flags(), flagDraft(a.id, { quote: '<img src=x onerror=alert(1)>' }));
      expect(f.status).toBe(201);
      const h = await member.put(paths.handoffItem(a.id, 'kickoff-booked'), { done: true, by: 'Cas CSM' });
      expect(h.status).toBe(200);

      const ctx = AccountContextSchema.parse((await reader.get(paths.accountContext(a.id))).body);
      expect(ctx.account.id).toBe(a.id);
      expect(ctx.snapshots.map((s) => s.id)).toEqual([snap.body.id]);
      expect(ctx.commitments.map((x) => x.id)).toEqual([c.body.id]);
      // Stored and returned as data, byte for byte.
      expect(ctx.flags[0]!.quote).toBe('<img src=x onerror=alert(1)>');
      expect(ctx.handoff.answers['kickoff-booked']).toMatchObject({ done: true, by: 'Cas CSM', version: 1 });
      expect(ctx.approval).toBeNull();
      expectError(await reader.get(paths.accountContext('ghost')), 404, 'not-found');
      expectError(await member.post(paths.accountSnapshots('ghost'), { date: '2026-03-01' }), 404, 'not-found');
    });

    it('a context read after any write shows the write, however often it was read before', async () => {
      const a = await newAccount();
      for (let i = 0; i < 3; i++) expect((await reader.get(paths.accountContext(a.id))).body.commitments).toEqual([]);
      const c = (await member.post(paths.commitments(), commitmentDraft(a.id))).body;
      expect((await reader.get(paths.accountContext(a.id))).body.commitments.map((x: { id: string }) => x.id)).toEqual([c.id]);
      await member.patch(paths.commitment(c.id), { status: 'delivered' }, { ifMatch: 1 });
      expect((await reader.get(paths.accountContext(a.id))).body.commitments[0].status).toBe('delivered');
      await member.patch(paths.commitment(c.id), { accountId: null }, { ifMatch: 2 });
      expect((await reader.get(paths.accountContext(a.id))).body.commitments).toEqual([]);
      await member.patch(paths.account(a.id), { name: 'Renamed Ltd' }, { ifMatch: 1 });
      expect((await reader.get(paths.accountContext(a.id))).body.account.name).toBe('Renamed Ltd');
    });

    it('lists commitments and flags per account with pagination', async () => {
      const a = await newAccount();
      for (let i = 0; i < 3; i++) await member.post(paths.commitments(), commitmentDraft(a.id, { text: `promise ${i}` }));
      await member.post(paths.flags(), flagDraft(a.id));
      const p1 = await reader.get(paths.accountCommitments(a.id, { limit: 2 }));
      expect(p1.body.total).toBe(3);
      expect(p1.body.items).toHaveLength(2);
      const p2 = await reader.get(paths.accountCommitments(a.id, { limit: 2, cursor: p1.body.nextCursor }));
      expect(p2.body.items.map((x: { text: string }) => x.text)).toEqual(['promise 2']);
      expect(p2.body.nextCursor).toBeNull();
      const flags = await reader.get(paths.accountFlags(a.id));
      expect(flags.body).toMatchObject({ total: 1, nextCursor: null });
    });

    it('patches commitments and flags with versions, and rejects unknown accounts', async () => {
      const a = await newAccount();
      const c = (await member.post(paths.commitments(), commitmentDraft(a.id))).body;
      const up = await member.patch(paths.commitment(c.id), { status: 'delivered' }, { ifMatch: 1 });
      expect(up.body).toMatchObject({ status: 'delivered', version: 2, text: c.text });
      expectError(await member.patch(paths.commitment(c.id), { status: 'broken' }, { ifMatch: 1 }), 412, 'version-mismatch');
      expectError(await member.patch(paths.commitment(c.id), { status: 'broken' }), 428, 'precondition-required');
      expectError(await member.patch(paths.commitment('ghost'), { status: 'broken' }, { ifMatch: 1 }), 404, 'not-found');
      const e = expectError(await member.post(paths.commitments(), commitmentDraft('ghost')), 400, 'validation');
      expect(e.field).toBe('accountId');

      const f = (await member.post(paths.flags(), flagDraft(a.id))).body;
      const resolved = await member.patch(
        paths.flag(f.id),
        { resolved: true, resolvedBy: 'Cas', resolvedAt: '2026-05-01T10:00:00Z' },
        { ifMatch: '"1"' },
      );
      expect(resolved.body).toMatchObject({ resolved: true, version: 2 });
      expect(resolved.headers.get('etag')).toBe('"2"');
    });

    it('keeps unassigned captures until they are given an account', async () => {
      const c = (await member.post(paths.commitments(), commitmentDraft(null, { text: 'captured on a news page' }))).body;
      const f = (await member.post(paths.flags(), flagDraft(null))).body;
      const before = await reader.get(paths.unassigned());
      expect(before.body.commitments.map((x: { id: string }) => x.id)).toContain(c.id);
      expect(before.body.flags.map((x: { id: string }) => x.id)).toContain(f.id);
      const a = await newAccount();
      await member.patch(paths.commitment(c.id), { accountId: a.id }, { ifMatch: 1 });
      const after = await reader.get(paths.unassigned());
      expect(after.body.commitments.map((x: { id: string }) => x.id)).not.toContain(c.id);
      expect((await reader.get(paths.accountContext(a.id))).body.commitments[0].id).toBe(c.id);
    });
  });

  describe('handoff answers', () => {
    it('creates without If-Match, then needs the per-item version', async () => {
      const a = await newAccount();
      const first = await member.put(paths.handoffItem(a.id, 'crm-access'), { done: false, by: 'Ana' });
      expect(first.headers.get('etag')).toBe('"1"');
      const other = await member.put(paths.handoffItem(a.id, 'sow-signed'), { done: true, by: 'Ana' });
      expect(other.headers.get('etag')).toBe('"1"');
      const e = expectError(await member.put(paths.handoffItem(a.id, 'crm-access'), { done: true, by: 'Bo' }), 428, 'precondition-required');
      expect(e.current).toMatchObject({ accountId: a.id, answers: { 'crm-access': { version: 1 } } });
      const second = await member.put(paths.handoffItem(a.id, 'crm-access'), { done: true, by: 'Bo', note: 'granted' }, { ifMatch: 1 });
      expect(second.status).toBe(200);
      expect(second.headers.get('etag')).toBe('"2"');
      expect(second.body.answers['crm-access']).toMatchObject({ done: true, by: 'Bo', note: 'granted', version: 2 });
      expect(second.body.answers['sow-signed']).toMatchObject({ version: 1 });
      const stale = expectError(
        await member.put(paths.handoffItem(a.id, 'crm-access'), { done: false, by: 'Cy' }, { ifMatch: 1 }),
        412,
        'version-mismatch',
      );
      expect(stale.current).toMatchObject({ answers: { 'crm-access': { version: 2, by: 'Bo' } } });
      expectError(await member.put(paths.handoffItem(a.id, 'new-item'), { done: true, by: 'Cy' }, { ifMatch: 3 }), 412, 'version-mismatch');
    });
  });

  describe('approvals', () => {
    it('requests, refuses a second pending request, decides with If-Match, and allows a re-request', async () => {
      const a = await newAccount();
      const req = await member.post(paths.approval(a.id), { requestedBy: 'Ana', reason: 'strategic logo', tradeOffs: 'custom SSO work' });
      expect(req.status).toBe(201);
      expect(req.body).toMatchObject({ status: 'requested', version: 1, accountId: a.id });
      expectError(await member.post(paths.approval(a.id), { requestedBy: 'Ana', reason: 'again', tradeOffs: 'x' }), 409, 'conflict');
      expectError(await member.patch(paths.approval(a.id), { status: 'approved', decidedBy: 'Vera VP' }), 428, 'precondition-required');
      const ok = await admin.patch(paths.approval(a.id), { status: 'rejected', decidedBy: 'Vera VP', decisionNote: 'not now' }, { ifMatch: 1 });
      expect(ok.body).toMatchObject({ status: 'rejected', decidedBy: 'Vera VP', version: 2 });
      expectError(await admin.patch(paths.approval(a.id), { status: 'approved', decidedBy: 'Vera VP' }, { ifMatch: 2 }), 409, 'conflict');
      const again = await member.post(paths.approval(a.id), { requestedBy: 'Ana', reason: 'new facts', tradeOffs: 'none' });
      expect(again.body).toMatchObject({ status: 'requested', version: 3 });
      expect(again.body.decidedBy).toBeUndefined();
      expect((await reader.get(paths.accountContext(a.id))).body.approval).toMatchObject({ version: 3 });
      const none = await newAccount();
      expectError(await admin.patch(paths.approval(none.id), { status: 'approved', decidedBy: 'V' }, { ifMatch: 1 }), 404, 'not-found');
    });
  });

  describe('roles', () => {
    it('read-only tokens read but never write', async () => {
      const a = await newAccount();
      expect((await reader.get(paths.accountContext(a.id))).status).toBe(200);
      expectError(await reader.post(paths.accounts(), accountDraft()), 403, 'forbidden');
      expectError(await reader.patch(paths.account(a.id), { arr: 1 }, { ifMatch: 1 }), 403, 'forbidden');
      expectError(await reader.post(paths.commitments(), commitmentDraft(a.id)), 403, 'forbidden');
      expectError(await reader.post(paths.flags(), flagDraft(a.id)), 403, 'forbidden');
      expectError(await reader.put(paths.handoffItem(a.id, 'x'), { done: true, by: 'R' }), 403, 'forbidden');
      expectError(await reader.post(paths.accountSnapshots(a.id), { date: '2026-01-01' }), 403, 'forbidden');
      expectError(
        await reader.post(paths.accountLinks(a.id), { platform: 'hubspot', host: 'h', objectType: 'o', kind: 'account', recordId: '1' }),
        403,
        'forbidden',
      );
      expectError(await reader.post(paths.approval(a.id), { requestedBy: 'R', reason: 'r', tradeOffs: 't' }), 403, 'forbidden');
      expect((await member.get(paths.account(a.id))).body.version).toBe(1);
    });

    it('only admins manage tokens and import', async () => {
      expectError(await member.get(paths.tokens()), 403, 'forbidden');
      expectError(await member.post(paths.tokens(), { name: 'x', role: 'admin' }), 403, 'forbidden');
      expectError(await member.post(paths.import('merge'), { format: 'seamline-export' }), 403, 'forbidden');
      expectError(await reader.delete(paths.token('tok_x')), 403, 'forbidden');
    });

    it('admins issue tokens shown once and revoke them', async () => {
      const issued = await admin.post(paths.tokens(), { name: 'Integration', role: 'read-only' }, { idempotencyKey: 'issue-token-0001' });
      expect(issued.status).toBe(201);
      const secret: string = issued.body.secret;
      expect(secret).toMatch(/^sl_/);
      const replay = await admin.post(paths.tokens(), { name: 'Integration', role: 'read-only' }, { idempotencyKey: 'issue-token-0001' });
      expect(replay.body.token.id).toBe(issued.body.token.id);
      expect(replay.body.secret).toBeNull();
      const fresh = client(server.url, secret);
      expect((await fresh.get(paths.health())).body).toMatchObject({ tokenAccepted: true, role: 'read-only' });
      const list = await admin.get(paths.tokens());
      expect(JSON.stringify(list.body)).not.toContain(secret);
      expect(list.body.items.map((t: { id: string }) => t.id)).toContain(issued.body.token.id);
      const revoked = await admin.delete(paths.token(issued.body.token.id));
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      expectError(await fresh.get(paths.accounts()), 401, 'unauthenticated');
      expectError(await admin.delete(paths.token('tok_unknown')), 404, 'not-found');
    });
  });

  describe('idempotency', () => {
    it('replays the original response and never applies twice', async () => {
      const a = await newAccount();
      const key = `create-commitment-${Date.now()}`;
      const first = await member.post(paths.commitments(), commitmentDraft(a.id), { idempotencyKey: key });
      const second = await member.post(paths.commitments(), commitmentDraft(a.id), { idempotencyKey: key });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('etag')).toBe('"1"');
      expect(second.headers.get('idempotent-replay')).toBe('true');
      expect((await reader.get(paths.accountCommitments(a.id))).body.total).toBe(1);
      expectError(
        await member.post(paths.commitments(), commitmentDraft(a.id, { text: 'different' }), { idempotencyKey: key }),
        422,
        'idempotency-mismatch',
      );
    });

    it('replays a patch instead of failing it as stale', async () => {
      const a = await newAccount();
      const key = `patch-account-${Date.now()}`;
      const first = await member.patch(paths.account(a.id), { arr: 5 }, { ifMatch: 1, idempotencyKey: key });
      const second = await member.patch(paths.account(a.id), { arr: 5 }, { ifMatch: 1, idempotencyKey: key });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body.version).toBe(2);
      expect((await member.get(paths.account(a.id))).body.version).toBe(2);
    });

    it('scopes keys per workspace and lets a failed request be retried with its key', async () => {
      const key = `shared-key-${Date.now()}`;
      const other = client(server.url, await makeToken(db, 'api-other', 'member'));
      const mine = await member.post(paths.accounts(), accountDraft({ name: 'Mine' }), { idempotencyKey: key });
      const theirs = await other.post(paths.accounts(), accountDraft({ name: 'Theirs' }), { idempotencyKey: key });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      const failKey = `failing-${Date.now()}`;
      expectError(await member.post(paths.accounts(), { name: 'x' }, { idempotencyKey: failKey }), 400, 'validation');
      expectError(await member.post(paths.accounts(), { name: 'y' }, { idempotencyKey: failKey }), 400, 'validation');
      expectError(await member.post(paths.accounts(), accountDraft(), { idempotencyKey: 'short' }), 400, 'validation');
    });
  });

  describe('idempotency retention', () => {
    it('forgets keys after the retention period', async () => {
      const key = `old-key-${Date.now()}`;
      expect((await member.post(paths.accounts(), accountDraft(), { idempotencyKey: key })).status).toBe(201);
      await db.query('UPDATE idempotency_keys SET created_at = $2 WHERE key = $1', [
        key,
        new Date(Date.now() - IDEMPOTENCY_RETENTION_MS - 1000).toISOString(),
      ]);
      expect(await sweepIdempotencyKeys(db)).toBeGreaterThanOrEqual(1);
      expect((await member.post(paths.accounts(), accountDraft({ name: 'Different' }), { idempotencyKey: key })).status).toBe(201);
    });

    const countNamed = async (name: string) => (await reader.get(paths.accounts({ search: name }))).body.total as number;

    it('a key whose write committed is replayed long after the in-flight window, never run again', async () => {
      const key = `committed-key-${Date.now()}`;
      const body = accountDraft();
      const first = await member.post(paths.accounts(), body, { idempotencyKey: key });
      expect(first.status).toBe(201);
      const longAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
      await db.query('UPDATE idempotency_keys SET created_at = $2, claimed_at = $2 WHERE key = $1', [key, longAgo]);
      const again = await member.post(paths.accounts(), body, { idempotencyKey: key });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replay')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await countNamed(body.name)).toBe(1);
    });

    it('a key claimed by an attempt that never answered is "in flight" (409 + Retry-After), then runs once after the window', async () => {
      const key = `abandoned-key-${Date.now()}`;
      const body = accountDraft();
      const hash = idempotencyRequestHash('POST', paths.accounts(), '', JSON.stringify(body));
      // What a process killed after claiming the key, before committing, leaves behind.
      await db.query(
        'INSERT INTO idempotency_keys (workspace_id, key, request_hash, created_at, claim, claimed_at) VALUES ($1, $2, $3, $4, $5, $4)',
        ['api', key, hash, new Date().toISOString(), 'attempt-that-died'],
      );
      const busy = expectError(await member.post(paths.accounts(), body, { idempotencyKey: key }), 409, 'idempotency-in-flight');
      expect(busy.message).toMatch(/same key/);
      expect(Number((await member.post(paths.accounts(), body, { idempotencyKey: key })).headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await db.query('UPDATE idempotency_keys SET claimed_at = $2 WHERE key = $1', [key, new Date(Date.now() - 10 * 60 * 1000).toISOString()]);
      const ran = await member.post(paths.accounts(), body, { idempotencyKey: key });
      expect(ran.status).toBe(201);
      expect(ran.headers.get('idempotent-replay')).toBeNull();
      const replay = await member.post(paths.accounts(), body, { idempotencyKey: key });
      expect(replay.headers.get('idempotent-replay')).toBe('true');
      expect(await countNamed(body.name)).toBe(1);
    });

    it('when storing the answer fails after the write, nothing commits and the retry writes exactly once', async () => {
      // The database refuses to store the idempotent answer once, as a crash between write and answer would.
      let failNext = true;
      const sabotage = (q: Queryable): Queryable => ({
        query: (sql, params) => {
          if (failNext && /UPDATE idempotency_keys SET status/.test(sql)) {
            failNext = false;
            return Promise.reject(new Error('connection lost'));
          }
          return q.query(sql, params);
        },
      });
      const flaky: Db = { ...db, query: sabotage(db).query, transaction: (fn) => db.transaction((tx) => fn(sabotage(tx))) };
      const side = await startServer(flaky, { migrate: false, idempotencyInFlightMs: 0 });
      try {
        const c = client(side.url, member.token);
        const key = `answer-lost-${Date.now()}`;
        const body = accountDraft();
        expect((await c.post(paths.accounts(), body, { idempotencyKey: key })).status).toBe(500);
        expect(failNext).toBe(false);
        const retry = await c.post(paths.accounts(), body, { idempotencyKey: key });
        expect(retry.status).toBe(201);
        expect((await c.post(paths.accounts(), body, { idempotencyKey: key })).body.id).toBe(retry.body.id);
        expect(await countNamed(body.name)).toBe(1);
      } finally {
        await side.close();
      }
    });
  });

  describe('audit trail', () => {
    it('records who changed commitments, flags and answers, with before and after', async () => {
      const a = await newAccount();
      const c = (await member.post(paths.commitments(), commitmentDraft(a.id))).body;
      await admin.patch(paths.commitment(c.id), { status: 'broken' }, { ifMatch: 1 });
      const f = (await member.post(paths.flags(), flagDraft(a.id))).body;
      await member.put(paths.handoffItem(a.id, 'icp-check'), { done: true, by: 'Mo' });
      await member.put(paths.handoffItem(a.id, 'icp-check'), { done: false, by: 'Mo' }, { ifMatch: 1 });

      const trail = AuditPageSchema.parse((await reader.get(paths.audit({ entity: 'commitment', id: c.id }))).body);
      expect(trail.items.map((e) => [e.action, e.actor.name])).toEqual([
        ['create', 'Mo Member'],
        ['update', 'Ada Admin'],
      ]);
      expect(trail.items[1]!.before).toMatchObject({ status: 'open', version: 1 });
      expect(trail.items[1]!.after).toMatchObject({ status: 'broken', version: 2 });
      expect(trail.items[0]!.before).toBeNull();

      const flagTrail = (await reader.get(paths.audit({ entity: 'flag', id: f.id }))).body;
      expect(flagTrail.total).toBe(1);
      const answerTrail = (await reader.get(paths.audit({ entity: 'handoff', id: `${a.id}/icp-check` }))).body;
      expect(answerTrail.items.map((e: { action: string; after: { done: boolean } }) => [e.action, e.after.done])).toEqual([
        ['create', true],
        ['update', false],
      ]);

      // Success-plan milestones: each one a plan creates, one added later, and an edit.
      const { accountId: _omit, ...plan } = planCreate(a.id);
      expect((await member.post(paths.plan(a.id), plan)).status).toBe(201);
      const added = (await member.post(paths.milestones(a.id), { title: 'Exec sponsor check-in', ownerRole: 'csm', status: 'planned' })).body;
      expect((await admin.patch(paths.milestone(a.id, 'first-value'), { status: 'at-risk' }, { ifMatch: 1 })).status).toBe(200);
      const planTrail = AuditPageSchema.parse((await reader.get(paths.audit({ entity: 'milestone', id: 'first-value' }))).body);
      expect(planTrail.items.map((e) => [e.action, e.actor.name, e.accountId])).toEqual([
        ['create', 'Mo Member', a.id],
        ['update', 'Ada Admin', a.id],
      ]);
      expect(planTrail.items[1]!.before).toMatchObject({ status: 'planned', version: 1 });
      expect(planTrail.items[1]!.after).toMatchObject({ status: 'at-risk', version: 2 });
      expect((await reader.get(paths.audit({ entity: 'milestone', id: added.id }))).body.items).toMatchObject([{ action: 'create' }]);

      const paged = (await reader.get(paths.audit({ limit: 1 }))).body;
      expect(paged.items).toHaveLength(1);
      expect(paged.nextCursor).toEqual(expect.any(String));
      expect(JSON.stringify(trail)).not.toContain(member.token!);
    });
  });

  describe('export and import', () => {
    it('round-trips a workspace exactly through replace, and merges into another', async () => {
      const ws = `exp-${Math.random().toString(36).slice(2, 8)}`;
      const owner = client(server.url, await makeToken(db, ws, 'admin'));
      const a = (await owner.post(paths.accounts(), accountDraft({ websiteDomain: 'round.example' }))).body;
      await owner.post(paths.accountSnapshots(a.id), { date: '2026-02-02', adoptionPct: 40 });
      await owner.post(paths.commitments(), commitmentDraft(a.id));
      await owner.post(paths.flags(), flagDraft(null));
      await owner.put(paths.handoffItem(a.id, 'kickoff'), { done: true, by: 'Ana' });
      await owner.post(paths.approval(a.id), { requestedBy: 'Ana', reason: 'r', tradeOffs: 't' });
      await owner.post(paths.accountLinks(a.id), {
        platform: 'salesforce',
        host: 'acme.my.salesforce.com',
        objectType: 'Account',
        kind: 'account',
        recordId: '001X',
      });

      const exported = ExportBundleSchema.parse((await owner.get(paths.export())).body);
      expect(exported.accounts).toHaveLength(1);
      expect(exported.handoff).toHaveLength(1);

      // Change everything, then restore the export with replace.
      await owner.post(paths.accounts(), accountDraft());
      await owner.patch(paths.account(a.id), { arr: 1 }, { ifMatch: 2 });
      const summary = await owner.post(paths.import('replace'), exported);
      expect(summary.body).toEqual({ accounts: 1, snapshots: 1, commitments: 1, flags: 1, handoff: 1, approvals: 1 });
      const again = ExportBundleSchema.parse((await owner.get(paths.export())).body);
      expect({ ...again, exportedAt: '' }).toEqual({ ...exported, exportedAt: '' });
      const resolved = await owner.post(paths.resolve(), {
        platform: 'salesforce',
        host: 'acme.my.salesforce.com',
        objectType: 'Account',
        kind: 'account',
        recordId: '001X',
      });
      expect(resolved.body).toMatchObject({ status: 'linked', accountId: a.id });

      // Merge into a different workspace keeps what was there.
      const ws2 = `${ws}-b`;
      const other = client(server.url, await makeToken(db, ws2, 'admin'));
      await other.post(paths.accounts(), accountDraft());
      await other.post(paths.import('merge'), exported);
      const merged = ExportBundleSchema.parse((await other.get(paths.export())).body);
      expect(merged.accounts).toHaveLength(2);
      expect(merged.accounts.find((x) => x.id === a.id)).toEqual(exported.accounts[0]);
    });

    it('gives the planner statistics for what a large import brought', async () => {
      const lastAnalyzed = async () =>
        (await db.query<{ at: string | null }>("SELECT last_analyze::text AS at FROM pg_stat_user_tables WHERE relid = 'snapshots'::regclass"))
          .rows[0]?.at ?? null;
      const before = await lastAnalyzed();
      const owner = client(server.url, await makeToken(db, `big-${Math.random().toString(36).slice(2, 8)}`, 'admin'));
      // About 1,800 rows: well past what makes an import refresh the statistics.
      const { bundle, arrChanges } = generateDemoData({ seed: 3, accounts: 80, now: new Date() });
      expect((await owner.post(paths.import('replace'), { ...bundle, arrChanges })).status).toBe(200);
      const after = await lastAnalyzed();
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
    }, 60_000);

    it('keeps the last of a record a file lists twice, at the place of the first', async () => {
      const owner = client(server.url, await makeToken(db, `twice-${Math.random().toString(36).slice(2, 8)}`, 'admin'));
      const { bundle, arrChanges } = generateDemoData({ seed: 4, accounts: 6, now: new Date() });
      // An account with a history of several changes.
      const account = bundle.accounts.find((a) => arrChanges.filter((c) => c.accountId === a.id).length > 1)!;
      const history = arrChanges.filter((c) => c.accountId === account.id);
      expect(history.length).toBeGreaterThan(1);
      const [snapshot] = bundle.snapshots;
      const [commitment] = bundle.commitments;
      const checklist = bundle.handoff[0]!;
      const file = {
        ...bundle,
        accounts: [...bundle.accounts, { ...account, name: 'Renamed Twice', crmRefs: account.crmRefs.slice(0, 1) }],
        snapshots: [...bundle.snapshots, { ...snapshot!, adoptionPct: 7 }],
        commitments: [...bundle.commitments, { ...commitment!, text: 'Said again' }],
        handoff: [
          ...bundle.handoff,
          {
            ...checklist,
            answers: { ...checklist.answers, 'kickoff-booked': { done: true, by: 'Again', at: new Date().toISOString(), version: 9 } },
          },
        ],
        // The first change given again last, changed: the history keeps its place.
        arrChanges: [...arrChanges, { ...history[0]!, note: 'given again' }],
      };
      expect((await owner.post(paths.import('replace'), file)).status).toBe(200);
      const stored = ExportBundleSchema.parse((await owner.get(paths.export())).body);
      expect(stored.accounts).toHaveLength(bundle.accounts.length);
      expect(stored.accounts.find((a) => a.id === account.id)).toMatchObject({ name: 'Renamed Twice', crmRefs: account.crmRefs.slice(0, 1) });
      expect(stored.snapshots.find((x) => x.id === snapshot!.id)?.adoptionPct).toBe(7);
      expect(stored.commitments.find((x) => x.id === commitment!.id)?.text).toBe('Said again');
      expect(stored.handoff.find((h) => h.accountId === checklist.accountId)?.answers['kickoff-booked']).toMatchObject({ by: 'Again', version: 9 });
      const storedHistory = (stored.arrChanges ?? []).filter((c) => c.accountId === account.id);
      expect(storedHistory.map((c) => c.id)).toEqual(history.map((c) => c.id));
      expect(storedHistory[0]!.note).toBe('given again');
    }, 60_000);

    it('refuses versions beyond what the database stores, naming the field, instead of failing with 500', async () => {
      const at = new Date().toISOString();
      const account = { ...accountDraft(), id: `big-${Date.now()}`, version: 2 ** 31, createdAt: at, updatedAt: at };
      const bundle = { ...(await admin.get(paths.export())).body, accounts: [account] };
      const e = expectError(await admin.post(paths.import('merge'), bundle), 400, 'validation');
      expect(e.field).toBe('accounts[0].version');
      expectError(await member.get(paths.account(account.id)), 404, 'not-found');
    });

    it('rejects a bundle that fails the schema and changes nothing', async () => {
      const ws = `bad-${Math.random().toString(36).slice(2, 8)}`;
      const owner = client(server.url, await makeToken(db, ws, 'admin'));
      await owner.post(paths.accounts(), accountDraft());
      const before = (await owner.get(paths.export())).body;
      const broken = { ...before, accounts: [{ ...before.accounts[0], segment: 'nope' }] };
      const e = expectError(await owner.post(paths.import('replace'), broken), 400, 'validation');
      expect(e.field).toBe('accounts[0].segment');
      expect((await owner.get(paths.export())).body.accounts).toEqual(before.accounts);
    });
  });

  describe('protocol limits and errors', () => {
    it('answers malformed JSON, wrong content type and unknown routes in the error shape', async () => {
      expectError(await member.post(paths.accounts(), undefined, { rawBody: '{"name": ' }), 400, 'malformed-json');
      expectError(
        await member.post(paths.accounts(), undefined, { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } }),
        400,
        'validation',
      );
      expectError(await member.get('/v1/nothing-here'), 404, 'not-found');
      expectError(await anon.get('/elsewhere'), 404, 'not-found');
    });

    it('refuses NUL and unpaired surrogates in any text with 400 naming the field, and stores nothing', async () => {
      const a = await newAccount();
      const nul = expectError(await member.post(paths.commitments(), commitmentDraft(a.id, { text: 'SSO\u0000 by March' })), 400, 'validation');
      expect(nul.field).toBe('text');
      const lone = expectError(await member.post(paths.accounts(), accountDraft({ name: 'Globex \uD83D' })), 400, 'validation');
      expect(lone.field).toBe('name');
      expect(expectError(await member.patch(paths.account(a.id), { industry: 'x\uDE00' }, { ifMatch: 1 }), 400, 'validation').field).toBe('industry');
      expect(
        expectError(await member.put(paths.handoffItem(a.id, 'kickoff'), { done: true, by: 'Ana', note: '\u0000' }), 400, 'validation').field,
      ).toBe('note');
      expect(expectError(await reader.get(paths.accounts({ search: 'a\u0000' })), 400, 'validation').field).toBe('search');
      const evilCursor = Buffer.from(JSON.stringify(['a\u0000', 'b']), 'utf8').toString('base64url');
      expect(expectError(await reader.get(paths.accounts({ cursor: evilCursor })), 400, 'validation').field).toBe('cursor');
      expect((await reader.get(paths.accountCommitments(a.id))).body.total).toBe(0);
      expect((await member.get(paths.account(a.id))).body.version).toBe(1);
      // Paired surrogates (emoji) are ordinary text.
      expect((await member.post(paths.commitments(), commitmentDraft(a.id, { text: 'Launch 🚀 by March' }))).status).toBe(201);
    });

    it('refuses bodies over the limit with 413', async () => {
      const big = { ...accountDraft(), industry: 'x'.repeat(1_100_000) };
      expectError(await member.post(paths.accounts(), big), 413, 'payload-too-large');
    });

    it('rate limits per token with 429 and Retry-After', async () => {
      const limited = await startServer(db, { rateLimitPerMinute: 5 });
      try {
        // Own tokens: budgets are kept in the database, shared with the suite's main server.
        const c1 = client(limited.url, await makeToken(db, 'api', 'member'));
        const c2 = client(limited.url, await makeToken(db, 'api', 'read-only'));
        const statuses: number[] = [];
        for (let i = 0; i < 7; i++) statuses.push((await c1.get(paths.accounts({ limit: 1 }))).status);
        expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
        const blocked = await c1.get(paths.accounts({ limit: 1 }));
        expectError(blocked, 429, 'rate-limited');
        expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        // Another token has its own bucket.
        expect((await c2.get(paths.accounts({ limit: 1 }))).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('allows extension origins with the contract headers, and no others', async () => {
      const pre = await fetch(`${server.url}${paths.account('x')}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'chrome-extension://abcdefghijklmnop',
          'Access-Control-Request-Method': 'PATCH',
          'Access-Control-Request-Headers': 'authorization,if-match,idempotency-key',
        },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
      const allowed = pre.headers.get('access-control-allow-headers')!.toLowerCase();
      for (const h of ['authorization', 'if-match', 'idempotency-key']) expect(allowed).toContain(h);
      const real = await fetch(`${server.url}${paths.accounts()}`, {
        headers: { Origin: 'moz-extension://1234-abcd', Authorization: `Bearer ${member.token}` },
      });
      expect(real.headers.get('access-control-allow-origin')).toBe('moz-extension://1234-abcd');
      expect(real.headers.get('access-control-expose-headers')).toContain('ETag');
      const evil = await fetch(`${server.url}${paths.accounts()}`, {
        headers: { Origin: 'https://evil.example', Authorization: `Bearer ${member.token}` },
      });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('serves an OpenAPI document listing every contract route', async () => {
      const doc = (await anon.get('/openapi.json')).body;
      expect(doc.info.version).toBe('1.0.0');
      for (const [name, r] of Object.entries(ROUTES)) {
        expect(doc.paths[r.path]?.[r.method], `${name} ${r.method.toUpperCase()} ${r.path}`).toBeDefined();
      }
      const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops as object).map((m) => `${m} ${p}`));
      expect(documented.sort()).toEqual(
        Object.values(ROUTES)
          .map((r) => `${r.method} ${r.path}`)
          .sort(),
      );
    });
  });
});
