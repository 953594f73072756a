// The background's router with chosen handlers, for tests of what crosses
// extension messaging: requests go through the real sender check and request
// parsing, and replies are serialised as runtime messages are.
import type { Runtime } from 'webextension-polyfill';
import { BACKGROUND_REQUESTS, type BackgroundRequestType } from '../lib/core/messages/to-background';
import { dispatchData } from '../lib/data/rpc';
import type { DataApi } from '../lib/core/sync';
import { createRouter, type Handlers } from '../entrypoints/background/router';

export const TEST_EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const TEST_ORIGIN = `chrome-extension://${TEST_EXTENSION_ID}/`;

export const senders = {
  popup: { id: TEST_EXTENSION_ID, url: `${TEST_ORIGIN}popup.html` } as Runtime.MessageSender,
  options: { id: TEST_EXTENSION_ID, url: `${TEST_ORIGIN}options.html` } as Runtime.MessageSender,
  panelFrame: (tabId: number): Runtime.MessageSender => ({
    id: TEST_EXTENSION_ID,
    url: `${TEST_ORIGIN}sidepanel.html`,
    tab: { id: tabId } as never,
    frameId: 2,
  }),
  contentScript: (tabId: number): Runtime.MessageSender => ({
    id: TEST_EXTENSION_ID,
    url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
    tab: { id: tabId } as never,
    frameId: 0,
  }),
};

/** Every handler of the contract, each throwing unless `overrides` supplies it. */
export function handlersWith(overrides: Partial<Handlers>): Handlers {
  const all = {} as Record<BackgroundRequestType, unknown>;
  for (const type of Object.keys(BACKGROUND_REQUESTS) as BackgroundRequestType[]) {
    all[type] =
      overrides[type] ??
      (async () => {
        throw new Error(`${type} is not part of this test`);
      });
  }
  return all as Handlers;
}

// Runtime messages are serialised; JSON is the strictest of the browsers' encodings.
export const overTheWire = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** A `send` for page code: the message reaches the router as `sender` and the data service answers data calls. */
export function routedSend(service: DataApi, sender: Runtime.MessageSender = senders.popup, overrides: Partial<Handlers> = {}) {
  const route = createRouter({
    extensionId: TEST_EXTENSION_ID,
    extensionOrigin: TEST_ORIGIN,
    handlers: handlersWith({ data: (request) => dispatchData(service, request), ...overrides }),
  });
  return async (message: unknown): Promise<unknown> => overTheWire(await route(overTheWire(message), sender));
}
