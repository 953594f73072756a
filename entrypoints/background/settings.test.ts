import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import type { Scripting } from 'webextension-polyfill';
import type { BackendScope, ConnectionReport } from '../../lib/core/sync';
import { accountDraft, freshStore } from '../../test/factories';
import type { DataPort } from '../../lib/core/model';
import { DataService } from '../../lib/data/service';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { Settings } from '../../lib/core/domain/settings';
import { CHANNEL } from '../../lib/core/messages/channel';
import {
  BACKGROUND_REQUESTS,
  type BackgroundRequestType,
  type ContentConfig,
  type SaveReply,
  type SettingsSnapshot,
  type TestReply,
} from '../../lib/core/messages/to-background';
import { createSettingsStore, createTokenItem } from '../../lib/data/settings-store';
import { createGatedPort, type BackendConnector } from './data-source';
import type { RequestContext } from './router';
import { installSettings, userSiteScriptId } from './settings';
import { restrictLocalStorageToExtension, type StorageAccessReport } from './storage-access';
import { createTokenStore, type CredentialsStore } from '../../lib/data/token-store';

const TOKEN = 'sl_live_7f3a9c2e41b8d6f0a5e3c1b9d7f2e4a6';
const BACKEND = 'https://seamline.acme-corp.example';
const SF_SITE = { type: 'domain', platform: 'salesforce', host: 'crm.acme-corp.example' } as const;

/** Chrome's scripting and permissions APIs, in memory (fakeBrowser does not implement them). */
function fakeChrome(granted: string[] = []) {
  const scripts = new Map<string, Scripting.RegisteredContentScript>();
  const origins = new Set(granted);
  const removed: string[][] = [];
  return {
    scripts,
    origins,
    removed,
    api: {
      scripting: {
        getRegisteredContentScripts: async () => [...scripts.values()],
        registerContentScripts: async (list: Scripting.RegisteredContentScript[]) => {
          for (const s of list) {
            if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
            scripts.set(s.id, s);
          }
        },
        unregisterContentScripts: async (f?: { ids?: string[] }) => {
          for (const id of f?.ids ?? [...scripts.keys()]) scripts.delete(id);
        },
      },
      permissions: {
        contains: async (p: { origins?: string[] }) => (p.origins ?? []).every((o) => origins.has(o)),
        remove: async (p: { origins?: string[] }) => {
          removed.push(p.origins ?? []);
          for (const o of p.origins ?? []) origins.delete(o);
          return true;
        },
      },
    } as never,
  };
}

/** A backend stand-in: a separate store reporting itself as the backend, plus a record of connections. */
function fakeConnector() {
  const backend = freshStore();
  const port = new Proxy(backend, { get: (t, p) => (p === 'source' ? 'backend' : Reflect.get(t, p, t)) }) as unknown as DataPort;
  const connects: Array<{ url: string; token: string }> = [];
  const scopes: BackendScope[] = [];
  const tests: Array<{ url: string; token: string }> = [];
  const connector: BackendConnector = {
    connect(url, token, scope) {
      connects.push({ url, token });
      scopes.push(scope);
      return { port, outbox: null, dispose: () => undefined };
    },
    async test(url, token): Promise<ConnectionReport> {
      tests.push({ url, token });
      return {
        reachable: true,
        contractVersion: '1.0.0',
        compatible: true,
        tokenAccepted: token === TOKEN,
        ...(token === TOKEN ? { workspace: 'acme' } : {}),
      };
    },
  };
  return { connector, connects, scopes, tests, backend, port };
}

let credentials = 0;
const freshTokenStore = () => createTokenStore({ dbName: `settings-credentials-${Date.now()}-${credentials++}`, legacy: createTokenItem(storage) });

function start(
  opts: {
    chrome?: ReturnType<typeof fakeChrome>;
    backend?: ReturnType<typeof fakeConnector>;
    tokenItem?: CredentialsStore;
    restrictStorage?: () => Promise<StorageAccessReport>;
  } = {},
) {
  const chrome = opts.chrome ?? fakeChrome();
  const backend = opts.backend ?? fakeConnector();
  const local = freshStore();
  const gate = createGatedPort();
  const service = new DataService({ port: gate.port });
  const replies: unknown[] = [];
  const settings = installSettings({
    api: chrome.api,
    service,
    local,
    gate,
    store: createSettingsStore(storage),
    tokenItem: opts.tokenItem ?? freshTokenStore(),
    connector: backend.connector,
    ...(opts.restrictStorage ? { restrictStorage: opts.restrictStorage } : {}),
  });
  const page: RequestContext = { role: 'extension-page', sender: {} };
  // Requests are parsed by the contract's schema, as the router does before a handler runs.
  const send = async <T>(type: keyof typeof settings.handlers & BackgroundRequestType, body: Record<string, unknown> = {}): Promise<T> => {
    const request = BACKGROUND_REQUESTS[type].request.parse({ channel: CHANNEL, type, ...body });
    const reply = await (settings.handlers[type] as (r: unknown, c: RequestContext) => Promise<unknown>)(request, page);
    replies.push(reply);
    return reply as T;
  };
  return { chrome, backend, local, service, settings, send, replies };
}

