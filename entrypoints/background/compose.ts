import type { Browser, Runtime } from 'webextension-polyfill';
import { CHANNEL } from '../../lib/core/messages/channel';
import { dashboardSettingsOf } from '../../lib/core/domain/dashboard';
import { toIsoDate } from '../../lib/core/domain/dates';
import type { Broadcast } from '../../lib/core/messages/to-pages';
import type { DataPort } from '../../lib/core/model';
import { dispatchData } from '../../lib/data/rpc';
import { DataService } from '../../lib/data/service';
import { isLocalDashboardPort } from '../../lib/data/local';
import type { SettingsStore } from '../../lib/data/settings-store';
import { registerBadge, type BadgeApi } from './badge';
import { registerCommands, type NativePanelApi } from './commands';
import { registerContextMenus, type MenuApi } from './context-menu';
import { createGatedPort, type BackendConnector } from './data-source';
import { seedDemoHandler } from './demo';
import { registerFirstRun } from './first-run';
import { pageFieldsHandlers } from './page-fields';
import { recentAccountsHandlers } from './recent-accounts';
import { registerReminders, type ReadReminderInputs } from './reminders';
import { registerDashboardDay } from './dashboard-day';
import { DraftStore } from './drafts';
import { FirstPaints } from './first-paints';
import { installPanelHandlers, readPanelStates, sendToTab } from './panel';
import { createRouter } from './router';
import { createLiveFeed, trackOpenPages, type LiveFeedDeps } from './live-feed';
import { installSettings, type SettingsBackgroundOptions } from './settings';
import { TabRecords } from './tab-records';

export interface BackgroundDeps {
  /** The local store: the default data source, kept for switching back and for uploads. */
  local: DataPort;
  /** The one settings reader: migrations, last good value, change notifications. */
  settings: SettingsStore;
  tokenItem?: SettingsBackgroundOptions['tokenItem'];
  connector?: BackendConnector;
  /** Closes storage.local to content scripts where the browser allows it; a failure is reported. */
  restrictStorage?: SettingsBackgroundOptions['restrictStorage'];
  /** Reads and publishes the workspace's team settings (the backend's route unless a test gives its own). */
  teamClient?: SettingsBackgroundOptions['teamClient'];
  /** The browser's own side panel (Chrome) or sidebar (Firefox), for the native panel mode. */
  native?: NativePanelApi;
  /** The parts of the browser the fake one in unit tests lacks, in the shapes features need. */
  menuApi: MenuApi;
  badgeApi: BadgeApi;
  /**
   * What a reminder run judges (plans, accounts, commitments): one read of the
   * data source (the data service's `reminderInputs` unless a test gives its own).
   */
  reminderInputs?: ReadReminderInputs;
  /** The clock due dates and health are judged by (tests fix it). */
  now?: () => Date;
  /** The live feed's network and timers (tests pass fakes). */
  live?: Partial<Pick<LiveFeedDeps, 'fetch' | 'setTimeout' | 'clearTimeout' | 'random'>>;
  /** The timers that let the dashboard's caches go a while after the last page closed (tests pass fakes). */
  cacheTimers?: Pick<LiveFeedDeps, 'setTimeout' | 'clearTimeout'>;
}

// How long the dashboard's prepared portfolio outlives the last open page:
// reopening the dashboard soon after closing it (or going from it to the
// popup and back) then costs no second read of the whole store.
export const RELEASE_CACHES_AFTER_MS = 30_000;

export type Background = ReturnType<typeof composeBackground>;

const LIVE_RESUME_KEY = 'live-feed-resume';

/**
 * The background's composition root: the one owner of data, the tab → record
 * map, the settings owner and every feature, wired to the one message router.
 * Listeners are registered synchronously so a woken service worker never
 * misses the message that woke it.
 */
