import type { DataPort } from '../../lib/core/model';
import type { DataSource, Settings } from '../../lib/core/domain/settings';
import { BackendUrlSchema, SettingsSchema } from '../../lib/core/domain/settings';
import type { ContentConfig, SettingsSnapshot, TestReply } from '../../lib/core/messages/to-background';
import { validateForm } from '../../lib/core/settings/form';
import { originsOf, userSiteLabel } from '../../lib/core/settings/permissions';
import type { DataService } from '../../lib/data/service';
import { createTokenItem, type SettingsState, type SettingsStore } from '../../lib/data/settings-store';
import { httpConnector, type BackendConnection, type BackendConnector } from './data-source';
import type { Handlers } from './router';
import { syncUserSiteScripts, type UserSitesApi } from './user-sites';

export { userSiteScriptId } from '../../lib/core/settings/permissions';

export interface SettingsBackgroundOptions {
  api: UserSitesApi;
  service: DataService;
  /** The local store: kept for switching back and for uploading its data to a backend. */
  local: DataPort;
  /** The gate the service started with (createGatedPort), opened once settings are read. */
  gate?: { open(target: DataPort): void };
  store: SettingsStore;
  tokenItem?: ReturnType<typeof createTokenItem>;
  connector?: BackendConnector;
}

/** What the content script reads at start; everything else about settings stays out of CRM pages. */
export function contentConfigOf(s: Settings): ContentConfig {
  return { userSites: s.userSites, disabledPlatforms: s.disabledPlatforms, panelMode: s.panelMode };
}

// Two spellings of one backend (letter case, a default port, a trailing slash) are the same address.
const sameAddress = (a: string, b: string) => URL.canParse(a) && URL.canParse(b) && new URL(`${a}/`).href === new URL(`${b}/`).href;

const sourceKey = (d: DataSource, token: string | null) => (d.kind === 'local' ? 'local' : `backend ${d.url} ${token ?? ''}`);

/**
 * The settings owner in the service worker: applies the settings in force
 * (data source, user-site scripts, host permissions), follows saves made in
 * any context through the settings store, and answers the options page.
 */
export function installSettings(opts: SettingsBackgroundOptions) {
  const { api, service, local, store } = opts;
  const tokenItem = opts.tokenItem ?? createTokenItem();
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

  const ready: Promise<void> = serial(async () => {
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

  const resyncSites = () =>
    serial(async () => {
      const r = await syncUserSiteScripts(api, state?.settings.userSites ?? []);
      sitesWithoutPermission = r.withoutPermission;
      return { ok: true as const, ...r };
    });
  // A permission granted or withdrawn in the browser's own extension settings
  // changes which sites can have their script.
  const onPermissions = () => void ready.then(resyncSites).catch(() => undefined);
  api.permissions.onAdded?.addListener(onPermissions);
  api.permissions.onRemoved?.addListener(onPermissions);

  const handlers: Pick<
    Handlers,
    'content-config' | 'settings-get' | 'settings-save' | 'backend-token-clear' | 'backend-test' | 'sites-sync' | 'local-summary' | 'upload-local'
  > = {
    // Handed over here so content scripts need no access to extension storage.
    'content-config': async () => {
      await ready;
      return contentConfigOf((state ?? (await store.load())).settings);
    },

    'settings-get': async () => {
      await ready;
      return snapshot();
    },

    'settings-save': async (msg) => {
      await ready;
      return serial(async () => {
        const prev = state?.settings ?? null;
        const wantsBackend = (msg.settings as { dataSource?: { kind?: unknown } } | null)?.dataSource?.kind === 'backend';
        // Checked before anything is written: a backend without a token is not a valid configuration.
        if (wantsBackend && !msg.token && !(await tokenItem.getValue())) {
          const other = validateForm(SettingsSchema, msg.settings);
          return { ok: false as const, errors: { ...(other.ok ? {} : other.errors), token: 'enter the access token' } };
        }
        const saved = await store.save(msg.settings);
        if (!saved.ok) return { ok: false as const, errors: saved.errors };
        if (msg.token) await tokenItem.setValue(msg.token);
        await apply({ settings: saved.value, error: null }, prev);
        return { ok: true as const, snapshot: await snapshot() };
      });
    },

    'backend-token-clear': async () => {
      await ready;
      return serial(async () => {
        await tokenItem.removeValue();
        if (state) await applySource(state.settings);
        return { ok: true as const, snapshot: await snapshot() };
      });
    },

    'backend-test': async (msg): Promise<TestReply> => {
      const url = BackendUrlSchema.safeParse(msg.url);
      if (!url.success) return { ok: false as const, errors: { url: url.error.issues[0]?.message ?? 'invalid URL' } };
      // The stored token belongs to the stored backend: a test of any other
      // address must bring its own, so no request can send it elsewhere.
      await ready;
      const stored = state?.settings.dataSource;
      const sameBackend = stored?.kind === 'backend' && sameAddress(stored.url, url.data);
      const token = msg.token ?? (sameBackend ? await tokenItem.getValue() : null);
      if (!token) {
        const message = stored?.kind === 'backend' && !sameBackend ? 'enter the access token for this backend' : 'enter the access token';
        return { ok: false as const, errors: { token: message } };
      }
      return { ok: true as const, report: await connector.test(url.data, token) };
    },

    'sites-sync': async () => {
      await ready;
      return resyncSites();
    },

    'local-summary': async () => {
      const bundle = await local.exportAll();
      return { accounts: bundle.accounts.length, commitments: bundle.commitments.length, flags: bundle.flags.length };
    },

    'upload-local': async () => {
      await ready;
      if (service.source !== 'backend') return { ok: false as const, message: 'Switch to the team backend first.' };
      try {
        // Merge, never replace: the backend holds the team's data as well.
        const summary = await service.importAll(await local.exportAll(), 'merge');
        return { ok: true as const, summary };
      } catch (e) {
        return { ok: false as const, message: e instanceof Error ? e.message : String(e) };
      }
    },
  };

  return { ready, handlers };
}
