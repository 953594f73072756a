import type { Browser, Runtime } from 'webextension-polyfill';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Background } from './start';
import { registerPopupHandlers } from './popup-handlers';
import { createRouter } from './router';
import { TabRecords } from './tab-records';
import { SF_REF, SF_URL } from '../../test/background-kit';

describe('open-panel page handler', () => {
  it('asks the tab to open its panel, and says when the tab has none', async () => {
    const sent: unknown[] = [];
    const handlers: Background['pageHandlers'] = {};
    const tabs = {
      sendMessage: async (tabId: number, m: unknown) => {
        if (tabId !== 7) throw new Error('Receiving end does not exist.');
        sent.push(m);
      },
    };
    registerPopupHandlers({ pageHandlers: handlers }, { tabs } as unknown as Browser);
    const open = handlers['open-panel']!;
    expect(await open({ channel: 'seamline', type: 'open-panel', tabId: 7 }, {})).toEqual({ ok: true });
    expect(sent).toEqual([{ channel: 'seamline', type: 'open-panel' }]);
    expect(await open({ channel: 'seamline', type: 'open-panel', tabId: 8 }, {})).toEqual({ ok: false, reason: 'no-panel-on-tab' });
    expect(await open({ channel: 'seamline', type: 'open-panel' }, {})).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('tab-record requests from the popup', () => {
  it('answers a top-level extension page for the tab it names, and the embedded frame only for its own tab', async () => {
    fakeBrowser.reset();
    const api = fakeBrowser as unknown as Browser;
    const resolve = vi.fn(async () => ({ status: 'linked' as const, accountId: 'acc-1', matchedBy: 'record' as const }));
    const tabs = new TabRecords(api.storage.session, resolve, resolve);
    await tabs.report(7, SF_URL, SF_REF);
    await tabs.report(8, SF_URL, null);
    const route = createRouter({ api, tabs, handleData: async () => undefined, onTabRecordChanged: () => undefined });
    const origin = api.runtime.getURL('/');
    const ask = (sender: Runtime.MessageSender) => route({ channel: 'seamline', type: 'tab-record', tabId: 7 }, { id: api.runtime.id, ...sender });

    // The popup opened as a page in tab 20 asks about tab 7.
    expect(await ask({ url: `${origin}popup.html?tab=7`, tab: { id: 20 } as never, frameId: 0 })).toMatchObject({ tabId: 7, record: SF_REF });
    // The injected panel frame in tab 8 cannot read tab 7.
    expect(await ask({ url: `${origin}sidepanel.html`, tab: { id: 8 } as never, frameId: 3 })).toMatchObject({ tabId: 8, record: null });
    // The toolbar popup has no tab of its own.
    expect(await ask({ url: `${origin}popup.html` })).toMatchObject({ tabId: 7 });
  });
});
