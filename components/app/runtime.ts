import { browser } from '../../lib/browser';
import { CHANNEL, BroadcastSchema, TabRecordSchema, type Broadcast, type TabRecord } from '../../lib/core/messages/protocol';

/**
 * What extension pages (panel frame, native side panel, popup, options) use
 * to talk to the background. Pages never open their own data stores: the
 * panel frame is third-party inside a CRM tab and its storage may be denied.
 */
export function sendToBackground(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/** Whether this page is the injected frame (inside a CRM tab) rather than a top-level page. */
export function isEmbeddedFrame(win: Window = window): boolean {
  return win.top !== win;
}

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

/**
 * The record shown by this page's tab. The injected frame lets the
 * background answer from the sender's tab; top-level pages name the active tab.
 */
export async function getTabRecord(): Promise<TabRecord | null> {
  const tabId = isEmbeddedFrame() ? undefined : await activeTabId();
  if (!isEmbeddedFrame() && tabId === undefined) return null;
  const raw = await sendToBackground({ channel: CHANNEL, type: 'tab-record', tabId });
  if (raw === null || raw === undefined) return null;
  return TabRecordSchema.parse(raw);
}

/** Background broadcasts (data changed, a tab's record changed), validated on receipt. */
export function onBroadcast(listener: (message: Broadcast) => void): () => void {
  const handler = (raw: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return;
    const parsed = BroadcastSchema.safeParse(raw);
    if (parsed.success) listener(parsed.data);
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}

/** Follows the active tab, for the native side panel and popup. */
export function onActiveTabChange(listener: () => void): () => void {
  const onActivated = () => listener();
  const onUpdated = (_id: number, info: { url?: string; status?: string }) => {
    if (info.url || info.status === 'complete') listener();
  };
  browser.tabs.onActivated.addListener(onActivated);
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => {
    browser.tabs.onActivated.removeListener(onActivated);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}

export function closeInjectedPanel(): Promise<unknown> {
  return sendToBackground({ channel: CHANNEL, type: 'panel-command', command: 'close' });
}
