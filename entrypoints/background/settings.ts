import { z } from 'zod';
import type { Browser, Runtime, Scripting } from 'webextension-polyfill';
import { createBackendPort } from '../../lib/data/backend-port';
import { HttpBackend, type ConnectionReport } from '../../lib/data/http';
import { ReadCache } from '../../lib/data/http/read-cache';
import { Outbox } from '../../lib/data/outbox';
import type { DataPort, ImportSummary } from '../../lib/core/model';
import type { DataService } from '../../lib/data/service';
import { BackendUrlSchema, SettingsSchema, type DataSource, type Settings } from '../../lib/core/domain/settings';
import { userSiteMatchPatterns, type UserSite } from '../../lib/core/domain/user-site';
import { CHANNEL } from '../../lib/core/messages/protocol';
import {
  contentConfigOf,
  createContentConfigItem,
  createSettingsStore,
  createTokenItem,
  type SettingsState,
  type SettingsStore,
} from '../../lib/data/settings-store';
import { validateForm, type FieldErrors } from '../../lib/core/settings/form';
import { USER_SITE_SCRIPT_PREFIX, originsOf, userSiteLabel, userSiteScriptId } from '../../lib/core/settings/permissions';

export { USER_SITE_SCRIPT_PREFIX, userSiteLabel, userSiteScriptId };

// ---------------------------------------------------------------------------
// Page messages. The token goes in (options page → background) and never comes
// out: no reply below carries it, only whether one is stored.
// ---------------------------------------------------------------------------

const TokenSchema = z.string().trim().min(1, 'enter the access token').max(4096);

export const SettingsSaveSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('settings-save'),
  settings: z.unknown(),
  // Sent only when the person typed a new one; absent keeps the stored token.
  token: TokenSchema.optional(),
});

export const BackendTestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('backend-test'),
  url: z.string(),
  token: TokenSchema.optional(),
});

export const TokenClearSchema = z.object({ channel: z.literal(CHANNEL), type: z.literal('backend-token-clear') });

export interface SettingsSnapshot {
  settings: Settings;
  error: SettingsState['error'];
  hasToken: boolean;
  source: 'local' | 'backend';
  /** User sites whose host permission is missing, so their content script is not registered. */
  sitesWithoutPermission: string[];
}

export type SaveReply = { ok: true; snapshot: SettingsSnapshot } | { ok: false; errors: FieldErrors; message?: string };
export type TestReply = { ok: true; report: ConnectionReport } | { ok: false; errors: FieldErrors };
export type UploadReply = { ok: true; summary: ImportSummary } | { ok: false; message: string };
export interface LocalSummary {
  accounts: number;
  commitments: number;
  flags: number;
}

// ---------------------------------------------------------------------------
// Backend connections
// ---------------------------------------------------------------------------

export interface BackendConnection {
  port: DataPort;
  outbox: Outbox | null;
  dispose(): void;
}

export interface BackendConnector {
  connect(url: string, token: string): BackendConnection;
  test(url: string, token: string): Promise<ConnectionReport>;
}

export const httpConnector: BackendConnector = {
  connect(url, token) {
    const http = new HttpBackend({ baseUrl: url, token });
    // Queued writes and cached reads belong to one backend: after a URL change
    // they must never replay into, or be shown for, another one.
    const outbox = new Outbox({ target: http, scope: url });
    const cache = new ReadCache({ scope: url });
    const port = createBackendPort({ http, outbox, cache });
    // Writes queued before the worker stopped are sent now rather than at the next write.
    void outbox.flush().catch(() => undefined);
    return {
      port,
      outbox,
      dispose: () => {
        outbox.dispose();
        cache.close();
      },
    };
  },
  test: (url, token) => new HttpBackend({ baseUrl: url, token, retries: 0, timeoutMs: 8_000 }).testConnection(),
};

/**
 * The data port the background starts with. Until the settings are read it
 * holds every call, so a worker woken by a panel request in backend mode
 * never answers that request from the local store.
 */
export function createGatedPort(): { port: DataPort; open(target: DataPort): void } {
  let resolveTarget!: (p: DataPort) => void;
  const target = new Promise<DataPort>((r) => (resolveTarget = r));
  let opened: DataPort | null = null;
  const port = new Proxy({} as DataPort, {
    get(_t, prop) {
      if (prop === 'source') return opened?.source ?? 'local';
      if (prop === 'then') return undefined;
      return async (...args: unknown[]) => {
        const p = await target;
        return (p[prop as keyof DataPort] as (...a: unknown[]) => Promise<unknown>).apply(p, args);
      };
    },
  });
  return {
    port,
    open(p) {
      opened = p;
      resolveTarget(p);
    },
  };
}

// ---------------------------------------------------------------------------
// Permissions and dynamic content scripts for user sites
// ---------------------------------------------------------------------------