const withSource = (s: Settings, url = BACKEND): Settings => ({ ...s, dataSource: { kind: 'backend', url } });

beforeEach(() => fakeBrowser.reset());

describe('saving settings through the background', () => {
  it('refuses an invalid backend URL with a field error and stores nothing', async () => {
    const bg = start();
    const reply = await bg.send<SaveReply>('settings-save', { settings: withSource(DEFAULT_SETTINGS, 'http://crm.acme-corp.example'), token: TOKEN });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.errors['dataSource.url']).toMatch(/https/);
    expect(await fakeBrowser.storage.local.get(['settings', 'backendToken'])).toEqual({});
    expect(bg.service.source).toBe('local');
  });

  it('refuses a backend with no token, without saving the rest', async () => {
    const bg = start();
    const reply = await bg.send<SaveReply>('settings-save', { settings: { ...withSource(DEFAULT_SETTINGS), userName: 'Lee' } });
    expect(reply).toEqual({ ok: false, errors: { token: 'enter the access token' } });
    expect((await fakeBrowser.storage.local.get('settings')).settings).toBeUndefined();
  });

  it('switches to the backend, keeps the token out of extension storage, and never sends it back', async () => {
    const bg = start();
    await bg.settings.ready;
    const reply = await bg.send<SaveReply>('settings-save', { settings: withSource(DEFAULT_SETTINGS), token: TOKEN });
    expect(reply.ok && reply.snapshot).toMatchObject({ hasToken: true, source: 'backend' });
    expect(bg.backend.connects).toEqual([{ url: BACKEND, token: TOKEN }]);
    expect(bg.service.source).toBe('backend');
    // Content scripts can read storage.local in Firefox: the token is in the background's own database only.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(TOKEN);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});

    await bg.send('settings-get');
    await bg.send('backend-test', { url: BACKEND });
    await bg.send('sites-sync');
    expect(JSON.stringify(bg.replies)).not.toContain(TOKEN);
    // The content script's config carries sites and platforms only.
    expect(JSON.stringify(await bg.send('content-config'))).not.toContain(TOKEN);
  });

  it('keeps local data when switching and uploads it to the backend on request (merge)', async () => {
    const bg = start();
    await bg.settings.ready;
    await bg.local.createAccount(accountDraft({ name: 'Kept Locally Inc' }));
    expect(await bg.send('local-summary')).toEqual({ accounts: 1, commitments: 0, flags: 0 });
    await bg.send('settings-save', { settings: withSource(DEFAULT_SETTINGS), token: TOKEN });
    expect((await bg.service.listAccounts({})).total).toBe(0);

    const up = await bg.send<{ ok: boolean }>('upload-local');
    expect(up.ok).toBe(true);
    expect((await bg.service.listAccounts({})).items.map((a) => a.name)).toEqual(['Kept Locally Inc']);
    expect((await bg.local.listAccounts({})).total).toBe(1);

    await bg.send('settings-save', { settings: DEFAULT_SETTINGS });
    expect(bg.service.source).toBe('local');
  });

  it('keeps the content script config in step with sites and platforms', async () => {
    const bg = start();
    await bg.send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE], disabledPlatforms: ['zendesk'] } });
    expect(await bg.send<ContentConfig>('content-config')).toEqual({
      userSites: [SF_SITE],
      disabledPlatforms: ['zendesk'],
      panelMode: 'injected',
      panelStates: {},
    });
  });
});

