import type { Runtime, Tabs } from 'webextension-polyfill';

/** The first-run page: who the person is and where their data lives, with the demo offered. */
export const WELCOME_PATH = '/welcome.html';

export interface FirstRunApi {
  runtime: {
    onInstalled: { addListener(listener: (details: Runtime.OnInstalledDetailsType) => void): void };
    getURL(path: string): string;
  };
  tabs: { create(properties: Tabs.CreateCreatePropertiesType): Promise<unknown> };
}

/**
 * Opens the first-run page once, when the extension is installed. Updates of
 * the extension or of the browser do not: someone mid-work on a CRM page is
 * not interrupted to be asked again.
 */
export function registerFirstRun(api: FirstRunApi): void {
  api.runtime.onInstalled.addListener((details) => {
    if (details.reason !== 'install') return;
    // A refused tab (a policy, a closing window) leaves the options page to do the same job.
    api.tabs.create({ url: api.runtime.getURL(WELCOME_PATH) }).catch(() => undefined);
  });
}
