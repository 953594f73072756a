import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser, Runtime } from 'webextension-polyfill';
import type { CrmRecordRef } from '../../lib/core/domain';
import type { ResolveResult } from '../../lib/core/model';
import { createRouter } from './router';
import { TabRecords } from './tab-records';

const api = fakeBrowser as unknown as Browser;
const ORIGIN = api.runtime.getURL('/');
const ID = api.runtime.id;

const ref: CrmRecordRef = {
  platform: 'salesforce',
  host: 'acme.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId: '001Dn00000NwLgXIAV',
};
const linked: ResolveResult = { status: 'linked', accountId: 'acc-1', matchedBy: 'record' };

const contentScript = (tabId: number): Runtime.MessageSender => ({ id: ID, url: 'https://acme.lightning.force.com/x', tab: { id: tabId } as never });
const panelFrame = (tabId: number): Runtime.MessageSender => ({ id: ID, url: `${ORIGIN}sidepanel.html`, tab: { id: tabId } as never });
const popup: Runtime.MessageSender = { id: ID, url: `${ORIGIN}popup.html` };

describe('background router', () => {
  type Resolver = (ref: CrmRecordRef) => Promise<ResolveResult | null>;
  let eager: ReturnType<typeof vi.fn<Resolver>>;
  let full: ReturnType<typeof vi.fn<Resolver>>;
  let changed: number[];
  let route: ReturnType<typeof createRouter>;

  beforeEach(() => {
    fakeBrowser.reset();
    eager = vi.fn<Resolver>(async () => null);
    full = vi.fn<Resolver>(async () => linked);
    changed = [];
    const tabs = new TabRecords(api.storage.session, eager, full, () => 1000);
    route = createRouter({ api, tabs, handleData: async () => 'data', onTabRecordChanged: (t) => changed.push(t) });
  });

  const report = (record: CrmRecordRef | null, href = 'https://acme.lightning.force.com/x') => ({
    channel: 'seamline',
    type: 'record-report',
    href,
    record,
  });

  it('records what a content script reports for its own tab and says the tab changed', async () => {
    await route(report(ref), contentScript(7));
    expect(changed).toEqual([7]);
    const answer = await route({ channel: 'seamline', type: 'tab-record', tabId: 99 }, panelFrame(7));
    // The frame is answered for the tab it lives in, whatever tabId it names.
    expect(answer).toMatchObject({ tabId: 7, record: ref, resolution: linked });
  });

  it('defers resolving to a person opening the panel: reports only use the eager (local) resolver', async () => {
    await route(report(ref), contentScript(3));
    expect(eager).toHaveBeenCalledOnce();
    expect(full).not.toHaveBeenCalled();
    await route({ channel: 'seamline', type: 'tab-record', tabId: 3 }, popup);
    expect(full).toHaveBeenCalledOnce();
  });

  it('ignores record reports that do not come from a content script, and malformed ones', async () => {
    expect(await route(report(ref), popup)).toBeUndefined();
    expect(await route(report(ref), { id: 'other-extension', url: 'https://x/', tab: { id: 1 } as never })).toBeUndefined();
    expect(await route({ ...report(ref), record: { platform: 'salesforce' } }, contentScript(1))).toEqual({
      ok: false,
      error: 'invalid record report',
    });
    expect(changed).toEqual([]);
  });

  it('refuses page requests from content scripts', async () => {
    expect(await route({ channel: 'seamline', type: 'tab-record', tabId: 1 }, contentScript(1))).toBeUndefined();
    expect(await route({ channel: 'seamline', type: 'data', method: 'exportAll', args: [] }, contentScript(1))).toBeUndefined();
  });

  it('does not announce a change when the same record is reported again', async () => {
    await route(report(ref), contentScript(5));
    await route(report(ref), contentScript(5));
    expect(changed).toEqual([5]);
    await route(report(null, 'https://acme.lightning.force.com/lightning/page/home'), contentScript(5));
    expect(changed).toEqual([5, 5]);
  });

  it('hands a content script its config and panel state, so it never reads extension storage', async () => {
    await fakeBrowser.storage.local.set({ contentConfig: { disabledPlatforms: ['zendesk'], userSites: [] } });
    expect(await route({ channel: 'seamline', type: 'content-config' }, contentScript(2))).toEqual({ disabledPlatforms: ['zendesk'], userSites: [] });
    expect(await route({ channel: 'seamline', type: 'panel-state', platform: 'hubspot' }, contentScript(2))).toBeNull();
    expect(await route({ channel: 'seamline', type: 'panel-state-set', platform: 'hubspot', open: true, width: 420 }, contentScript(2))).toEqual({
      ok: true,
    });
    expect(await route({ channel: 'seamline', type: 'panel-state', platform: 'hubspot' }, contentScript(2))).toEqual({ open: true, width: 420 });
    // Out-of-range or unknown-platform state is refused, not stored.
    expect(await route({ channel: 'seamline', type: 'panel-state-set', platform: 'myspace', open: true, width: 420 }, contentScript(2))).toEqual({
      ok: false,
    });
    expect(await route({ channel: 'seamline', type: 'panel-state-set', platform: 'hubspot', open: true, width: 99999 }, contentScript(2))).toEqual({
      ok: false,
    });
    // Pages of other extensions get nothing.
    expect(await route({ channel: 'seamline', type: 'content-config' }, { id: 'other', url: 'https://x/', tab: { id: 2 } as never })).toBeUndefined();
  });
});