describe('restoring the data source when the service worker starts', () => {
  it('answers a request made before settings were read from the backend, not the local store', async () => {
    await fakeBrowser.storage.local.set({ settings: withSource(DEFAULT_SETTINGS), settings$: { v: 2 }, backendToken: TOKEN });
    const backend = fakeConnector();
    await backend.backend.createAccount(accountDraft({ name: 'Only On The Backend' }));
    const bg = start({ backend });
    // Issued at once, as the request that woke the worker would be.
    const early = bg.service.listAccounts({});
    expect((await early).items.map((a) => a.name)).toEqual(['Only On The Backend']);
    expect(backend.connects).toEqual([{ url: BACKEND, token: TOKEN }]);
  });

  it('stays on local data (and says so) when the backend is chosen but the token is gone', async () => {
    await fakeBrowser.storage.local.set({ settings: withSource(DEFAULT_SETTINGS), settings$: { v: 2 } });
    const bg = start();
    const snap = await bg.send<SettingsSnapshot>('settings-get');
    expect(snap).toMatchObject({ hasToken: false, source: 'local' });
    expect(bg.backend.connects).toEqual([]);
  });

  it('reports unreadable stored settings and applies the last good ones', async () => {
    const good = { ...DEFAULT_SETTINGS, disabledPlatforms: ['hubspot'] as Settings['disabledPlatforms'] };
    await fakeBrowser.storage.local.set({
      settings: { ...good, disabledPlatforms: 'hubspot' },
      settings$: { v: 2 },
      settingsLastGood: good,
      settingsLastGood$: { v: 2 },
    });
    const bg = start();
    const snap = await bg.send<SettingsSnapshot>('settings-get');
    expect(snap.error?.problems.map((p) => p.path)).toEqual(['disabledPlatforms']);
    expect(snap.settings).toEqual(good);
    expect(await bg.send<ContentConfig>('content-config')).toEqual({
      userSites: [],
      disabledPlatforms: ['hubspot'],
      panelMode: 'injected',
      panelStates: {},
    });
  });
});

describe('user sites: permissions and content scripts', () => {
  const pattern = 'https://crm.acme-corp.example/*';

  it('registers a content script for a site whose host permission was granted, and removes both when the site goes', async () => {
    const chrome = fakeChrome([pattern]);
    const bg = start({ chrome });
    await bg.send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE] } });
    expect([...chrome.scripts.values()]).toEqual([
      { id: userSiteScriptId(SF_SITE), matches: [pattern], js: ['content-scripts/content.js'], runAt: 'document_idle', persistAcrossSessions: true },
    ]);

    await bg.send('settings-save', { settings: DEFAULT_SETTINGS });
    expect(chrome.scripts.size).toBe(0);
    expect(chrome.removed).toEqual([[pattern]]);
  });

  it('does not register a site without its permission, and reports it', async () => {
    const chrome = fakeChrome();
    const bg = start({ chrome });
    const reply = await bg.send<SaveReply>('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE] } });
    expect(chrome.scripts.size).toBe(0);
    expect(reply.ok && reply.snapshot.sitesWithoutPermission).toEqual(['crm.acme-corp.example']);
  });

  it('registers again at start when an update dropped the registrations', async () => {
    const chrome = fakeChrome([pattern]);
    await start({ chrome }).send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE] } });
    chrome.scripts.clear();
    await start({ chrome }).settings.ready;
    expect([...chrome.scripts.keys()]).toEqual([userSiteScriptId(SF_SITE)]);
  });

  it('keeps a host permission another site still needs', async () => {
    const chrome = fakeChrome([pattern]);
    const bg = start({ chrome });
    const template = {
      type: 'template',
      slug: 'acme-tools',
      name: 'Acme tools',
      urlTemplate: 'https://crm.acme-corp.example/customers/{id}',
      objectType: 'customer',
      kind: 'account',
    } as const;
    chrome.origins.add('https://crm.acme-corp.example/customers/*');
    await bg.send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE, template] } });
    await bg.send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE] } });
    expect(chrome.removed).toEqual([['https://crm.acme-corp.example/customers/*']]);
    expect(chrome.origins.has(pattern)).toBe(true);
  });
});

describe('where the token is kept', () => {
  it('moves a token an older build left in storage.local into the background database and removes the old copy', async () => {
    await fakeBrowser.storage.local.set({ backendToken: TOKEN, settings: withSource(DEFAULT_SETTINGS) });
    const tokenItem = freshTokenStore();
    const bg = start({ tokenItem });
    await bg.settings.ready;
    expect(bg.backend.connects).toEqual([{ url: BACKEND, token: TOKEN }]);
    expect(await tokenItem.getValue()).toBe(TOKEN);
    expect((await fakeBrowser.storage.local.get('backendToken')).backendToken).toBeUndefined();
    expect((await bg.send<SettingsSnapshot>('settings-get')).hasToken).toBe(true);
    // The queue the older build kept under the URL as typed carries on, with the workspace the backend names.
    expect(bg.backend.scopes).toEqual([{ key: BACKEND, url: BACKEND, workspace: 'acme' }]);
  });

  it('reports extension storage that could not be closed to page scripts, instead of swallowing it', async () => {
    const refused = start({
      restrictStorage: () => restrictLocalStorageToExtension({ setAccessLevel: () => Promise.reject(new Error('not allowed')) }),
    });
    expect((await refused.send<SettingsSnapshot>('settings-get')).storageWarning).toMatch(/could not be closed to page scripts \(not allowed\)/);
    const firefox = start({ restrictStorage: () => restrictLocalStorageToExtension({}) });
    expect((await firefox.send<SettingsSnapshot>('settings-get')).storageWarning).toMatch(/keeps the access token in its own database/);
    const chromium = start({ restrictStorage: () => restrictLocalStorageToExtension({ setAccessLevel: async () => undefined }) });
    expect((await chromium.send<SettingsSnapshot>('settings-get')).storageWarning).toBeNull();
  });
});

