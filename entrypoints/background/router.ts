import type { Browser, Runtime } from 'webextension-polyfill';
import {
  CHANNEL,
  PanelCommandSchema,
  PanelStateRequestSchema,
  PanelStateSchema,
  PanelStateSetSchema,
  RecordReportSchema,
  TabRecordRequestSchema,
  senderRole,
  type ToContentMessage,
} from '../../lib/core/messages/protocol';
import type { TabRecords } from './tab-records';

type Api = Pick<Browser, 'runtime' | 'tabs' | 'storage'>;

const panelKey = (platform: string) => `panel:${platform}`;

export interface RouterDeps {
  api: Api;
  tabs: TabRecords;
  /** Handles `{ type: 'data' }` RPC from extension pages; returns the response to send. */
  handleData(raw: unknown): Promise<unknown>;
  /** Other page requests (seed demo, settings, menus…) by type; undefined = not handled. */
  pageHandlers?: Record<string, (raw: unknown, sender: Runtime.MessageSender) => Promise<unknown>>;
  /** Called after a tab's record (or its resolution) changed. */
  onTabRecordChanged(tabId: number): void;
}

export function sendToTab(api: Api, tabId: number, message: ToContentMessage): Promise<void> {
  // A tab without our content script (not a CRM page) has no receiver; that is fine.
  return api.tabs.sendMessage(tabId, message).then(
    () => undefined,
    () => undefined,
  );
}

/**
 * The background's single entry for runtime messages. Every message is
 * validated, and only accepted from the sender role allowed to send it:
 * record reports from our content scripts, everything else from our own pages.
 */
export function createRouter(deps: RouterDeps) {
  const { api } = deps;
  const extensionId = api.runtime.id;
  const origin = api.runtime.getURL('/');

  return async function route(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> {
    if (typeof raw !== 'object' || raw === null || (raw as { channel?: unknown }).channel !== CHANNEL) return undefined;
    const type = (raw as { type?: unknown }).type;
    const role = senderRole(sender, extensionId, origin);

    if (type === 'record-report') {
      if (role !== 'content-script' || sender.tab?.id === undefined) return undefined;
      const msg = RecordReportSchema.safeParse(raw);
      if (!msg.success) return { ok: false, error: 'invalid record report' };
      const { changed } = await deps.tabs.report(sender.tab.id, msg.data.href, msg.data.record);
      if (changed) deps.onTabRecordChanged(sender.tab.id);
      return { ok: true };
    }

    if (role === 'content-script') {
      switch (type) {
        case 'content-config': {
          // Kept in step with settings by the settings owner; handed over
          // here so content scripts need no access to extension storage.
          const { contentConfig } = await api.storage.local.get('contentConfig');
          return contentConfig ?? {};
        }
        case 'panel-state': {
          const msg = PanelStateRequestSchema.safeParse(raw);
          if (!msg.success) return null;
          const saved = PanelStateSchema.safeParse((await api.storage.local.get(panelKey(msg.data.platform)))[panelKey(msg.data.platform)]);
          return saved.success ? saved.data : null;
        }
        case 'panel-state-set': {
          const msg = PanelStateSetSchema.safeParse(raw);
          if (!msg.success) return { ok: false };
          await api.storage.local.set({ [panelKey(msg.data.platform)]: { open: msg.data.open, width: msg.data.width } });
          return { ok: true };
        }
        default:
          return undefined;
      }
    }

    if (role !== 'extension-page') return undefined;

    switch (type) {
      case 'data':
        return deps.handleData(raw);
      case 'tab-record': {
        const msg = TabRecordRequestSchema.safeParse(raw);
        if (!msg.success) return null;
        // The embedded frame is answered for its own tab, whatever it asks. A
        // top-level extension page in a tab (frame 0: the popup opened as a
        // page) names the tab it is about, as the toolbar popup does.
        const embedded = sender.tab?.id !== undefined && sender.frameId !== 0;
        const tabId = embedded ? sender.tab?.id : (msg.data.tabId ?? sender.tab?.id);
        if (tabId === undefined) return null;
        const current = await deps.tabs.get(tabId);
        // Resolution is deferred until someone looks: a person opening the
        // panel or popup is when a backend may be called.
        if (current?.record && !current.resolution) return deps.tabs.refresh(tabId);
        return current;
      }
      case 'panel-command': {
        const msg = PanelCommandSchema.safeParse(raw);
        if (!msg.success || sender.tab?.id === undefined) return undefined;
        if (msg.data.command === 'close') await sendToTab(api, sender.tab.id, { channel: CHANNEL, type: 'close-panel' });
        else if (msg.data.width) await sendToTab(api, sender.tab.id, { channel: CHANNEL, type: 'resize-panel', width: msg.data.width });
        return { ok: true };
      }
      default: {
        const handler = typeof type === 'string' ? deps.pageHandlers?.[type] : undefined;
        return handler ? handler(raw, sender) : undefined;
      }
    }
  };
}
