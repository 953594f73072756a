// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { freshStore } from '../../test/factories';
import { startReferenceBackend, type ReferenceBackend } from '../../test/servers/reference';
import { ensureWorkspace, issueToken } from '../../server/store';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { CHANNEL } from '../../lib/core/messages/channel';
import { BACKGROUND_REQUESTS, type BackendStatus, type BackgroundRequestType, type SaveReply } from '../../lib/core/messages/to-background';
import type { Settings } from '../../lib/core/domain/settings';
import { HttpBackend } from '../../lib/data/http';
import { DataService } from '../../lib/data/service';
import { createSettingsStore, createTokenItem } from '../../lib/data/settings-store';
import { createTokenStore } from '../../lib/data/token-store';
import { createGatedPort } from './data-source';
import type { RequestContext } from './router';
import { installSettings } from './settings';

// The settings owner against the reference server: two workspaces on one
// backend, writes queued while it is down, and a token switch in between.

let ref: ReferenceBackend;
let globexToken: string;
let n = 0;

beforeAll(async () => {
  ref = await startReferenceBackend();
  await ensureWorkspace(ref.db, 'globex');
  globexToken = (await issueToken(ref.db, 'globex', 'Gil (tests)', 'member')).secret;
}, 60_000);
afterAll(async () => {
  await ref?.close();
});
beforeEach(async () => {
  fakeBrowser.reset();
  await ref.up();
});

function start() {
  const local = freshStore();
  const gate = createGatedPort();
  const service = new DataService({ port: gate.port });
  const tokenItem = createTokenStore({ dbName: `ref-credentials-${Date.now()}-${n++}`, legacy: createTokenItem(storage) });
  const settings = installSettings({
    api: {
      scripting: { getRegisteredContentScripts: async () => [], registerContentScripts: async () => {}, unregisterContentScripts: async () => {} },
      permissions: { contains: async () => true, remove: async () => true },
    } as never,
    service,
    local,
    gate,
    store: createSettingsStore(storage),
    tokenItem,
  });
  const page: RequestContext = { role: 'extension-page', sender: {} };
  const send = async <T>(type: keyof typeof settings.handlers & BackgroundRequestType, body: Record<string, unknown> = {}): Promise<T> => {
    const request = BACKGROUND_REQUESTS[type].request.parse({ channel: CHANNEL, type, ...body });
    return (await (settings.handlers[type] as (r: unknown, c: RequestContext) => Promise<unknown>)(request, page)) as T;
  };
  return { service, settings, send, tokenItem };
}

const backend = (url: string): Settings => ({ ...DEFAULT_SETTINGS, dataSource: { kind: 'backend', url } });
const commitment = (accountId: string, text: string) =>
  ({ accountId, text, kind: 'other', status: 'open', roadmapStatus: 'unknown', createdBy: 'Ana' }) as const;

async function texts(token: string, accountId: string): Promise<string[]> {
  const ctx = await new HttpBackend({ baseUrl: ref.url, token, retries: 0 }).getAccountContext(accountId).catch(() => null);
  return ctx?.commitments.map((c) => c.text) ?? [];
}