describe('connection test', () => {
  it('validates the URL and uses the stored token when none is typed', async () => {
    const bg = start();
    expect(await bg.send<TestReply>('backend-test', { url: 'http://example.com', token: TOKEN })).toMatchObject({
      ok: false,
      errors: { url: expect.stringMatching(/https/) },
    });
    expect(await bg.send<TestReply>('backend-test', { url: BACKEND })).toEqual({ ok: false, errors: { token: 'enter the access token' } });
    await bg.send('settings-save', { settings: withSource(DEFAULT_SETTINGS), token: TOKEN });
    const reply = await bg.send<TestReply>('backend-test', { url: `${BACKEND}/` });
    expect(reply).toEqual({
      ok: true,
      report: { reachable: true, contractVersion: '1.0.0', compatible: true, tokenAccepted: true, workspace: 'acme' },
    });
    expect(bg.backend.tests.at(-1)).toEqual({ url: BACKEND, token: TOKEN });
  });

  it('never sends the stored token to an address other than the stored backend', async () => {
    const bg = start();
    await bg.send('settings-save', { settings: withSource(DEFAULT_SETTINGS), token: TOKEN });
    const before = bg.backend.tests.length;
    for (const url of ['https://collector.evil.example', 'https://seamline.acme-corp.example.evil.example', `${BACKEND}/other-tenant`]) {
      expect(await bg.send<TestReply>('backend-test', { url })).toEqual({ ok: false, errors: { token: 'enter the access token for this backend' } });
    }
    expect(bg.backend.tests.length).toBe(before);
    // The same backend spelled differently still uses the stored token.
    await bg.send<TestReply>('backend-test', { url: 'HTTPS://Seamline.ACME-corp.example:443/' });
    expect(bg.backend.tests.at(-1)).toEqual({ url: 'HTTPS://Seamline.ACME-corp.example:443', token: TOKEN });
    // Another address with its own token is tested with that token.
    await bg.send<TestReply>('backend-test', { url: 'https://other.example', token: 'sl_live_other' });
    expect(bg.backend.tests.at(-1)).toEqual({ url: 'https://other.example', token: 'sl_live_other' });
  });
});

describe('permissions changed in the browser', () => {
  it('registers a waiting site once its permission is granted outside the options page', async () => {
    const chrome = fakeChrome();
    const added: Array<() => void> = [];
    (chrome.api as { permissions: Record<string, unknown> }).permissions.onAdded = { addListener: (l: () => void) => added.push(l) };
    const bg = start({ chrome });
    await bg.send('settings-save', { settings: { ...DEFAULT_SETTINGS, userSites: [SF_SITE] } });
    expect(chrome.scripts.size).toBe(0);
    chrome.origins.add('https://crm.acme-corp.example/*');
    for (const l of added) l();
    await expect.poll(() => [...chrome.scripts.keys()]).toEqual([userSiteScriptId(SF_SITE)]);
  });
});

describe('waking on local data', () => {
  it('does not announce a change of source at every start', async () => {
    await fakeBrowser.storage.local.set({ settings: DEFAULT_SETTINGS, settings$: { v: 2 } });
    const changes: unknown[] = [];
    const gate = createGatedPort();
    const local = freshStore();
    await local.createAccount(accountDraft({ name: 'Local One' }));
    const service = new DataService({ port: gate.port, broadcast: (m) => changes.push(m) });
    const { ready } = installSettings({
      api: fakeChrome().api,
      service,
      local,
      gate,
      store: createSettingsStore(storage),
      tokenItem: freshTokenStore(),
      connector: fakeConnector().connector,
    });
    expect((await service.listAccounts({})).items.map((a) => a.name)).toEqual(['Local One']);
    await ready;
    expect(changes).toEqual([]);
    expect(service.source).toBe('local');
  });
});
