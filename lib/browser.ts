import polyfill from 'webextension-polyfill';

// The service worker and the extension pages use the promise-based polyfill,
// through this one module. The content script deliberately does not: it has a
// strict size budget, only sends messages and listens without replying, which
// every supported browser does natively, so it uses WXT's thin `wxt/browser`
// (an architecture test keeps the polyfill out of it).
export const browser = polyfill;
export type { Browser, Runtime, Tabs } from 'webextension-polyfill';

/** The browser's own panel surfaces, outside the polyfill's shared API. */
export interface NativePanelApi {
  /** Chrome's side panel; must be called while handling the user's gesture. */
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  /** Firefox's sidebar; open() too must be called while handling the user's gesture. */
  sidebarAction?: { toggle(): Promise<void>; open(): Promise<void> };
}

// Chrome's sidePanel and Firefox's sidebarAction are read from the native
// globals where they exist.
export function nativePanelApi(): NativePanelApi {
  const g = globalThis as unknown as {
    chrome?: { sidePanel?: NativePanelApi['sidePanel'] };
    browser?: { sidebarAction?: NativePanelApi['sidebarAction'] };
  };
  return { sidePanel: g.chrome?.sidePanel, sidebarAction: g.browser?.sidebarAction };
}
