// Shared set-up for the menu and badge tests: the real background assembled on
// WXT's fake browser, with thin fakes for the APIs that fake does not have.
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'webextension-polyfill';
import { freshStore } from './factories';
import type { DataPort } from '../lib/core/model';
import type { CrmRecordRef } from '../lib/core/domain/crm-record';
import { startBackground } from '../entrypoints/background/start';

export const SF_URL = 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view';
export const SF_REF: CrmRecordRef = {
  platform: 'salesforce',
  host: 'acme.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId: '001Dn00000NwLgXIAV',
};

export function startTestBackground(port: DataPort = freshStore()) {
  fakeBrowser.reset();
  // Keyboard commands are not part of the fake browser.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  const bg = startBackground(fakeBrowser as unknown as Browser, { port });
  return bg;
}

/** Waits until `check` passes; background reactions to writes run asynchronously. */
export async function eventually(check: () => Promise<void> | void, timeout = 2000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
