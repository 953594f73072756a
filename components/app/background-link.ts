import { browser } from '../../lib/browser';
import { safeParseOf } from '../../lib/core/parse';
import { CHANNEL } from '../../lib/core/messages/channel';
import { BroadcastSchema, type Broadcast } from '../../lib/core/messages/to-pages';
import { LIVE_PAGE_PING_MS, LIVE_PAGE_PORT, PageHoldMessageSchema } from '../../lib/core/live';

// How a page reaches the background without the message contract's table
// (runtime.ts adds `ask` and what is built on it): the dashboard needs only
// this, and builds none of the other messages' schemas before its figures.

export type Send = (message: unknown) => Promise<unknown>;

// What reopens a page's port that the background's worker dropped when it
// stopped (holdPageOpen): this page asking the background for something.
const reopenHeld = new Set<() => void>();

export const sendToBackground: Send = (message) => {
  for (const reopen of reopenHeld) reopen();
  return browser.runtime.sendMessage(message);
};

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
