import { browser } from '../../lib/browser';
import { safeParseOf } from '../../lib/core/parse';
import { DataError } from '../../lib/core/errors';
import { CHANNEL } from '../../lib/core/messages/channel';
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
import { BroadcastSchema, type Broadcast } from '../../lib/core/messages/to-pages';
import { LIVE_PAGE_PING_MS, LIVE_PAGE_PORT, PageHoldMessageSchema } from '../../lib/core/live';
import { createDataClient, type DataClient } from '../../lib/data/rpc-client';

/**
 * What extension pages (panel frame, native side panel, popup, options) use
 * to talk to the background. Pages never open their own data stores: the
 * panel frame is third-party inside a CRM tab and its storage may be denied.
 */
export type Send = (message: unknown) => Promise<unknown>;

// What reopens a page's port that the background's worker dropped when it
// stopped (holdPageOpen): this page asking the background for something.
const reopenHeld = new Set<() => void>();

export const sendToBackground: Send = (message) => {
  for (const reopen of reopenHeld) reopen();
  return browser.runtime.sendMessage(message);
};

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

/** Background broadcasts (data changed, a tab's record changed), validated on receipt. */
export function onBroadcast(listener: (message: Broadcast) => void): () => void {
  const handler = (raw: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return;
    if ((raw as { channel?: unknown } | null)?.channel !== CHANNEL) return;
    const parsed = safeParseOf(BroadcastSchema, raw);
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

type HoldRuntime = Pick<typeof browser.runtime, 'connect' | 'id' | 'onMessage'>;

/**
 * Tells the background this page is open, for as long as it is: the team
 * backend's live feed is followed only then. The background says over the
 * port whether it needs to be kept awake (the live feed); only then does the
 * page ping, and reopen the port at once when the worker restarts. Otherwise
 * the worker may stop when idle, and the port is reopened when the page next
 * asks the background something or hears from it. `keepAwake` pings
 * whatever the background says: the dashboard keeps the portfolio it
 * computes from in the worker's memory.
 */
export function holdPageOpen(opts: { keepAwake?: boolean; runtime?: HoldRuntime } = {}): () => void {
  const runtime = opts.runtime ?? browser.runtime;
  let port: ReturnType<typeof runtime.connect> | null = null;
  let closed = false;
  let awake = false;
  const wanted = () => opts.keepAwake === true || awake;
  const open = () => {
    if (closed || port) return;
    try {
      port = runtime.connect({ name: LIVE_PAGE_PORT });
    } catch {
      // The extension is being reloaded or removed: this page is about to go too.
      return;
    }
    port.onMessage.addListener((raw: unknown) => {
      const said = safeParseOf(PageHoldMessageSchema, raw);
      if (!said.success) return;
      awake = said.data.awake;
      pinging();
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (wanted()) setTimeout(open, 1_000);
    });
  };
  // A timer only while the worker is to be kept awake: on local data an open
  // page left alone runs nothing at all.
  let ping: ReturnType<typeof setInterval> | null = null;
  const pinging = () => {
    if (!wanted() || closed) {
      if (ping !== null) clearInterval(ping);
      ping = null;
    } else {
      ping ??= setInterval(() => {
        try {
          port?.postMessage({ type: 'ping' });
        } catch {
          // Disconnected meanwhile: reopened by its disconnect listener.
        }
      }, LIVE_PAGE_PING_MS);
    }
  };
  // Every page hears every page's requests; only the background's broadcasts count.
  const heard = (raw: unknown, sender: { id?: string }) => {
    if (sender.id === runtime.id && safeParseOf(BroadcastSchema, raw).success) open();
  };
  runtime.onMessage.addListener(heard);
  reopenHeld.add(open);
  open();
  pinging();
  return () => {
    closed = true;
    pinging();
    reopenHeld.delete(open);
    runtime.onMessage.removeListener(heard);
    port?.disconnect();
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