type Api = Pick<Browser, 'permissions' | 'scripting'>;

/**
 * Makes the registered user-site scripts exactly those of `sites` that have
 * their host permission. Registrations can be lost on an update, so this runs
 * at every start as well as after each change.
 */
export async function syncUserSiteScripts(api: Api, sites: readonly UserSite[]): Promise<{ registered: string[]; withoutPermission: string[] }> {
  const existing = await api.scripting.getRegisteredContentScripts();
  const ours = existing.map((s) => s.id).filter((id) => id.startsWith(USER_SITE_SCRIPT_PREFIX));
  if (ours.length) await api.scripting.unregisterContentScripts({ ids: ours });
  const wanted: Scripting.RegisteredContentScript[] = [];
  const withoutPermission: string[] = [];
  for (const site of sites) {
    const matches = userSiteMatchPatterns(site);
    if (matches.length === 0) continue;
    if (!(await api.permissions.contains({ origins: matches }))) {
      withoutPermission.push(userSiteLabel(site));
      continue;
    }
    wanted.push({ id: userSiteScriptId(site), matches, js: ['content-scripts/content.js'], runAt: 'document_idle', persistAcrossSessions: true });
  }
  if (wanted.length) await api.scripting.registerContentScripts(wanted);
  return { registered: wanted.map((w) => w.id), withoutPermission };
}

// ---------------------------------------------------------------------------
// The settings owner in the background
// ---------------------------------------------------------------------------

type PageHandlers = Record<string, (raw: unknown, sender: Runtime.MessageSender) => Promise<unknown>>;

export interface SettingsBackgroundOptions {
  api: Api;
  service: DataService;
  pageHandlers: PageHandlers;
  /** The local store: kept for switching back and for uploading its data to a backend. */
  local: DataPort;
  /** The gate the service started with (createGatedPort), opened once settings are read. */
  gate?: { open(target: DataPort): void };
  store?: SettingsStore;
  tokenItem?: ReturnType<typeof createTokenItem>;
  contentConfigItem?: ReturnType<typeof createContentConfigItem>;
  connector?: BackendConnector;
}

export interface SettingsBackground {
  /** Settles once the stored settings are applied (data source, content config, site scripts). */
  ready: Promise<void>;
}

const sourceKey = (d: DataSource, token: string | null) => (d.kind === 'local' ? 'local' : `backend ${d.url} ${token ?? ''}`);

