import { browser } from '../../lib/browser';
import { DataError } from '../../lib/core/errors';
import type { DataRequest } from '../../lib/core/messages/data-calls';
import {
  backgroundRequest,
  parseBackgroundReply,
  type BackgroundReply,
  type BackgroundRequestBody,
  type BackgroundRequestType,
  type PageFieldsReply,
  type TabRecord,
} from '../../lib/core/messages/to-background';
import { createDataClient, type DataClient } from '../../lib/data/rpc-client';
import { sendToBackground, type Send } from './background-link';

export { holdPageOpen, onBroadcast, sendToBackground, type Send } from './background-link';

// What extension pages (panel frame, native side panel, popup, options) use
// to talk to the background. Pages never open their own data stores: the
// panel frame is third-party inside a CRM tab and its storage may be denied.

/** One request of the contract, its reply parsed on receipt; a refusal or a malformed reply is a DataError. */
export async function ask<K extends BackgroundRequestType>(
  type: K,
  body: BackgroundRequestBody<K>,
  send: Send = sendToBackground,
): Promise<BackgroundReply<K>> {
  let raw: unknown;
  try {
    raw = await send(backgroundRequest(type, body));
  } catch (e) {
    throw new DataError({ kind: 'network', message: `The Seamline background did not answer (${e instanceof Error ? e.message : String(e)}).` });
  }
  const parsed = parseBackgroundReply(type, raw);
  if (parsed.ok) return parsed.reply;
  throw new DataError({ kind: parsed.kind === 'refused' ? 'validation' : 'schema', message: parsed.message, field: parsed.field });
}

export function pageDataClient(send: Send = sendToBackground): DataClient {
  return createDataClient((message: DataRequest) => send(message));
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
  if (isEmbeddedFrame()) return ask('tab-record', {});
  const tabId = await activeTabId();
  if (tabId === undefined) return null;
  return ask('tab-record', { tabId });
}

/** The fields the CRM page of this page's tab shows, read on request (same tab rule as getTabRecord). */
export async function getPageFields(): Promise<PageFieldsReply> {
  if (isEmbeddedFrame()) return ask('page-fields', {});
  const tabId = await activeTabId();
  if (tabId === undefined) return { ok: false, reason: 'no-record', message: 'No tab is active.' };
  return ask('page-fields', { tabId });
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
  return ask('panel-command', { command: 'close' });
}

/** The accounts a person opened last, kept by the background (the frame has no storage of its own to rely on). */
export const recentAccountsPort = {
  load: async () => (await ask('recent-accounts', {})).accounts,
  opened: (account: { id: string; name: string }) => ask('account-opened', { accountId: account.id, name: account.name.slice(0, 300) }),
};