describe('switching workspace with writes still queued', () => {
  it(
    'asks first, never sends them to the other workspace, lists them while parked, and sends them on return (by any spelling of the URL)',
    { timeout: 60_000 },
    async () => {
      const acme = new HttpBackend({ baseUrl: ref.url, token: ref.token, retries: 0 });
      const account = await acme.createAccount({
        name: 'Queued Co',
        domain: 'queued.example',
        segment: 'smb',
        arr: 1000,
        lifecycleStage: 'activation',
        crmRefs: [],
        tags: [],
      } as never);

      const bg = start();
      await bg.settings.ready;
      expect((await bg.send<SaveReply>('settings-save', { settings: backend(ref.url), token: ref.token })).ok).toBe(true);
      expect((await bg.send<BackendStatus>('backend-status')).connection.workspace).toBe('acme');

      await ref.down();
      await bg.service.createCommitment(commitment(account.id, 'written for acme'));
      expect((await bg.service.status()).pendingWrites).toBe(1);

      // Another workspace's token: nothing is saved until the person chooses.
      const asked = await bg.send<SaveReply>('settings-save', { settings: backend(ref.url), token: globexToken });
      expect(asked).toMatchObject({ ok: false, pendingSwitch: { count: 1, workspace: 'acme' } });
      expect(await bg.tokenItem.getValue()).toBe(ref.token);

      await ref.up();
      const parked = await bg.send<SaveReply>('settings-save', { settings: backend(ref.url), token: globexToken, pending: 'park' });
      expect(parked.ok).toBe(true);
      const status = await bg.send<BackendStatus>('backend-status');
      expect(status.connection).toMatchObject({ workspace: 'globex', pending: 0, parked: 1 });
      expect(status.parked).toMatchObject([
        { scope: { workspace: 'acme' }, pending: 1, writes: [{ method: 'createCommitment', text: 'written for acme' }] },
      ]);
      // The globex connection sends nothing of acme's, and acme has not received it yet either.
      await bg.service.listUnassigned();
      expect(await texts(ref.token, account.id)).toEqual([]);

      // Back to acme, with the URL spelled differently: the same queue, sent now.
      const localhost = ref.url.replace('127.0.0.1', 'LOCALHOST') + '/';
      expect((await bg.send<SaveReply>('settings-save', { settings: backend(localhost), token: ref.token })).ok).toBe(true);
      await vi.waitFor(async () => expect(await texts(ref.token, account.id)).toEqual(['written for acme']), { timeout: 10_000 });
      expect((await bg.send<BackendStatus>('backend-status')).parked).toEqual([]);
    },
  );

  it('"send them first" delivers to the old workspace before switching; export and discard empty a parked queue', { timeout: 60_000 }, async () => {
    const acme = new HttpBackend({ baseUrl: ref.url, token: ref.token, retries: 0 });
    const account = await acme.createAccount({
      name: 'First Co',
      domain: 'first.example',
      segment: 'smb',
      arr: 1000,
      lifecycleStage: 'activation',
      crmRefs: [],
      tags: [],
    } as never);
    const bg = start();
    await bg.settings.ready;
    await bg.send('settings-save', { settings: backend(ref.url), token: ref.token });
    await ref.down();
    await bg.service.createCommitment(commitment(account.id, 'sent before the switch'));
    await ref.up();
    const sent = await bg.send<SaveReply>('settings-save', { settings: backend(ref.url), token: globexToken, pending: 'send-first' });
    expect(sent.ok).toBe(true);
    expect(await texts(ref.token, account.id)).toEqual(['sent before the switch']);

    // Park one in globex while the backend is down (acme's token is known here, so no answer is needed), then export and discard it.
    await ref.down();
    await bg.service.createCommitment(commitment('missing-account', 'parked for globex'));
    expect(await bg.send<SaveReply>('settings-save', { settings: backend(ref.url), token: ref.token, pending: 'park' })).toMatchObject({ ok: true });
    expect((await bg.send<BackendStatus>('backend-status')).connection.workspace).toBe('acme');
    const [queue] = (await bg.send<BackendStatus>('backend-status')).parked;
    expect(queue?.scope.workspace).toBe('globex');
    const exported = await bg.send<{ ok: true; json: string; filename: string }>('parked-export', { key: queue!.scope.key });
    expect(exported.filename).toBe('seamline-unsent-globex.json');
    expect(JSON.parse(exported.json).entries[0].args[0].text).toBe('parked for globex');
    expect(await bg.send('parked-discard', { key: queue!.scope.key })).toEqual({ ok: true });
    expect((await bg.send<BackendStatus>('backend-status')).parked).toEqual([]);
  });
});

describe('token expiry and rotation', () => {
  it(
    'shows when the token expires, rotates it in the background without showing either secret, and keeps the same queue',
    { timeout: 30_000 },
    async () => {
      const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const { secret } = await issueToken(ref.db, 'acme', 'Expiring (tests)', 'member', expiresAt);
      const bg = start();
      await bg.settings.ready;
      await bg.send('settings-save', { settings: backend(ref.url), token: secret });
      const before = await bg.send<BackendStatus>('backend-status');
      expect(before.expiresAt).toBe(expiresAt);

      const rotated = await bg.send<{ ok: boolean; expiresAt?: string | null }>('backend-rotate');
      expect(rotated.ok).toBe(true);
      expect(JSON.stringify(rotated)).not.toContain(secret);
      const stored = await bg.tokenItem.getValue();
      expect(stored).not.toBe(secret);
      expect(JSON.stringify(rotated)).not.toContain(stored!);
      // The new secret works, under the same workspace and queue.
      expect((await new HttpBackend({ baseUrl: ref.url, token: stored!, retries: 0 }).testConnection()).tokenAccepted).toBe(true);
      const after = await bg.send<BackendStatus>('backend-status');
      expect(after.connection.workspace).toBe('acme');
      expect(after.parked).toEqual([]);
      expect(after.expiresAt === null || typeof after.expiresAt === 'string').toBe(true);
    },
  );
});