export function installSettings(opts: SettingsBackgroundOptions): SettingsBackground {
  const { api, service, local } = opts;
  const store = opts.store ?? createSettingsStore();
  const tokenItem = opts.tokenItem ?? createTokenItem();
  const contentConfigItem = opts.contentConfigItem ?? createContentConfigItem();
  const connector = opts.connector ?? httpConnector;

  let state: SettingsState | null = null;
  let connection: BackendConnection | null = null;
  let appliedSource = '';
  let sitesWithoutPermission: string[] = [];
  let syncedSites: string | null = null;
  // Changes are applied one at a time, in order: two quick saves must not race to set the port.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const run = chain.then(f, f);
    chain = run.catch(() => undefined);
    return run;
  };

  async function applySource(settings: Settings): Promise<void> {
    const token = await tokenItem.getValue();
    const key = sourceKey(settings.dataSource, token);
    if (key === appliedSource) return;
    appliedSource = key;
    connection?.dispose();
    connection = null;
    if (settings.dataSource.kind === 'backend' && token) {
      connection = connector.connect(settings.dataSource.url, token);
      service.setPort(connection.port, connection.outbox);
    } else {
      // A backend chosen without a stored token stays on local data rather than
      // send unauthenticated requests; the options page shows the missing token.
      service.setPort(local);
    }
  }

  async function apply(next: SettingsState, previous: Settings | null): Promise<void> {
    state = next;
    const s = next.settings;
    await contentConfigItem.setValue(contentConfigOf(s));
    await applySource(s);
    // Re-registering is only needed when the sites changed (or at start, when previous is null).
    const sitesKey = JSON.stringify(s.userSites);
    if (!previous || sitesKey !== syncedSites) {
      const sites = await syncUserSiteScripts(api, s.userSites).catch(() => ({ registered: [], withoutPermission: s.userSites.map(userSiteLabel) }));
      sitesWithoutPermission = sites.withoutPermission;
      syncedSites = sitesKey;
    }
    if (previous) {
      // A host this configuration no longer needs gives its permission back.
      const keep = originsOf(s);
      const drop = [...originsOf(previous)].filter((o) => !keep.has(o));
      if (drop.length) await api.permissions.remove({ origins: drop }).catch(() => false);
    }
  }

  async function snapshot(): Promise<SettingsSnapshot> {
    const s = state ?? (await store.load());
    return {
      settings: s.settings,
      error: s.error,
      hasToken: Boolean(await tokenItem.getValue()),
      source: service.source,
      sitesWithoutPermission,
    };
  }

  const ready = serial(async () => {
    const loaded = await store.load();
    // Settings saved by an older build, now migrated, become the fallback for a later unreadable value.
    if (loaded.stored && !loaded.error) await store.rememberGood(loaded.settings).catch(() => undefined);
    // The source is settled first so the gate opens on the right port. On
    // local data the gate simply forwards: switching ports would tell every
    // page and tab that all data changed, at every wake of the worker.
    state = loaded;
    if (loaded.settings.dataSource.kind === 'local' && opts.gate) {
      appliedSource = sourceKey(loaded.settings.dataSource, null);
      opts.gate.open(local);
    } else {
      await applySource(loaded.settings).catch(() => service.setPort(local));
      opts.gate?.open(service.activePort);
    }
    await apply(loaded, null);
  }).catch(() => opts.gate?.open(local));

  // Another context saving directly (or a migration finishing) is applied too.
  store.watch((next) => {
    void serial(async () => {
      const prev = state?.settings ?? null;
      if (prev && JSON.stringify(prev) === JSON.stringify(next.settings) && Boolean(state?.error) === Boolean(next.error)) return;
      await apply(next, prev);
    });
  });

  const h = opts.pageHandlers;
  h['settings-get'] = async () => {
    await ready;
    return snapshot();
  };

  h['settings-save'] = async (raw): Promise<SaveReply> => {
    const msg = SettingsSaveSchema.safeParse(raw);
    if (!msg.success) return { ok: false, errors: { token: msg.error.issues[0]?.message ?? 'invalid' } };
    await ready;
    return serial(async () => {
      const prev = state?.settings ?? null;
      const wantsBackend = (msg.data.settings as { dataSource?: { kind?: unknown } } | null)?.dataSource?.kind === 'backend';
      // Checked before anything is written: a backend without a token is not a valid configuration.
      if (wantsBackend && !msg.data.token && !(await tokenItem.getValue())) {
        const other = validateForm(SettingsSchema, msg.data.settings);
        return { ok: false, errors: { ...(other.ok ? {} : other.errors), token: 'enter the access token' } };
      }
      const saved = await store.save(msg.data.settings);
      if (!saved.ok) return { ok: false, errors: saved.errors };
      if (msg.data.token) await tokenItem.setValue(msg.data.token);
      await apply({ settings: saved.value, error: null }, prev);
      return { ok: true, snapshot: await snapshot() };
    });
  };

  h['backend-token-clear'] = async (raw) => {
    if (!TokenClearSchema.safeParse(raw).success) return { ok: false };
    await ready;
    return serial(async () => {
      await tokenItem.removeValue();
      if (state) await applySource(state.settings);
      return { ok: true, snapshot: await snapshot() };
    });
  };

  h['backend-test'] = async (raw): Promise<TestReply> => {
    const msg = BackendTestSchema.safeParse(raw);
    if (!msg.success) return { ok: false, errors: { token: msg.error.issues[0]?.message ?? 'invalid' } };
    const url = BackendUrlSchema.safeParse(msg.data.url);
    if (!url.success) return { ok: false, errors: { url: url.error.issues[0]?.message ?? 'invalid URL' } };
    const token = msg.data.token ?? (await tokenItem.getValue());
    if (!token) return { ok: false, errors: { token: 'enter the access token' } };
    return { ok: true, report: await connector.test(url.data, token) };
  };

  const resyncSites = () =>
    serial(async () => {
      const r = await syncUserSiteScripts(api, state?.settings.userSites ?? []);
      sitesWithoutPermission = r.withoutPermission;
      return { ok: true, ...r };
    });
  h['sites-sync'] = async () => {
    await ready;
    return resyncSites();
  };
  // A permission granted or withdrawn in the browser's own extension settings
  // changes which sites can have their script.
  const onPermissions = () => void ready.then(resyncSites).catch(() => undefined);
  api.permissions.onAdded?.addListener(onPermissions);
  api.permissions.onRemoved?.addListener(onPermissions);

  h['local-summary'] = async (): Promise<LocalSummary> => {
    const bundle = await local.exportAll();
    return { accounts: bundle.accounts.length, commitments: bundle.commitments.length, flags: bundle.flags.length };
  };

  h['upload-local'] = async (): Promise<UploadReply> => {
    await ready;
    if (service.source !== 'backend') return { ok: false, message: 'Switch to the team backend first.' };
    try {
      // Merge, never replace: the backend holds the team's data as well.
      const summary = await service.importAll(await local.exportAll(), 'merge');
      return { ok: true, summary };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  };

  return { ready };
}