export function composeBackground(api: Browser, deps: BackgroundDeps) {
  const broadcast = (message: Broadcast) => {
    // No open extension page means no receiver; that is not an error.
    api.runtime.sendMessage(message).catch(() => undefined);
  };
  // Calls wait at the gate until the stored data source (local, or the team
  // backend and its token) has been restored.
  const gate = createGatedPort();
  const firstPaints = new FirstPaints(api.storage.session);
  const onTabChanged: Array<(tabId: number) => void> = [];
  const service = new DataService({
    port: gate.port,
    // Asked first by every dashboard call, which then chooses between the
    // local computation and the team backend's: only once the source is known.
    dashboardSettings: async () => {
      await gate.opened;
      return dashboardSettingsOf((await deps.settings.load()).settings);
    },
    dashboardOpened: () => void dashboardDay.opened().catch(() => undefined),
    ...(deps.now ? { now: deps.now } : {}),
    announce: broadcast,
    broadcast: (message) => {
      broadcast(message);
      // A kept first paint may show a name or score this change moved.
      void firstPaints.dropAll().catch(() => undefined);
      // A change to accounts (link, create, import, source switch) can change
      // which account an open tab shows: re-resolve them so panels and badges
      // follow. Other changes only need the badge recounted.
      const relink = message.entities.some((e) => e === 'accounts' || e === 'store');
      void tabs.tabIds().then(async (ids) => {
        for (const tabId of ids) {
          if (relink) await tabs.refresh(tabId);
          tabChanged(tabId);
        }
      });
    },
  });
  function tabChanged(tabId: number) {
    broadcast({ channel: CHANNEL, type: 'tab-record-changed', tabId });
    for (const l of onTabChanged) l(tabId);
  }
  // Reports resolve eagerly only against the local store: visiting a CRM page
  // never calls the network. The backend is asked when a person opens something.
  const eager = (ref: Parameters<DataPort['resolveRecord']>[0]) =>
    service.source === 'local' ? service.resolveRecord(ref).catch(() => null) : Promise.resolve(null);
  const tabs = new TabRecords(api.storage.session, eager, (ref) => service.resolveRecord(ref).catch(() => null));
  const bg = { service, tabs, onTabChanged };

  const settings = installSettings({
    api,
    service,
    local: deps.local,
    gate,
    store: deps.settings,
    tokenItem: deps.tokenItem,
    connector: deps.connector,
    restrictStorage: deps.restrictStorage,
    teamClient: deps.teamClient,
    panelStates: (platforms) => readPanelStates(api, platforms),
  });
  // The health weights score a kept first paint: other settings may score it otherwise.
  deps.settings.watch(() => void firstPaints.dropAll().catch(() => undefined));
  const panel = installPanelHandlers(api, {
    tabs,
    drafts: new DraftStore(api.storage.session),
    firstPaints,
    localContext: (accountId) =>
      service.source === 'local' ? service.getAccountContext(accountId).catch(() => undefined) : Promise.resolve(undefined),
    healthWeights: async () => (await deps.settings.load()).settings.healthWeights,
    now: () => deps.now?.() ?? new Date(),
    onTabRecordChanged: tabChanged,
  });
  const menus = registerContextMenus(bg, deps.menuApi, { settings: deps.settings });
  const badge = registerBadge(bg, deps.badgeApi, {
    settings: deps.settings,
    now: deps.now,
    onPaint: (tabId, state) =>
      void sendToTab(api, tabId, { channel: CHANNEL, type: 'badge', text: state?.text ?? '', color: state?.color ?? '', title: state?.title ?? '' }),
  });
  const reminders = registerReminders(bg, api, {
    settings: deps.settings,
    readInputs: deps.reminderInputs ?? (() => service.reminderInputs()),
    now: deps.now,
  });
  const dashboardDay = registerDashboardDay(api, {
    // A worker woken by the alarm computes once the data source is restored, and only over the local store.
    refresh: async () => {
      await gate.opened;
      await service.refreshKeptDashboards({ newDay: true });
    },
    now: () => deps.now?.() ?? new Date(),
  });
  const commands = registerCommands(api, deps.native ?? {}, deps.settings);
  registerFirstRun(api);
  // Dashboard figures kept by an older build may be computed otherwise by this one: after an update they are
  // no longer current, shown marked until this build has computed the day's again (a browser update changes no code).
  // An update may also clear alarms: a day the dashboard was used arms the next day's again.
  api.runtime.onInstalled.addListener((details) => {
    const local = deps.local;
    if (details.reason !== 'update' || !isLocalDashboardPort(local)) return;
    void (async () => {
      const keptOn = await local.outdateDashboardViews();
      await gate.opened;
      await service.refreshKeptDashboards();
      if (keptOn.includes(toIsoDate(deps.now?.() ?? new Date()))) await dashboardDay.opened();
    })().catch(() => undefined);
  });
  const live = createLiveFeed({
    target: () => (service.source === 'backend' ? settings.backendInUse() : null),
    apply: ({ accountIds, entities, teamSettings }) => {
      if (entities.length > 0) service.changedElsewhere(accountIds, entities);
      if (teamSettings) settings.refreshTeamSettings().catch(() => undefined);
    },
    fetch: deps.live?.fetch ?? ((input, init) => fetch(input, init)),
    setTimeout: deps.live?.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimeout: deps.live?.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    ...(deps.live?.random ? { random: deps.live.random } : {}),
    resumeStore: {
      get: async (scope) => {
        const saved = (await api.storage.session.get(LIVE_RESUME_KEY))[LIVE_RESUME_KEY] as { scope?: unknown; id?: unknown } | undefined;
        return saved?.scope === scope && typeof saved.id === 'string' ? saved.id : undefined;
      },
      set: (scope, id) => api.storage.session.set({ [LIVE_RESUME_KEY]: { scope, id } }),
    },
  });
  settings.onSourceApplied(live.targetChanged);
  // What the pages hold open: the live feed, and the dashboard's caches, which
  // go RELEASE_CACHES_AFTER_MS after the last Seamline page or panel closed.
  const cacheTimers = deps.cacheTimers ?? {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as number),
  };
  let openPages = 0;
  let release: unknown = null;
  trackOpenPages(
    api,
    {
      pageOpened() {
        openPages++;
        if (release !== null) cacheTimers.clearTimeout(release);
        release = null;
        const closed = live.pageOpened();
        let done = false;
        return () => {
          if (done) return;
          done = true;
          closed();
          if (--openPages > 0) return;
          release = cacheTimers.setTimeout(() => {
            release = null;
            service.releaseCaches();
          }, RELEASE_CACHES_AFTER_MS);
        };
      },
    },
    {
      // Only the live feed needs the worker kept awake for open pages. On local
      // data a panel left open no longer holds the worker (and its memory) for
      // good: the worker stops when idle and the next request starts it again.
      wanted: async () => {
        await gate.opened;
        return service.source === 'backend';
      },
      onChange: (listener) => void settings.onSourceApplied(listener),
    },
  );

  const route = createRouter({
    extensionId: api.runtime.id,
    extensionOrigin: api.runtime.getURL('/'),
    handlers: {
      ...panel.handlers,
      ...pageFieldsHandlers(api, tabs),
      ...recentAccountsHandlers(api, () => service.source),
      ...settings.handlers,
      data: (request) => dispatchData(service, request),
      'seed-demo': seedDemoHandler(service),
    },
  });
  api.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => route(raw, sender));

  // Reads the workspace's team settings again (on connect it happens by itself; the live feed calls it on a settings change).
  const refreshTeamSettings = settings.refreshTeamSettings;
  return { ...bg, settings, menus, badge, reminders, commands, route, refreshTeamSettings, live };
}
