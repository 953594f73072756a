import polyfill from 'webextension-polyfill';

// Extension pages and the background use the promise-based polyfill. The
// content script deliberately does not: it has a strict size budget and uses
// WXT's thin `wxt/browser` alias of the native API instead.
export const browser = polyfill;
export type { Browser, Runtime, Tabs } from 'webextension-polyfill';
