import type { Browser, Runtime } from 'webextension-polyfill';
import { seedDemoIfEmpty } from '../../lib/demo';
import { readSettings } from '../../lib/core/capture/settings';
import { LocalStore } from '../../lib/data/local';
import type { Settings } from '../../lib/core/domain/settings';
import type { DataPort } from '../../lib/core/model';
import { DataService } from '../../lib/data/service';
import { createDataMessageListener } from '../../lib/data/rpc';
import { CHANNEL, type Broadcast } from '../../lib/core/messages/protocol';
import { registerCommands, type NativePanelApi } from './commands';
import { createRouter, sendToTab } from './router';
import { TabRecords } from './tab-records';

export interface Background {
  service: DataService;
  tabs: TabRecords;
  /** Extra page-message handlers registered by features (menus, settings, demo…). */
  pageHandlers: Record<string, (raw: unknown, sender: Runtime.MessageSender) => Promise<unknown>>;
  /** Listeners told when a tab's record or its data changed (badge, side panel). */
  onTabChanged: Array<(tabId: number) => void>;
}

/**
 * Assembles the background: the one owner of data (local store by default),
 * the tab → record map, and the message router. Listeners are registered
 * synchronously so a woken service worker never misses the message that woke it.
 */
export interface BackgroundOptions {
  port?: DataPort;
  /** The settings in force (the settings store's view: migrated, last good on a parse failure). */
  loadSettings?: () => Promise<Settings>;
  /** The browser's own side panel (Chrome) or sidebar (Firefox), for the native panel mode. */
  native?: NativePanelApi;
}

export function startBackground(
  api: Browser,
  { port = new LocalStore(), native = {}, loadSettings = () => readSettings(api.storage.local) }: BackgroundOptions = {},
): Background {
  const broadcast = (message: Broadcast) => {
    // No open extension page means no receiver; that is not an error.
    api.runtime.sendMessage(message).catch(() => undefined);
  };
  const service = new DataService({
    port,
    broadcast: (message) => {
      broadcast(message);
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
  const eager = (ref: Parameters<DataPort['resolveRecord']>[0]) =>
    service.source === 'local' ? service.resolveRecord(ref).catch(() => null) : Promise.resolve(null);
  function tabChanged(tabId: number) {
    broadcast({ channel: CHANNEL, type: 'tab-record-changed', tabId });
    for (const l of bg.onTabChanged) l(tabId);
  }
  const tabs = new TabRecords(api.storage.session, eager, (ref) => service.resolveRecord(ref).catch(() => null));

  const bg: Background = { service, tabs, pageHandlers: {}, onTabChanged: [] };
  // "Load demo portfolio" (options page, `npm run demo`): never over existing data.
  bg.pageHandlers['seed-demo'] = async () => {
    const result = await seedDemoIfEmpty(service);
    const { total } = await service.listAccounts({ limit: 1 });
    return { ok: true, loaded: result.seeded, accounts: total };
  };

  const dataListener = createDataMessageListener({ service, extensionOrigin: api.runtime.getURL('/'), extensionId: api.runtime.id });
  const route = createRouter({
    api,
    tabs,
    handleData: async () => undefined,
    pageHandlers: bg.pageHandlers,
    onTabRecordChanged: tabChanged,
  });
  api.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    return dataListener(raw, sender) ?? route(raw, sender);
  });

  // Page scripts' pushState is invisible to the content script's isolated
  // world; the browser sees it, so tell the tab to look again.
  api.webNavigation.onHistoryStateUpdated.addListener((d) => {
    if (d.frameId === 0) void sendToTab(api, d.tabId, { channel: CHANNEL, type: 'recheck' });
  });
  // A full navigation leaves whatever record the tab showed: forget it at
  // once, so a page where Seamline does not run never inherits the previous
  // page's account. A CRM page's content script reports afresh.
  api.webNavigation.onCommitted.addListener((d) => {
    if (d.frameId !== 0) return;
    void tabs.forget(d.tabId).then(() => tabChanged(d.tabId));
  });
  api.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId));
  registerCommands(api, native, loadSettings);

  return bg;
}
