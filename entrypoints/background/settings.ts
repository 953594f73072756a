import type { DataPort } from '../../lib/core/model';
import { safeParseOf } from '../../lib/core/parse';
import { BUILTIN_PLATFORMS } from '../../lib/core/domain/crm-record';
import type { DataSource, Settings } from '../../lib/core/domain/settings';
import { BackendUrlSchema, SettingsSchema } from '../../lib/core/domain/settings';
import type {
  BackendStatus,
  ContentConfig,
  ParkedQueueSummary,
  PendingSwitch,
  SettingsSnapshot,
  TestReply,
} from '../../lib/core/messages/to-background';
import { backendScope, canonicalBackendUrl, editableTextFields, type BackendScope } from '../../lib/core/sync';
import { validateForm } from '../../lib/core/settings/form';
import { originsOf, userSiteLabel } from '../../lib/core/settings/permissions';
import type { DataService } from '../../lib/data/service';
import { createTokenItem, type SettingsState, type SettingsStore } from '../../lib/data/settings-store';
import { createTokenStore, tokenFingerprint, type CredentialsStore } from '../../lib/data/token-store';
import { httpConnector, type BackendConnection, type BackendConnector } from './data-source';
import type { StorageAccessReport } from './storage-access';
import type { Handlers } from './router';
import { syncUserSiteScripts, type UserSitesApi } from './user-sites';
import { installTeamSettings, type TeamSettingsClient } from './team-settings';

export { userSiteScriptId } from '../../lib/core/settings/permissions';

export interface SettingsBackgroundOptions {
  api: UserSitesApi;
  service: DataService;
  /** The local store: kept for switching back and for uploading its data to a backend. */
  local: DataPort;
  /** The gate the service started with (createGatedPort), opened once settings are read. */
  gate?: { open(target: DataPort): void };
  store: SettingsStore;
  /** Where the token is kept: the background's own IndexedDB (see lib/data/token-store.ts). */
  tokenItem?: CredentialsStore;
  connector?: BackendConnector;
  /** Closes storage.local to content scripts; its failure is shown in the options page. */
  restrictStorage?: () => Promise<StorageAccessReport>;
  /** Reads and publishes the workspace's team settings (the team backend's route by default). */
  teamClient?: TeamSettingsClient;
  /** The injected panel's saved state for each of these platforms (panel.ts keeps it). */
  panelStates?: (platforms: string[]) => Promise<ContentConfig['panelStates']>;
}

/** What the content script reads at start; everything else about settings stays out of CRM pages. */
export function contentConfigOf(s: Settings, panelStates: ContentConfig['panelStates'] = {}): ContentConfig {
  return { userSites: s.userSites, disabledPlatforms: s.disabledPlatforms, panelMode: s.panelMode, panelStates };
}

/** Every platform a page may be detected as under these settings: the built-in ones and each in-house tool's. */
const platformsOf = (s: Settings): string[] => [
  ...BUILTIN_PLATFORMS,
  ...s.userSites.flatMap((site) => (site.type === 'template' ? [`custom:${site.slug}`] : [])),
];

// Two spellings of one backend (letter case, a default port, a trailing slash) are the same address.
const sameAddress = (a: string, b: string) => URL.canParse(a) && URL.canParse(b) && canonicalBackendUrl(a) === canonicalBackendUrl(b);
// The field that says what a queued write is about, for the parked list.
const SUMMARY_FIELDS = ['text', 'quote', 'note', 'decisionNote', 'name'];
const summaryText = (fields: Record<string, string>) => SUMMARY_FIELDS.map((f) => fields[f]).find((v) => v !== undefined) ?? null;

const sourceKey = (d: DataSource, token: string | null) => (d.kind === 'local' ? 'local' : `backend ${d.url} ${token ?? ''}`);

/**
 * The settings owner in the service worker: applies the settings in force
 * (data source, user-site scripts, host permissions), follows saves made in
 * any context through the settings store, and answers the options page.
 */
