import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'webextension-polyfill';
import { CHANNEL } from '../../lib/core/messages/channel';
import { handlersWith, senders, TEST_EXTENSION_ID, TEST_ORIGIN } from '../../test/routing';
import { SF_REF, SF_URL } from '../../test/background-kit';
import { pageFieldsHandlers, type ScriptingApi } from './page-fields';
import { createRouter } from './router';
import { TabRecords } from './tab-records';

type Injection = { target: { tabId: number; frameIds?: number[] }; func?: (...a: never[]) => unknown; args?: unknown[]; files?: string[] };

describe('page-fields: the record’s fields, read from its tab on request', () => {
  let tabs: TabRecords;
  let injections: Injection[];
  let pageAnswers: unknown;
  let route: ReturnType<typeof createRouter>;

  beforeEach(async () => {
    fakeBrowser.reset();
    tabs = new TabRecords(
      (fakeBrowser as unknown as Browser).storage.session,
      async () => null,
      async () => null,
    );
    await tabs.report(7, SF_URL, SF_REF);
    injections = [];
    pageAnswers = { arr: '$19.0M', employeeCount: '1,200', industry: '<img src=x onerror=alert(1)>', closeDate: '01/02/2026' };
    const scripting = {
      executeScript: vi.fn(async (i: Injection) => {
        injections.push(i);
        return i.files ? [{ frameId: 0, result: pageAnswers }] : [{ frameId: 0, result: undefined }];
      }),
    };
    route = createRouter({
      extensionId: TEST_EXTENSION_ID,
      extensionOrigin: TEST_ORIGIN,
      handlers: handlersWith(pageFieldsHandlers({ scripting } as unknown as ScriptingApi, tabs)),
    });
  });

  const ask = (sender: Parameters<typeof route>[1], tabId?: number) =>
    route({ channel: CHANNEL, type: 'page-fields', ...(tabId === undefined ? {} : { tabId }) }, sender);

  it('tells the injected reader which record to expect, then parses what the page shows; the unreadable keep the page’s text', async () => {
    const reply = await ask(senders.panelFrame(7));
    expect(injections.map((i) => i.target)).toEqual([
      { tabId: 7, frameIds: [0] },
      { tabId: 7, frameIds: [0] },
    ]);
    expect(injections[0]!.args).toEqual([
      'seamlinePageFieldsRequest',
      { href: SF_URL, record: { platform: 'salesforce', objectType: 'Account', kind: 'account' } },
    ]);
    expect(injections[1]!.files).toEqual(['/page-fields.js']);
    expect(reply).toEqual({
      ok: true,
      record: SF_REF,
      values: { arr: { amount: 19_000_000 }, employeeCount: 1200, industry: '<img src=x onerror=alert(1)>' },
      unreadable: [{ field: 'closeDate', text: '01/02/2026', reason: 'could be 2026-01-02 or 2026-02-01' }],
    });
  });

  it('answers a panel frame for its own tab only, and a popup for the tab it names', async () => {
    await tabs.report(8, 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000GbXmFIAV/view', {
      ...SF_REF,
      recordId: '001Dn00000GbXmFIAV',
    });
    await ask(senders.panelFrame(7), 8);
    expect(injections.every((i) => i.target.tabId === 7)).toBe(true);
    injections = [];
    expect(await ask(senders.popup, 8)).toMatchObject({ ok: true, record: { recordId: '001Dn00000GbXmFIAV' } });
    expect(injections.every((i) => i.target.tabId === 8)).toBe(true);
  });

  it('never answers a content script, so a CRM page cannot read its own fields through Seamline', async () => {
    expect(await ask(senders.contentScript(7))).toBeUndefined();
    expect(injections).toEqual([]);
  });

  it('reads nothing on a tab without a record', async () => {
    expect(await ask(senders.panelFrame(9))).toEqual({ ok: false, reason: 'no-record', message: 'This tab shows no CRM record.' });
    expect(injections).toEqual([]);
  });

  it('says so when the page moved on, the browser refused, or the page answered something else', async () => {
    pageAnswers = null;
    expect(await ask(senders.panelFrame(7))).toMatchObject({ ok: false, reason: 'moved' });
    pageAnswers = { arr: 42 };
    expect(await ask(senders.panelFrame(7))).toMatchObject({ ok: false, reason: 'blocked' });
    const refusing = createRouter({
      extensionId: TEST_EXTENSION_ID,
      extensionOrigin: TEST_ORIGIN,
      handlers: handlersWith(
        pageFieldsHandlers(
          {
            scripting: {
              executeScript: async () => {
                throw new Error('Cannot access contents of the page');
              },
            },
          } as unknown as ScriptingApi,
          tabs,
        ),
      ),
    });
    expect(await refusing({ channel: CHANNEL, type: 'page-fields' }, senders.panelFrame(7))).toMatchObject({
      ok: false,
      reason: 'blocked',
      message: expect.stringContaining('Cannot access contents of the page'),
    });
  });
});
