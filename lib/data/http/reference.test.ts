// @vitest-environment node
import { accountDraft } from '../../../test/factories';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBackend, type ReferenceBackend } from '../../../test/servers/reference';
import { CONTRACT_VERSION } from '../../core/http-contract';
import { DataError } from '../../core/errors';
import { HttpBackend } from './backend';

// The adapter against the reference server (server/, in-memory PGlite) over real HTTP.

let ref: ReferenceBackend;
let http: HttpBackend;

beforeAll(async () => {
  ref = await startReferenceBackend();
  http = new HttpBackend({ baseUrl: ref.url, token: ref.token, timeoutMs: 5000, retries: 1, retryBaseMs: 10 });
}, 60_000);
afterAll(async () => {
  await ref?.close();
});

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected the call to reject');
}

const commitmentDraft = (accountId: string | null, text = 'SSO before go-live') =>
  ({ accountId, text, kind: 'feature', status: 'open', roadmapStatus: 'on-roadmap', createdBy: 'Ana' }) as const;

describe('HttpBackend against the reference server', () => {
  it('tests the connection: contract version, token, workspace, role and expiry', async () => {
    expect(await http.testConnection()).toEqual({
      reachable: true,
      contractVersion: CONTRACT_VERSION,
      compatible: true,
      tokenAccepted: true,
      workspace: 'acme',
      role: 'member',
      // The test token never expires.
      expiresAt: null,
    });
    const wrong = await new HttpBackend({ baseUrl: ref.url, token: 'sl_not-a-token' }).testConnection();
    expect(wrong).toMatchObject({ reachable: true, tokenAccepted: false });
    expect(wrong.workspace).toBeUndefined();
  });

  it('creates an account, links a record, resolves it and reads the whole context', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Northwind Traders' }));
    expect(account).toMatchObject({ name: 'Northwind Traders', version: 1 });
    const link = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '9001' } as const;
    const linked = await http.linkRecord(account.id, link);
    expect(linked.crmRefs).toEqual([link]);
    expect(await http.resolveRecord({ ...link, name: 'whatever' })).toEqual({ status: 'linked', accountId: account.id, matchedBy: 'record' });

    const commitment = await http.createCommitment(commitmentDraft(account.id));
    await http.addHealthSnapshot({ accountId: account.id, date: '2026-03-01', adoptionPct: 40 });
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.account.id).toBe(account.id);
    expect(ctx?.commitments.map((c) => c.id)).toEqual([commitment.id]);
    expect(ctx?.snapshots.map((s) => s.adoptionPct)).toEqual([40]);
    expect(await http.getAccountContext('no-such-account')).toBeNull();

    const page = await http.listAccounts({ search: 'northwind' });
    expect(page.items.map((a) => a.id)).toContain(account.id);
  });

  it('reports a stale update as a conflict carrying the current record', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Contoso' }));
    const c = await http.createCommitment(commitmentDraft(account.id));
    const moved = await http.updateCommitment(c.id, { status: 'in-progress' }, c.version);
    expect(moved.version).toBe(c.version + 1);
    const err = await rejection(http.updateCommitment(c.id, { status: 'delivered' }, c.version));
    expect(err.kind).toBe('conflict');
    expect(err.info.status).toBe(412);
    expect(err.info.current).toMatchObject({ id: c.id, status: 'in-progress', version: moved.version });
  });

  it('versions handoff answers per item and conflicts on a stale one', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Fabrikam' }));
    const first = await http.setHandoffAnswer({ accountId: account.id, itemId: 'kickoff-date', done: true, by: 'Ana', expectedVersion: null });
    expect(first.answers['kickoff-date']).toMatchObject({ done: true, version: 1 });
    const second = await http.setHandoffAnswer({ accountId: account.id, itemId: 'kickoff-date', done: false, by: 'Bo', expectedVersion: 1 });
    expect(second.answers['kickoff-date']).toMatchObject({ done: false, version: 2 });
    const err = await rejection(http.setHandoffAnswer({ accountId: account.id, itemId: 'kickoff-date', done: true, by: 'Ana', expectedVersion: 1 }));
    expect(err.kind).toBe('conflict');
  });

  it('requests and decides an ICP approval', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Tailspin' }));
    const requested = await http.requestApproval({
      accountId: account.id,
      requestedBy: 'Ana',
      reason: 'strategic logo',
      tradeOffs: 'custom SSO work',
    });
    expect(requested.status).toBe('requested');
    const decided = await http.decideApproval({ accountId: account.id, status: 'approved', decidedBy: 'Cy', expectedVersion: requested.version });
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'Cy' });
  });

  it('lists unassigned captures', async () => {
    const c = await http.createCommitment(commitmentDraft(null, 'Free onboarding for 3 months'));
    const un = await http.listUnassigned();
    expect(un.commitments.map((x) => x.id)).toContain(c.id);
  });

  it('applies a write once when it is sent twice with the same idempotency key', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Wide World' }));
    const a = await http.createCommitment(commitmentDraft(account.id, 'Dedicated CSM'), 'replay-key-0001');
    const b = await http.createCommitment(commitmentDraft(account.id, 'Dedicated CSM'), 'replay-key-0001');
    expect(b.id).toBe(a.id);
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.commitments).toHaveLength(1);
  });

  it('refuses writes from a read-only token as an auth error', async () => {
    const viewer = new HttpBackend({ baseUrl: ref.url, token: ref.readOnlyToken });
    const err = await rejection(viewer.createCommitment(commitmentDraft(null)));
    expect(err.kind).toBe('auth');
    expect(err.info.status).toBe(403);
  });

  it('exports the workspace in the export bundle shape', async () => {
    const bundle = await http.exportAll();
    expect(bundle.format).toBe('seamline-export');
    expect(bundle.accounts.length).toBeGreaterThanOrEqual(5);
  });
});