export function installSettings(opts: SettingsBackgroundOptions) {
  const { api, service, local, store } = opts;
  // A token stored by an older build in storage.local moves into the background's database on first use.
  const tokenItem = opts.tokenItem ?? createTokenStore({ legacy: createTokenItem() });
  let storageWarning: string | null = null;
  const storageChecked = (opts.restrictStorage?.() ?? Promise.resolve({ restricted: true as const }))
    .then((r) => {
      storageWarning = r.restricted ? null : r.message;
    })
    .catch((e: unknown) => {
      storageWarning = `Extension storage could not be closed to page scripts (${e instanceof Error ? e.message : String(e)}).`;
    });
  const connector = opts.connector ?? httpConnector;
  // A connector given without a team client (tests, other transports) has no team settings route to read.
  const team = installTeamSettings({ store, tokenItem, client: opts.teamClient ?? (opts.connector ? null : undefined) });

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

  let activeScope: BackendScope | null = null;
  // The team backend in use and its token (for the live feed); null on local data.
  let backendInUse: { url: string; token: string; scope: string } | null = null;
  const sourceListeners = new Set<() => void>();
  // The queue an older build kept under the URL as typed, written with the
  // token stored at the upgrade: it carries on as that token's queue.
  let upgradedQueue: { url: string; key: string } | null = null;

  /**
   * The queue scope for this URL and token: the stored binding when it is for
   * them, else a new one, with the workspace the backend names for the token
   * (or, while it cannot be asked, the token's fingerprint).
   */
  async function scopeFor(url: string, token: string): Promise<BackendScope> {
    const canonical = canonicalBackendUrl(url);
    const fingerprint = await tokenFingerprint(token);
    const bound = await tokenItem.binding(canonical, fingerprint);
    if (bound) return bound.scope;
    const report = await connector.test(url, token).catch(() => null);
    const workspace = report?.tokenAccepted && report.workspace ? report.workspace : null;
    const adopt = upgradedQueue?.url === url ? upgradedQueue : null;
    upgradedQueue = null;
    const scope = adopt ? { key: adopt.key, url: canonical, workspace } : backendScope(canonical, workspace, fingerprint);
    await tokenItem.setBinding({ url: canonical, fingerprint, scope, expiresAt: report?.expiresAt ?? null });
    return scope;
  }

  async function applySource(settings: Settings): Promise<void> {
    const token = await tokenItem.getValue();
    const key = sourceKey(settings.dataSource, token);
    if (key === appliedSource) return;
    appliedSource = key;
    connection?.dispose();
    connection = null;
    backendInUse = null;
    activeScope = null;
    parkedChanged();
    if (settings.dataSource.kind === 'backend' && token) {
      const scope = await scopeFor(settings.dataSource.url, token);
      await tokenItem.rememberScope(scope);
      activeScope = scope;
      connection = connector.connect(settings.dataSource.url, token, scope);
      service.setPort(connection.port, connection.outbox, { url: scope.url, workspace: scope.workspace });
      backendInUse = { url: settings.dataSource.url, token, scope: scope.key };
      // Members receive the workspace's team settings on connect; the settings store lays them over their own.
      void team.refreshTeamSettings();
    } else {
      // A backend chosen without a stored token stays on local data rather than
      // send unauthenticated requests; the options page shows the missing token.
      service.setPort(local);
    }
    for (const l of sourceListeners) l();
  }

  /** Every queue of another backend URL or workspace (or all of them on local data) that still holds writes. */
  async function parkedQueues(): Promise<ParkedQueueSummary[]> {
    if (!connector.park) return [];
    const out: ParkedQueueSummary[] = [];
    for (const scope of await tokenItem.scopes()) {
      if (scope.key === activeScope?.key) continue;
      const q = connector.park(scope);
      try {
        const [entries, conflicts] = await Promise.all([q.outbox.entries(), q.outbox.conflicts()]);
        if (entries.length + conflicts.length === 0) continue;
        const writes = [...entries, ...conflicts.map((c) => c.entry)].map((e) => ({
          method: e.method,
          createdAt: e.createdAt,
          text: summaryText(editableTextFields(e.method, e.args)),
        }));
        out.push({ scope, pending: entries.length, needsAttention: conflicts.length, writes });
      } finally {
        q.dispose();
      }
    }
    return out;
  }
  // Parked queues are never sent, so their count only changes when the
  // source switches or one is discarded: counted once then, not at every
  // write the active queue makes.
  let parkedCount: Promise<number> | null = null;
  const countParked = () => {
    parkedCount ??= parkedQueues()
      .then((qs) => qs.reduce((n, q) => n + q.pending + q.needsAttention, 0))
      .catch((e: unknown) => {
        parkedCount = null;
        throw e;
      });
    return parkedCount;
  };
  const parkedChanged = () => {
    parkedCount = null;
  };
  service.setParkedSource(countParked);

  /** Writes waiting in the queue in use, when a change would move away from its backend or workspace. */
  async function pendingInActive(): Promise<number> {
    const outbox = connection?.outbox;
    if (!outbox) return 0;
    return (await outbox.pendingCount()) + (await outbox.conflicts()).length;
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
    await storageChecked;
    const role = await team.roleFor(s.settings.dataSource.kind === 'backend' ? s.settings.dataSource.url : null);
    return {
      storageWarning,
      settings: s.settings,
      error: s.error,
      hasToken: Boolean(await tokenItem.getValue()),
      source: service.source,
      sitesWithoutPermission,
      ...(s.managed ? { managed: s.managed } : {}),
      ...(role ? { role } : {}),
    };
  }

  const ready: Promise<void> = serial(async () => {
    const loaded = await store.load();
    // Older builds named the queue after the URL as typed. With the token of
    // that time still stored and never bound here, it is that token's queue
    // and carries on; otherwise it stays listed (parked) until sent, exported
    // or discarded.
    if (loaded.settings.dataSource.kind === 'backend') {
      const typed = loaded.settings.dataSource.url;
      await (async () => {
        const token = await tokenItem.getValue();
        const fresh = token && !(await tokenItem.binding(canonicalBackendUrl(typed), await tokenFingerprint(token)));
        const known = (await tokenItem.scopes()).some((sc) => sc.key === typed);
        if (fresh && !known) upgradedQueue = { url: typed, key: typed };
        else await tokenItem.rememberScope({ key: typed, url: canonicalBackendUrl(typed), workspace: null });
      })().catch(() => undefined);
    }
    // Settings saved by an older build, now migrated, become the fallback for a later unreadable value.
    if (loaded.stored && !loaded.error) await store.rememberGood().catch(() => undefined);
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
      if (prev && JSON.stringify(prev) === JSON.stringify(next.settings) && Boolean(state?.error) === Boolean(next.error)) {
        // Nothing to apply, but what the policy fixes or reports may have changed.
        state = next;
        return;
      }
      await apply(next, prev);
    });
  });

  /**
   * Whether saving these settings (and token) would move off the backend
   * workspace whose queue still holds writes. Switching to local data keeps
   * them parked and listed; only a switch to another backend URL or
   * workspace asks first.
   */
  async function pendingSwitch(input: unknown, newToken: string | undefined): Promise<PendingSwitch | null> {
    const from = activeScope;
    if (!from) return null;
    const parsed = safeParseOf(SettingsSchema, input);
    if (!parsed.success || parsed.data.dataSource.kind !== 'backend') return null;
    const count = await pendingInActive();
    if (count === 0) return null;
    const url = parsed.data.dataSource.url;
    const token = newToken ?? (await tokenItem.getValue());
    if (!token) return null;
    const canonical = canonicalBackendUrl(url);
    // A token already known here for a URL answers from memory, even while the backend is down.
    const known = await tokenItem.binding(canonical, await tokenFingerprint(token));
    if (known) return known.scope.key === from.key ? null : { key: from.key, count, url: from.url, workspace: from.workspace };
    if (canonical === from.url && from.workspace !== null) {
      // Another token for the same workspace keeps the same queue.
      const report = await connector.test(url, token).catch(() => null);
      if (report?.tokenAccepted && report.workspace === from.workspace) return null;
    }
    return { key: from.key, count, url: from.url, workspace: from.workspace };
  }

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

  /**
   * A queue opened while the backend could not say which workspace the token
   * belongs to keeps its key (the token's fingerprint); once the backend
   * answers, the workspace is recorded and shown.
   */
  async function confirmWorkspace(): Promise<void> {
    const scope = activeScope;
    const source = state?.settings.dataSource;
    if (!scope || scope.workspace !== null || source?.kind !== 'backend') return;
    const token = await tokenItem.getValue();
    if (!token) return;
    const report = await connector.test(source.url, token).catch(() => null);
    if (!report?.tokenAccepted || !report.workspace || activeScope?.key !== scope.key) return;
    const confirmed = { ...scope, workspace: report.workspace };
    activeScope = confirmed;
    const fingerprint = await tokenFingerprint(token);
    const bound = await tokenItem.binding(scope.url, fingerprint);
    if (bound) await tokenItem.setBinding({ ...bound, scope: confirmed, expiresAt: report.expiresAt ?? bound.expiresAt ?? null });
    await tokenItem.forgetScope(scope.key);
    await tokenItem.rememberScope(confirmed);
    service.setBackendIdentity({ url: confirmed.url, workspace: confirmed.workspace });
  }

  /** Finds a parked queue by its scope key; the queue in use is never one. */
  async function parkedScope(key: string): Promise<BackendScope | null> {
    if (key === activeScope?.key) return null;
    return (await tokenItem.scopes()).find((s) => s.key === key) ?? null;
  }

  const handlers: Pick<
    Handlers,
    | 'content-config'
    | 'settings-get'
    | 'settings-save'
    | 'backend-token-clear'
    | 'backend-test'
    | 'sites-sync'
    | 'local-summary'
    | 'upload-local'
    | 'backend-status'
    | 'parked-export'
    | 'parked-discard'
    | 'backend-rotate'
    | 'team-settings-publish'
  > = {
    // Handed over here so content scripts need no access to extension storage.
    'content-config': async () => {
      await ready;
      const { settings } = state ?? (await store.load());
      return contentConfigOf(settings, (await opts.panelStates?.(platformsOf(settings))) ?? {});
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
        const switched = await pendingSwitch(msg.settings, msg.token);
        if (switched && msg.pending !== 'park') {
          if (msg.pending !== 'send-first') return { ok: false as const, errors: {}, pendingSwitch: switched };
          // Sent with the token and to the workspace they were written for, before anything changes.
          await connection?.outbox?.flush().catch(() => undefined);
          const left = await pendingInActive();
          if (left > 0) {
            return {
              ok: false as const,
              errors: {},
              message: `${left} change${left === 1 ? '' : 's'} could not be sent to ${switched.workspace ?? switched.url}. Keep them parked or export them.`,
              pendingSwitch: { ...switched, count: left },
            };
          }
        }
        const saved = await store.save(msg.settings);
        if (!saved.ok) return { ok: false as const, errors: saved.errors };
        if (msg.token) await tokenItem.setValue(msg.token);
        // What was stored is the person's own; the policy and team settings are laid over it again.
        await apply(await store.load(), prev);
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
      const url = safeParseOf(BackendUrlSchema, msg.url);
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

    'backend-status': async (): Promise<BackendStatus> => {
      await ready;
      await storageChecked;
      await serial(confirmWorkspace);
      const token = activeScope ? await tokenItem.getValue() : null;
      const bound = activeScope && token ? await tokenItem.binding(activeScope.url, await tokenFingerprint(token)) : null;
      return {
        connection: await service.connection(),
        ...(bound && bound.expiresAt !== undefined ? { expiresAt: bound.expiresAt } : {}),
        parked: await parkedQueues(),
        storageWarning,
      };
    },

    'parked-export': async (msg) => {
      await ready;
      const scope = await parkedScope(msg.key);
      if (!scope || !connector.park) return { ok: false as const, message: 'No parked changes for that backend.' };
      const q = connector.park(scope);
      try {
        const [entries, needsAttention] = await Promise.all([q.outbox.entries(), q.outbox.conflicts()]);
        const json = JSON.stringify(
          { backend: scope.url, workspace: scope.workspace, exportedAt: new Date().toISOString(), entries, needsAttention },
          null,
          2,
        );
        const name = (scope.workspace ?? new URL(scope.url).host).replace(/[^A-Za-z0-9_.-]+/g, '-');
        return { ok: true as const, filename: `seamline-unsent-${name}.json`, json };
      } finally {
        q.dispose();
      }
    },

    'parked-discard': async (msg) => {
      await ready;
      return serial(async () => {
        const scope = await parkedScope(msg.key);
        if (!scope || !connector.park) return { ok: false };
        const q = connector.park(scope);
        try {
          await q.outbox.discardAll();
        } finally {
          q.dispose();
        }
        await tokenItem.forgetScope(scope.key);
        parkedChanged();
        await service.refreshConnection();
        return { ok: true };
      });
    },

    'backend-rotate': async () => {
      await ready;
      return serial(async () => {
        const s = state?.settings;
        const token = await tokenItem.getValue();
        if (s?.dataSource.kind !== 'backend' || !token || !connector.rotate) {
          return { ok: false as const, message: 'Connect to the team backend with a token first.' };
        }
        try {
          const issued = await connector.rotate(s.dataSource.url, token);
          if (!issued.secret) return { ok: false as const, message: 'The backend did not return a new token; the current one stays in use.' };
          const canonical = canonicalBackendUrl(s.dataSource.url);
          const bound = await tokenItem.binding(canonical, await tokenFingerprint(token));
          // Same workspace, same queue: the new secret takes over the old one's binding.
          if (bound) {
            await tokenItem.setBinding({ ...bound, fingerprint: await tokenFingerprint(issued.secret), expiresAt: issued.token.expiresAt ?? null });
          }
          await tokenItem.setValue(issued.secret);
          await applySource(s);
          return { ok: true as const, expiresAt: issued.token.expiresAt ?? null };
        } catch (e) {
          return { ok: false as const, message: `The token could not be rotated: ${e instanceof Error ? e.message : String(e)}` };
        }
      });
    },

    'team-settings-publish': async () => {
      await ready;
      const out = await team.publish();
      if (!out.ok) return out;
      state = await store.load();
      return { ok: true as const, snapshot: await snapshot() };
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

  return {
    ready,
    handlers,
    refreshTeamSettings: team.refreshTeamSettings,
    backendInUse: () => backendInUse,
    /** Called after every switch of data source or token. */
    onSourceApplied(listener: () => void): () => void {
      sourceListeners.add(listener);
      return () => sourceListeners.delete(listener);
    },
  };
}
