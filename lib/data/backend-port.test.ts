// @vitest-environment node
import { accountDraft } from '../../test/factories';
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DataRequest } from '../core/messages/data-methods';
import type { ConnectionBroadcast } from '../core/messages/to-pages';
import { createDataClient, dispatchData } from './rpc';
import { DataService } from './service';
import { RECORDING_BACKEND_TOKEN, startRecordingBackend } from '../../test/servers/recording-backend';
import { startReferenceBackend, type ReferenceBackend } from '../../test/servers/reference';
import { createBackendPort, type BackendPort, type Connection } from './backend-port';
import { DataError } from '../core/errors';
import { HttpBackend } from './http';
import { ReadCache } from './http/read-cache';
import { Outbox, isTempId } from './outbox';

let ref: ReferenceBackend;
let http: HttpBackend;
let outbox: Outbox;
let cache: ReadCache;
let port: BackendPort;
let n = 0;

beforeAll(async () => {
  ref = await startReferenceBackend();
}, 60_000);
afterAll(async () => {
  await ref?.close();
});
beforeEach(async () => {
  await ref.up();
  http = new HttpBackend({ baseUrl: ref.url, token: ref.token, timeoutMs: 3000, retries: 0 });
  outbox = new Outbox({ target: http, dbName: `bp-outbox-${Date.now()}-${n}`, autoRetry: false });
  cache = new ReadCache({ dbName: `bp-cache-${Date.now()}-${n++}` });
  port = createBackendPort({ http, outbox, cache });
});
afterEach(() => {
  outbox.dispose();
  cache.close();
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

const commitmentDraft = (accountId: string | null, text: string) =>
  ({ accountId, text, kind: 'integration', status: 'open', roadmapStatus: 'live', createdBy: 'Ana' }) as const;

describe('createBackendPort', () => {
  it('writes straight to the backend when it is reachable', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Adatum', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }));
    const c = await port.createCommitment(commitmentDraft(account.id, 'Salesforce sync'));
    expect(c).not.toHaveProperty('pending');
    expect(await outbox.pendingCount()).toBe(0);
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.commitments.map((x) => x.id)).toEqual([c.id]);
    expect(port.connection()).toBe('online');
  });

  it('queues a milestone change and a stage move made offline, shows them at once, and sends each once', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Fabrikam Plans', closedWonDate: '2026-03-02', lifecycleStage: 'activation' }));
    await port.createPlan({
      accountId: account.id,
      templateId: 'mid-market-plan',
      milestones: [
        { id: 'first-value', accountId: account.id, title: 'First value achieved', dueDate: '2026-04-08', ownerRole: 'csm', status: 'planned' },
      ],
    });
    await port.getAccountContext(account.id);
    await ref.down();

    const done = await port.updateMilestone(account.id, 'first-value', { status: 'done', achievedOn: '2026-04-01' }, 1);
    expect(done).toMatchObject({ status: 'done', version: 2, pending: { seq: expect.any(Number) } });
    const moved = await port.changeStage({ accountId: account.id, to: 'value-realisation', by: 'Ana', expectedVersion: account.version });
    expect(moved.account).toMatchObject({ lifecycleStage: 'value-realisation', version: account.version + 1 });
    const offlineView = await port.getAccountContext(account.id);
    expect([offlineView?.milestones[0]?.status, offlineView?.account.lifecycleStage, offlineView?.stageChanges.length]).toEqual([
      'done',
      'value-realisation',
      1,
    ]);

    await ref.up();
    expect(await outbox.flush()).toEqual({ sent: 2, conflicted: 0, stoppedBy: null });
    const server = (await http.getAccountContext(account.id))!;
    expect(server.milestones).toMatchObject([{ id: 'first-value', status: 'done', achievedOn: '2026-04-01', version: 2 }]);
    expect(server.stageChanges).toMatchObject([{ from: 'activation', to: 'value-realisation', by: 'Ana' }]);
  });

  it('keeps showing the last good context, marked offline, when the backend is unreachable', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Litware', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }));
    await port.createCommitment(commitmentDraft(account.id, 'Weekly exec report'));
    const fresh = await port.getAccountContext(account.id);
    expect(fresh).not.toHaveProperty('offline');

    const seen: Connection[] = [];
    port.onConnectionChange((c) => seen.push(c));
    await ref.down();
    const stale = await port.getAccountContext(account.id);
    expect(stale?.commitments.map((c) => c.text)).toEqual(['Weekly exec report']);
    expect(stale).toMatchObject({ offline: { cachedAt: expect.any(String) } });
    expect(port.connection()).toBe('offline');
    expect(seen).toEqual(['offline']);
    // Never loaded here: nothing to show, so the real failure surfaces.
    expect((await rejection(port.getAccountContext('never-seen'))).kind).toBe('network');
  });

  it('queues writes while offline with optimistic results, then syncs them once, in order', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Proseware', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }));
    const existing = await port.createCommitment(commitmentDraft(account.id, 'Okta SSO'));
    await port.getAccountContext(account.id);
    await ref.down();

    const created = await port.createCommitment(commitmentDraft(account.id, 'Data residency in EU'));
    expect(isTempId(created.id)).toBe(true);
    expect(created).toMatchObject({ version: 1, pending: { seq: expect.any(Number) } });
    const edited = await port.updateCommitment(existing.id, { status: 'delivered' }, existing.version);
    expect(edited).toMatchObject({ id: existing.id, text: 'Okta SSO', status: 'delivered', version: existing.version + 1 });
    // An edit of the offline-created commitment refers to it by its provisional id.
    await port.updateCommitment(created.id, { status: 'in-progress' }, 1);
    await port.setHandoffAnswer({ accountId: account.id, itemId: 'success-criteria', done: true, by: 'Ana', expectedVersion: null });
    expect(await outbox.pendingCount()).toBe(4);

    const offlineView = await port.getAccountContext(account.id);
    expect(offlineView?.commitments.map((c) => [c.text, c.status])).toEqual([
      ['Okta SSO', 'delivered'],
      ['Data residency in EU', 'in-progress'],
    ]);
    expect(offlineView?.handoff.answers['success-criteria']?.done).toBe(true);

    await ref.up();
    const result = await outbox.flush();
    expect(result).toEqual({ sent: 4, conflicted: 0, stoppedBy: null });
    const server = await http.getAccountContext(account.id);
    expect(server?.commitments.map((c) => [c.text, c.status, c.version])).toEqual([
      ['Okta SSO', 'delivered', existing.version + 1],
      ['Data residency in EU', 'in-progress', 2],
    ]);
    expect(server?.handoff.answers['success-criteria']).toMatchObject({ done: true, version: 1 });
    expect(await outbox.realId(created.id)).toBe(server?.commitments[1]?.id);
  });

  it('reads an account created offline by its provisional id once it has synced', async () => {
    await ref.down();
    const account = await port.createAccount(
      accountDraft({ name: 'Offline Founders', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }),
    );
    expect(isTempId(account.id)).toBe(true);
    await port.createCommitment(commitmentDraft(account.id, 'Pilot in Q3'));
    await ref.up();
    await outbox.flush();
    const ctx = await port.getAccountContext(account.id);
    expect(ctx?.account.name).toBe('Offline Founders');
    expect(isTempId(ctx!.account.id)).toBe(false);
    expect(ctx?.commitments.map((c) => [c.text, c.accountId])).toEqual([['Pilot in Q3', ctx!.account.id]]);
  });

  it('queues new writes behind waiting ones even once the backend is back', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Woodgrove', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }));
    await ref.down();
    await port.createCommitment(commitmentDraft(account.id, 'first'));
    await ref.up();
    const second = await port.createCommitment(commitmentDraft(account.id, 'second'));
    expect(second).toHaveProperty('pending');
    await outbox.flush();
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.commitments.map((c) => c.text)).toEqual(['first', 'second']);
  });

  it('surfaces validation, auth and conflict errors at once and queues nothing', async () => {
    const account = await port.createAccount(accountDraft({ name: 'Coho', segment: 'enterprise', arr: 500000, lifecycleStage: 'activation' }));
    const c = await port.createCommitment(commitmentDraft(account.id, 'Net 60 terms'));
    await port.updateCommitment(c.id, { status: 'in-progress' }, c.version);

    const conflict = await rejection(port.updateCommitment(c.id, { status: 'broken' }, c.version));
    expect(conflict.kind).toBe('conflict');
    expect(conflict.info.current).toMatchObject({ status: 'in-progress' });

    const invalid = await rejection(port.createCommitment({ ...commitmentDraft(account.id, 'x'), dueDate: 'soon' }));
    expect(invalid.kind).toBe('validation');
    expect(invalid.info.field).toBe('dueDate');

    const viewer = createBackendPort({ http: new HttpBackend({ baseUrl: ref.url, token: ref.readOnlyToken }), outbox, cache });
    expect((await rejection(viewer.createCommitment(commitmentDraft(account.id, 'y')))).kind).toBe('auth');

    await ref.down();
    const offlineInvalid = await rejection(port.createCommitment({ ...commitmentDraft(account.id, 'z'), sourceUrl: 'javascript:alert(1)' }));
    expect(offlineInvalid.kind).toBe('validation');
    expect(offlineInvalid.info.field).toBe('sourceUrl');
    expect(await outbox.pendingCount()).toBe(0);
  });

  it('refuses an offline edit of a record never loaded here rather than inventing one', async () => {
    await ref.down();
    const err = await rejection(port.updateFlag('flag-unknown', { resolved: true }, 3));
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/never loaded/);
    expect(await outbox.pendingCount()).toBe(0);
  });
});

