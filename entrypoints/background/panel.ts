import type { Browser } from 'webextension-polyfill';
import { CHANNEL } from '../../lib/core/messages/channel';
import { PanelStateSchema } from '../../lib/core/messages/to-background';
import type { ToContentMessage } from '../../lib/core/messages/to-content';
import type { Handlers } from './router';
import type { TabRecords } from './tab-records';

type Api = Pick<Browser, 'runtime' | 'tabs' | 'storage' | 'webNavigation'>;

const panelKey = (platform: string) => `panel:${platform}`;

export function sendToTab(api: Pick<Browser, 'tabs'>, tabId: number, message: ToContentMessage): Promise<void> {
  // A tab without our content script (not a CRM page) has no receiver; that is fine.
  return api.tabs.sendMessage(tabId, message).then(
    () => undefined,
    () => undefined,
  );
}

export interface PanelDeps {
  tabs: TabRecords;
  /** Called after a tab's record (or its resolution) changed. */
  onTabRecordChanged(tabId: number): void;
}

/**
 * Tabs and their panels: what each tab's content script reports, the record
 * a panel or popup asks about, the injected panel's open state per platform,
 * and the panel commands the frame and the popup send.
 */
export function installPanelHandlers(api: Api, deps: PanelDeps) {
  const { tabs } = deps;

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
    void tabs.forget(d.tabId).then(() => deps.onTabRecordChanged(d.tabId));
  });
  api.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId));

  const handlers: Pick<Handlers, 'record-report' | 'panel-state' | 'panel-state-set' | 'tab-record' | 'panel-command' | 'open-panel'> = {
    'record-report': async ({ href, record }, { tabId }) => {
      if (tabId === undefined) return { ok: false };
      const { changed } = await tabs.report(tabId, href, record);
      if (changed) deps.onTabRecordChanged(tabId);
      return { ok: true };
    },
    'panel-state': async ({ platform }) => {
      const saved = PanelStateSchema.safeParse((await api.storage.local.get(panelKey(platform)))[panelKey(platform)]);
      return saved.success ? saved.data : null;
    },
    'panel-state-set': async ({ platform, open, width }) => {
      await api.storage.local.set({ [panelKey(platform)]: { open, width } });
      return { ok: true };
    },
    'tab-record': async ({ tabId: asked }, { role, tabId: own }) => {
      // The embedded frame is answered for its own tab, whatever it asks. A
      // top-level extension page in a tab (the popup opened as a page) names
      // the tab it is about, as the toolbar popup does.
      const tabId = role === 'panel-frame' ? own : (asked ?? own);
      if (tabId === undefined) return null;
      const current = await tabs.get(tabId);
      // Resolution is deferred until someone looks: a person opening the
      // panel or popup is when a backend may be called.
      if (current?.record && !current.resolution) return tabs.refresh(tabId);
      return current;
    },
    'panel-command': async ({ command, width }, { tabId }) => {
      if (tabId === undefined) return { ok: false };
      if (command === 'close') await sendToTab(api, tabId, { channel: CHANNEL, type: 'close-panel' });
      else if (width) await sendToTab(api, tabId, { channel: CHANNEL, type: 'resize-panel', width });
      return { ok: true };
    },
    // The popup asks for the injected panel, which lives in the tab's content
    // script; the browser's native side panel the popup opens itself (it needs the click).
    'open-panel': async ({ tabId }) => {
      try {
        await api.tabs.sendMessage(tabId, { channel: CHANNEL, type: 'open-panel' } satisfies ToContentMessage);
        return { ok: true };
      } catch {
        return { ok: false, reason: 'no-panel-on-tab' };
      }
    },
  };

  return { handlers };
}
