import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser, Runtime } from 'webextension-polyfill';
import type { CrmRecordRef } from '../../lib/core/domain';
import type { ResolveResult } from '../../lib/core/model';
import { BACKGROUND_REQUESTS, type BackgroundRequestType } from '../../lib/core/messages/to-background';
import { DraftStore } from './drafts';
import { FirstPaints } from './first-paints';
import { installPanelHandlers, readPanelStates } from './panel';
import { createRouter, type Handlers } from './router';
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

const contentScript = (tabId: number): Runtime.MessageSender => ({
  id: ID,
  url: 'https://acme.lightning.force.com/x',
  tab: { id: tabId } as never,
  frameId: 0,
});
const panelFrame = (tabId: number): Runtime.MessageSender => ({ id: ID, url: `${ORIGIN}sidepanel.html`, tab: { id: tabId } as never, frameId: 3 });
const popup: Runtime.MessageSender = { id: ID, url: `${ORIGIN}popup.html` };
const optionsInTab: Runtime.MessageSender = { id: ID, url: `${ORIGIN}options.html`, tab: { id: 30 } as never, frameId: 0 };

/** Handlers outside the panel's, recording that they were reached. */
function recordingHandlers(reached: string[]): Handlers {
  const all = {} as Record<BackgroundRequestType, unknown>;
  for (const type of Object.keys(BACKGROUND_REQUESTS) as BackgroundRequestType[]) {
    all[type] = async () => {
      reached.push(type);
      return null;
    };
  }
  return all as Handlers;
}

