// Shared set-up for the background feature tests: the real background, composed
// exactly as the service worker composes it, on WXT's fake browser, with thin
// fakes for the APIs that fake does not have (menus, toolbar action).
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import type { Browser, Runtime } from 'webextension-polyfill';
import { freshStore } from './factories';
import type { DataPort } from '../lib/core/model';
import type { CrmRecordRef } from '../lib/core/domain/crm-record';
import { createSettingsStore, createTokenItem } from '../lib/data/settings-store';
import type { BadgeApi } from '../entrypoints/background/badge';
import { composeBackground, type BackgroundDeps } from '../entrypoints/background/compose';
import { createTokenStore } from '../lib/data/token-store';
import type { MenuApi } from '../entrypoints/background/context-menu';

export const SF_URL = 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view';
export const SF_REF: CrmRecordRef = {
  platform: 'salesforce',
  host: 'acme.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId: '001Dn00000NwLgXIAV',
};

/** Menus and toolbar action that accept everything and show nothing. */
export function inertMenuApi(): MenuApi {
  return {
    contextMenus: { create: (_p, done) => void done?.(), removeAll: async () => undefined, onClicked: { addListener: () => undefined } },
    runtime: fakeBrowser.runtime as unknown as MenuApi['runtime'],
    tabs: { sendMessage: async () => undefined, create: async () => undefined },
  };
}

export function inertBadgeApi(): BadgeApi {
  return { action: { setBadgeText: async () => undefined, setBadgeBackgroundColor: async () => undefined, setTitle: async () => undefined } };
}

const pageListeners: Array<(port: Runtime.Port) => void> = [];

/**
 * A page of ours opening its runtime port to the background started last
 * (the panel frame, popup, dashboard or options page; `url` decides which
 * sender it is). Returns the page closing.
 */
export function openTestPage(
  name: string,
  sender: Runtime.MessageSender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') },
) {
  const disconnects: Array<() => void> = [];
  const posted: unknown[] = [];
  let open = true;
  const port = {
    name,
    sender,
    postMessage: (message: unknown) => void posted.push(message),
    disconnect: () => {
      open = false;
    },
    onMessage: { addListener: () => undefined, removeListener: () => undefined, hasListener: () => false },
    onDisconnect: { addListener: (l: () => void) => void disconnects.push(l), removeListener: () => undefined, hasListener: () => false },
  } as unknown as Runtime.Port;
  for (const l of pageListeners) l(port);
  return {
    /** False once the background refused the port. */
    get open() {
      return open;
    },
    /** What the background said to the page over the port. */
    posted,
    close: () => {
      for (const l of disconnects) l();
    },
  };
}

/**
 * A background on a fresh fake browser, or with `woken`, a new worker on the
 * storage an earlier one left (as after the browser stopped it when idle).
 */
export function startTestBackground(opts: { port?: DataPort; woken?: boolean } & Partial<Omit<BackgroundDeps, 'local' | 'settings'>> = {}) {
  if (!opts.woken) fakeBrowser.reset();
  // Keyboard commands are not part of the fake browser.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  // Nor are permission events: no user site changes permissions in these tests.
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => undefined);
  // Nor are runtime ports: pages open theirs through openTestPage.
  pageListeners.length = 0;
  vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((l) => void pageListeners.push(l));
  const { port, woken: _woken, ...deps } = opts;
  return composeBackground(fakeBrowser as unknown as Browser, {
    local: port ?? freshStore(),
    settings: createSettingsStore(storage),
    // A database of its own per background: a token stored by one test is never seen by the next.
    tokenItem: createTokenStore({ dbName: `test-credentials-${crypto.randomUUID()}`, legacy: createTokenItem(storage) }),
    menuApi: deps.menuApi ?? inertMenuApi(),
    badgeApi: deps.badgeApi ?? inertBadgeApi(),
    ...deps,
  });
}
