/// <reference types="chrome" />
// Code passed to evaluate() runs inside the extension, where `chrome` exists.
import type { Frame, Page } from 'playwright-core';
import { waitFor, type ExtensionBrowser } from './browser';
import { ACCOUNT_PAINTED_MARK } from '../../components/panel/first-paint';

/** Sends a message as an extension page would (the background only trusts those). */
export async function fromExtensionPage<T>(browser: ExtensionBrowser, message: unknown): Promise<T> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as T;
  } finally {
    await page.close();
  }
}

/**
 * Loads the demo portfolio unless the profile already holds accounts, the way
 * a person does: "Load demo portfolio" on the options page.
 */
export async function seedDemo(browser: ExtensionBrowser): Promise<{ loaded: boolean; accounts: number }> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByRole('button', { name: 'Load demo portfolio' }).click({ timeout: 20_000 });
    const status = page.getByText(/^(Demo portfolio loaded: \d+ accounts\.|Not loaded: the store already holds \d+ accounts\.)$/);
    await status.waitFor({ timeout: 20_000 });
    const text = (await status.textContent()) ?? '';
    return { loaded: text.startsWith('Demo portfolio loaded'), accounts: Number(/(\d+) accounts/.exec(text)?.[1] ?? 0) };
  } finally {
    await page.close();
  }
}

/** The tab id the background knows for a page (the content script reported it). */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  const url = page.url();
  return waitFor(
    () =>
      // Without the "tabs" permission tab URLs are hidden; the content
      // script's own report says which tab shows the page.
      browser.worker.evaluate(async (u) => {
        const all = (await chrome.storage.session.get(null)) as Record<string, { tabId: number; href: string }>;
        return Object.values(all).find((t) => t.href === u)?.tabId;
      }, url),
    { what: `the tab for ${url}` },
  );
}

/** What the background holds for a tab: the record and its resolution. */
export function tabRecord(browser: ExtensionBrowser, tabId: number) {
  return browser.worker.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId) as Promise<{
    href: string;
    reportedAt: number;
    record: { recordId: string; name?: string } | null;
    resolution: { status: string; accountId?: string } | null;
  } | null>;
}

/** Opens the injected panel the way the shortcut does (the background tells the tab). */
export async function openPanelOn(browser: ExtensionBrowser, page: Page): Promise<Frame> {
  const tabId = await tabIdOf(browser, page);
  await waitFor(() => page.locator('seamline-root').count(), { what: 'the Seamline host element' });
  await browser.worker.evaluate((id) => chrome.tabs.sendMessage(id, { channel: 'seamline', type: 'open-panel' }), tabId);
  return panelFrame(page);
}

/**
 * Opens the injected panel as `openPanelOn` does and gives the moment the
 * command left the service worker, on its own clock (epoch ms:
 * `performance.timeOrigin + performance.now()`), taken right before it is sent.
 */
export async function openPanelTimed(browser: ExtensionBrowser, page: Page): Promise<number> {
  const tabId = await tabIdOf(browser, page);
  await waitFor(() => page.locator('seamline-root').count(), { what: 'the Seamline host element' });
  return browser.worker.evaluate(async (id) => {
    const sent = performance.timeOrigin + performance.now();
    await chrome.tabs.sendMessage(id, { channel: 'seamline', type: 'open-panel' });
    return sent;
  }, tabId);
}

/**
 * When the panel frame now in `page` first painted its account's heading and
 * health score, on the frame's own clock (epoch ms), once it has.
 */
export function accountPaintedAt(page: Page, timeout = 15_000): Promise<number> {
  return waitFor(
    async () => {
      const frame = page.frames().find(isPanelFrame);
      if (!frame) return undefined;
      return frame.evaluate((name) => {
        const mark = performance.getEntriesByName(name, 'mark')[0];
        return mark ? performance.timeOrigin + mark.startTime : undefined;
      }, ACCOUNT_PAINTED_MARK);
    },
    { timeout, interval: 20, what: 'the panel to paint its account' },
  );
}

/** Whether a frame shows the panel page (its address carries the framing page's id after `#`). */
export const isPanelFrame = (f: Frame) => URL.canParse(f.url()) && new URL(f.url()).pathname === '/sidepanel.html';

export function panelFrame(page: Page): Promise<Frame> {
  return waitFor(() => page.frames().find(isPanelFrame), { what: 'the panel frame' });
}

export async function waitForPanelText(page: Page, text: RegExp | string, timeout = 15_000): Promise<void> {
  const frame = await panelFrame(page);
  await frame.getByText(text).first().waitFor({ timeout });
}

/** Calls the background's data service as an extension page does. */
export async function dataCall<T>(browser: ExtensionBrowser, method: string, ...args: unknown[]): Promise<T> {
  const res = await fromExtensionPage<{ ok: boolean; value?: T; error?: { message: string } }>(browser, {
    channel: 'seamline',
    type: 'data',
    method,
    args,
  });
  if (!res?.ok) throw new Error(`${method} failed: ${res?.error?.message ?? 'no answer'}`);
  return res.value as T;
}

/** Forgets every platform's remembered open/closed state and width. */
export function resetPanelState(browser: ExtensionBrowser): Promise<void> {
  return browser.worker.evaluate(async () => {
    const all = await chrome.storage.local.get(null);
    await chrome.storage.local.remove(Object.keys(all).filter((k) => k.startsWith('panel:')));
  });
}

/** Whether the injected panel is showing (measured from the frame's box, since its host is a closed shadow root). */
export async function panelVisible(page: Page): Promise<boolean> {
  const frame = page.frames().find(isPanelFrame);
  if (!frame) return false;
  const el = await frame.frameElement();
  const box = await el.boundingBox();
  return !!box && box.width > 0 && box.height > 0;
}

/**
 * The toolbar popup as a page of its own, showing an account found with its
 * search (opened as a tab, the popup has no CRM tab under it).
 */
export async function popupOnAccount(browser: ExtensionBrowser, name: string): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.getByLabel('Search accounts by name or domain').fill(name);
  await popup.getByRole('option', { name }).first().click({ timeout: 20_000 });
  await popup
    .getByText(/% complete · \d+ of \d+ done/)
    .first()
    .waitFor({ timeout: 20_000 });
  return popup;
}

/**
 * Stops the extension's service worker over DevTools, as Chrome does when it
 * is idle, from `page` (any page of the profile). `states` lists every
 * running status the worker reported since, so a caller can see the next
 * message start a new one.
 */
export async function workerStopper(browser: ExtensionBrowser, page: Page) {
  const cdp = await browser.context.newCDPSession(page);
  const states: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.includes(browser.extensionId)) states.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  return {
    states,
    async stop(): Promise<void> {
      const seen = states.length;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitFor(() => states.slice(seen).includes('stopped'), { timeout: 20_000, what: 'the worker to stop' }).catch((e: Error) => {
        throw new Error(`${e.message}; states seen: ${states.slice(seen).join(', ')}`);
      });
    },
  };
}