describe('background router', () => {
  type Resolver = (ref: CrmRecordRef) => Promise<ResolveResult | null>;
  let eager: ReturnType<typeof vi.fn<Resolver>>;
  let full: ReturnType<typeof vi.fn<Resolver>>;
  let changed: number[];
  let reached: string[];
  let sentToTabs: Array<[number, unknown]>;
  let route: ReturnType<typeof createRouter>;

  beforeEach(() => {
    fakeBrowser.reset();
    eager = vi.fn<Resolver>(async () => null);
    full = vi.fn<Resolver>(async () => linked);
    changed = [];
    reached = [];
    sentToTabs = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number, m: unknown) => {
      if (tabId === 404) throw new Error('Could not establish connection. Receiving end does not exist.');
      sentToTabs.push([tabId, m]);
      return undefined;
    });
    const tabs = new TabRecords(api.storage.session, eager, full, () => 1000);
    const panel = installPanelHandlers(api, {
      tabs,
      drafts: new DraftStore(api.storage.session),
      firstPaints: new FirstPaints(api.storage.session),
      localContext: async () => undefined,
      healthWeights: async () => DEFAULT_SETTINGS.healthWeights,
      now: () => new Date(),
      onTabRecordChanged: (t) => changed.push(t),
    });
    route = createRouter({ extensionId: ID, extensionOrigin: ORIGIN, handlers: { ...recordingHandlers(reached), ...panel.handlers } });
  });

  // Each report is the next of its tab's page, as the content script numbers them.
  let seq = 0;
  const report = (record: CrmRecordRef | null, href = 'https://acme.lightning.force.com/x') => ({
    channel: 'seamline',
    type: 'record-report',
    href,
    record,
    page: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    seq: ++seq,
  });

  it('records what a content script reports for its own tab and says the tab changed', async () => {
    await route(report(ref), contentScript(7));
    expect(changed).toEqual([7]);
    const answer = await route({ channel: 'seamline', type: 'tab-record', tabId: 99 }, panelFrame(7));
    // The frame is answered for the tab it lives in, whatever tabId it names.
    expect(answer).toMatchObject({ tabId: 7, record: ref, resolution: linked });
  });

  it('answers a top-level page for the tab it names, and the embedded frame only for its own tab', async () => {
    await route(report(ref), contentScript(7));
    await route(report(null), contentScript(8));
    const ask = (sender: Runtime.MessageSender) => route({ channel: 'seamline', type: 'tab-record', tabId: 7 }, sender);
    // The popup opened as a page in tab 20 asks about tab 7.
    expect(await ask({ id: ID, url: `${ORIGIN}popup.html`, tab: { id: 20 } as never, frameId: 0 })).toMatchObject({ tabId: 7, record: ref });
    // The injected panel frame in tab 8 cannot read tab 7.
    expect(await ask(panelFrame(8))).toMatchObject({ tabId: 8, record: null });
    // The toolbar popup has no tab of its own.
    expect(await ask(popup)).toMatchObject({ tabId: 7 });
  });

  it('defers resolving to a person opening the panel: reports only use the eager (local) resolver', async () => {
    await route(report(ref), contentScript(3));
    expect(eager).toHaveBeenCalledOnce();
    expect(full).not.toHaveBeenCalled();
    await route({ channel: 'seamline', type: 'tab-record', tabId: 3 }, popup);
    expect(full).toHaveBeenCalledOnce();
  });

  it('ignores record reports that do not come from a content script, and refuses malformed ones', async () => {
    expect(await route(report(ref), popup)).toMatchObject({ refused: true, reason: 'forbidden' });
    expect(await route(report(ref), { id: 'other-extension', url: 'https://x/', tab: { id: 1 } as never })).toBeUndefined();
    expect(await route({ ...report(ref), record: { platform: 'salesforce' } }, contentScript(1))).toMatchObject({
      refused: true,
      reason: 'invalid',
      field: expect.stringMatching(/^request\.record/),
    });
    expect(changed).toEqual([]);
  });

  it('gives content scripts no answer to page requests', async () => {
    expect(await route({ channel: 'seamline', type: 'tab-record', tabId: 1 }, contentScript(1))).toBeUndefined();
    expect(await route({ channel: 'seamline', type: 'data', method: 'exportAll', args: [] }, contentScript(1))).toBeUndefined();
    expect(await route({ channel: 'seamline', type: 'settings-get' }, contentScript(1))).toBeUndefined();
    expect(reached).toEqual([]);
  });

  it('keeps privileged requests from the panel frame, which lives inside a web page', async () => {
    for (const type of [
      'settings-get',
      'settings-save',
      'backend-test',
      'backend-token-clear',
      'upload-local',
      'local-summary',
      'sites-sync',
      'open-panel',
      'seed-demo',
    ] as const) {
      expect(await route({ channel: 'seamline', type, settings: {}, url: 'https://evil.example', tabId: 1 }, panelFrame(4))).toMatchObject({
        refused: true,
        reason: 'forbidden',
      });
    }
    expect(reached).toEqual([]);
    // The same requests from a top-level page of ours get through.
    await route({ channel: 'seamline', type: 'settings-get' }, popup);
    await route({ channel: 'seamline', type: 'local-summary' }, optionsInTab);
    expect(reached).toEqual(['settings-get', 'local-summary']);
    // Data calls are for every page of ours, the frame included.
    await route({ channel: 'seamline', type: 'data', method: 'listUnassigned', args: [] }, panelFrame(4));
    expect(reached.at(-1)).toBe('data');
  });

  it('lets only the panel frame close or resize its panel, in its own tab', async () => {
    expect(await route({ channel: 'seamline', type: 'panel-command', command: 'close' }, popup)).toMatchObject({ refused: true });
    expect(await route({ channel: 'seamline', type: 'panel-command', command: 'resize', width: 500 }, panelFrame(6))).toEqual({ ok: true });
    expect(sentToTabs).toEqual([[6, { channel: 'seamline', type: 'resize-panel', width: 500 }]]);
  });

  it('asks a tab to open its panel for the popup, and says when the tab has none', async () => {
    expect(await route({ channel: 'seamline', type: 'open-panel', tabId: 7 }, popup)).toEqual({ ok: true });
    expect(sentToTabs).toEqual([[7, { channel: 'seamline', type: 'open-panel' }]]);
    expect(await route({ channel: 'seamline', type: 'open-panel', tabId: 404 }, popup)).toEqual({ ok: false, reason: 'no-panel-on-tab' });
    expect(await route({ channel: 'seamline', type: 'open-panel' }, popup)).toMatchObject({
      refused: true,
      reason: 'invalid',
      field: 'request.tabId',
    });
  });

  it('ignores what is not ours: other channels, unknown types, other extensions', async () => {
    expect(route({ channel: 'other', type: 'settings-get' }, popup)).toBeUndefined();
    expect(route({ channel: 'seamline', type: 'drop-database' }, popup)).toBeUndefined();
    expect(route('hello', popup)).toBeUndefined();
    expect(route({ channel: 'seamline', type: 'settings-get' }, { id: 'other', url: `${ORIGIN}popup.html` })).toBeUndefined();
  });

  it('does not announce a change when the same record is reported again', async () => {
    await route(report(ref), contentScript(5));
    await route(report(ref), contentScript(5));
    expect(changed).toEqual([5]);
    await route(report(null, 'https://acme.lightning.force.com/lightning/page/home'), contentScript(5));
    expect(changed).toEqual([5, 5]);
  });

  it('keeps the injected panel state per platform for content scripts, refusing what is out of range', async () => {
    const saved = () => readPanelStates(fakeBrowser as unknown as Browser, ['hubspot', 'salesforce']);
    expect(await saved()).toEqual({});
    expect(await route({ channel: 'seamline', type: 'panel-state-set', platform: 'hubspot', open: true, width: 420 }, contentScript(2))).toEqual({
      ok: true,
    });
    expect(await saved()).toEqual({ hubspot: { open: true, width: 420 } });
    // Out-of-range or unknown-platform state is refused, not stored.
    expect(
      await route({ channel: 'seamline', type: 'panel-state-set', platform: 'myspace', open: true, width: 420 }, contentScript(2)),
    ).toMatchObject({
      refused: true,
    });
    expect(
      await route({ channel: 'seamline', type: 'panel-state-set', platform: 'hubspot', open: true, width: 99999 }, contentScript(2)),
    ).toMatchObject({
      refused: true,
    });
    expect(await saved()).toEqual({ hubspot: { open: true, width: 420 } });
  });
});