describe('createBackendPort when the answer to a direct write is lost', () => {
  it('queues it under the same idempotency key, so the replay does not apply it twice', async () => {
    const rec = await startRecordingBackend();
    const direct = new HttpBackend({ baseUrl: rec.url, token: RECORDING_BACKEND_TOKEN, retries: 0 });
    const box = new Outbox({ target: direct, dbName: `bp-lost-${Date.now()}`, autoRetry: false });
    const p = createBackendPort({ http: direct, outbox: box });
    try {
      // The server commits the write, then the connection drops before the answer.
      rec.loseResponseAt(1);
      const result = await p.createCommitment(commitmentDraft('acc-1', 'Quarterly business reviews'));
      expect(result).toHaveProperty('pending');
      expect(rec.applied).toHaveLength(1);
      await box.flush();
      expect(rec.applied).toHaveLength(1);
      expect(rec.commitments.size).toBe(1);
      expect(await box.realId(result.id)).toBe(rec.applied[0]!.commitmentId);
    } finally {
      box.dispose();
      await rec.close();
    }
  });
});

describe('the connection state pages show', () => {
  it('backend down, then a read served from the cache: the status still says offline since the backend stopped answering', async () => {
    const at = new Date('2026-03-09T10:00:00.000Z');
    const svcPort = createBackendPort({ http, outbox, cache, now: () => at });
    const announced: ConnectionBroadcast[] = [];
    const service = new DataService({ port: svcPort, announce: (m) => announced.push(m) });
    service.setPort(svcPort, outbox, { url: ref.url, workspace: 'default' });
    const account = await svcPort.createAccount(accountDraft({ name: 'Cached Co', segment: 'smb', arr: 1000 }));
    await service.getAccountContext(account.id);
    expect((await service.status()).connection.reachability).toBe('online');

    await ref.down();
    await expect(service.listUnassigned()).rejects.toMatchObject({ kind: 'network' });
    // Served from the cache: it must not read as the backend being back.
    const client = createDataClient((request) => dispatchData(service, request as DataRequest));
    const cached = await client.getAccountContext(account.id);
    expect(cached).toMatchObject({ offline: { cachedAt: expect.any(String) } });

    const { connection, lastError } = await client.status();
    expect(connection).toMatchObject({ source: 'backend', reachability: 'offline', offlineSince: at.toISOString(), workspace: 'default' });
    expect(lastError?.kind).toBe('network');
    await vi.waitFor(() => expect(announced.at(-1)?.state.reachability).toBe('offline'));

    await ref.up();
    await service.getAccountContext(account.id);
    expect((await service.status()).connection).toMatchObject({ reachability: 'online', offlineSince: null });
  });
});
