import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser, Runtime } from 'webextension-polyfill';
import type { CrmRecordRef } from '../../lib/core/domain';
import { computeHealth } from '../../lib/core/domain/health';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { AccountContext, ResolveResult } from '../../lib/core/model';
import { isFirstPaintAnswer, keptFirstPaintKey } from '../../lib/core/messages/first-paint-check';
import { handlersWith, senders, TEST_EXTENSION_ID, TEST_ORIGIN } from '../../test/routing';
import { DraftStore } from './drafts';
import { FirstPaints } from './first-paints';
import { installPanelHandlers } from './panel';
import { createRouter } from './router';
import { TabRecords } from './tab-records';

const api = fakeBrowser as unknown as Browser;

const record = (recordId: string): CrmRecordRef => ({
  platform: 'salesforce',
  host: 'acme.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId,
});
const NORTHWIND = record('001Dn00000NwLgXIAV');
const GLOBEX = record('001Dn00000GbXmFIAV');
const PAGE_1 = '7d0c5e1a-2b3c-4d5e-8f90-111111111111';
const PAGE_2 = '7d0c5e1a-2b3c-4d5e-8f90-222222222222';
const linked: ResolveResult = { status: 'linked', accountId: 'acc-1', matchedBy: 'record' };
const NOW = new Date('2026-12-01T12:00:00Z');
const firstPaintDeps = { healthWeights: async () => DEFAULT_SETTINGS.healthWeights, now: () => NOW };

const report = (rec: CrmRecordRef | null, page: string, seq: number) => ({
  channel: 'seamline',
  type: 'record-report',
  href: `https://acme.lightning.force.com/lightning/r/Account/${rec?.recordId ?? 'home'}/view`,
  record: rec,
  page,
  seq,
});

/** A promise settled from outside, to hold one resolution while others run. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every task that is not waiting on something else run to its end. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('the record held for a tab', () => {
  let tabs: TabRecords;
  let changed: number[];
  let route: ReturnType<typeof createRouter>;
  let eager: ReturnType<typeof vi.fn<(ref: CrmRecordRef) => Promise<ResolveResult | null>>>;
  /** What the tab's top page answers to "recheck": its page id, or no receiver at all. */
  let pageInTab: string | null;

  beforeEach(() => {
    fakeBrowser.reset();
    changed = [];
    pageInTab = PAGE_1;
    eager = vi.fn(async () => linked);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => {
      if (pageInTab === null) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { page: pageInTab };
    });
    tabs = new TabRecords(api.storage.session, eager, async () => linked);
    const panel = installPanelHandlers(api, {
      tabs,
      drafts: new DraftStore(api.storage.session),
      firstPaints: new FirstPaints(api.storage.session),
      localContext: async () => undefined,
      ...firstPaintDeps,
      onTabRecordChanged: (t) => changed.push(t),
    });
    route = createRouter({ extensionId: TEST_EXTENSION_ID, extensionOrigin: TEST_ORIGIN, handlers: handlersWith(panel.handlers) });
  });

  const held = async (tabId = 7) => (await tabs.get(tabId))?.record?.recordId ?? null;
  const fromTab = (tabId = 7) => senders.contentScript(tabId);

  it('keeps the newer of two interleaved reports of one page, whichever resolves first', async () => {
    const slow = deferred<ResolveResult | null>();
    eager.mockImplementationOnce(() => slow.promise);
    const first = route(report(NORTHWIND, PAGE_1, 1), fromTab());
    const second = route(report(GLOBEX, PAGE_1, 2), fromTab());
    await vi.waitFor(() => expect(eager).toHaveBeenCalledOnce());
    // Whatever else can run while the first report waits for its account, runs.
    await settle();
    slow.resolve(linked);
    await Promise.all([first, second]);
    expect(await held()).toBe(GLOBEX.recordId);
  });

  it('drops a report older than one already stored for the same page', async () => {
    await route(report(GLOBEX, PAGE_1, 2), fromTab());
    expect(await route(report(NORTHWIND, PAGE_1, 1), fromTab())).toEqual({ ok: false });
    expect(await held()).toBe(GLOBEX.recordId);
    expect(changed).toEqual([7]);
  });

  it('drops a late report of a page the tab has left for another page', async () => {
    pageInTab = PAGE_2;
    await route(report(NORTHWIND, PAGE_1, 1), fromTab());
    await route(report(GLOBEX, PAGE_2, 1), fromTab());
    // The first page's next report was in flight when the tab navigated.
    await route(report(NORTHWIND, PAGE_1, 2), fromTab());
    expect(await held()).toBe(GLOBEX.recordId);
  });

  it('does not re-store the old record when a report still being resolved outlives the navigation', async () => {
    const slow = deferred<ResolveResult | null>();
    eager.mockImplementationOnce(() => slow.promise);
    const inFlight = route(report(NORTHWIND, PAGE_1, 1), fromTab());
    // The tab leaves for a site Seamline does not run on: no page answers.
    pageInTab = null;
    const navigated = fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, { id: 7 } as never);
    await settle();
    slow.resolve(linked);
    await Promise.all([inFlight, navigated]);
    await vi.waitFor(async () => expect(await tabs.get(7)).toBeNull());
    // And a report of that page arriving even later is dropped too.
    await route(report(NORTHWIND, PAGE_1, 2), fromTab());
    expect(await tabs.get(7)).toBeNull();
  });

  it('keeps the record through an in-app navigation, where the same page answers', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), fromTab());
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, { id: 7 } as never);
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'complete' }, { id: 7 } as never);
    expect(await held()).toBe(NORTHWIND.recordId);
    // The page was asked to look again (its own watcher may have missed a pushState).
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(7, { channel: 'seamline', type: 'recheck' }, { frameId: 0 });
    expect(changed).toEqual([7]);
  });

  it('forgets the record once the tab shows a page without Seamline, and says so', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), fromTab());
    pageInTab = null;
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'complete' }, { id: 7 } as never);
    await vi.waitFor(async () => expect(await tabs.get(7)).toBeNull());
    expect(changed).toEqual([7, 7]);
  });

  it('asks nothing of tabs it holds no record for', async () => {
    await fakeBrowser.tabs.onUpdated.trigger(9, { status: 'complete' }, { id: 9 } as never);
    expect(fakeBrowser.tabs.sendMessage).not.toHaveBeenCalled();
  });

  it('forgets a closed tab', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), fromTab());
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 0, isWindowClosing: false });
    await vi.waitFor(async () => expect(await tabs.get(7)).toBeNull());
  });
});

describe('the injected frame proving where it is', () => {
  let route: ReturnType<typeof createRouter>;
  beforeEach(() => {
    fakeBrowser.reset();
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => ({ page: PAGE_1 }));
    const tabs = new TabRecords(
      api.storage.session,
      async () => null,
      async () => linked,
    );
    const panel = installPanelHandlers(api, {
      tabs,
      drafts: new DraftStore(api.storage.session),
      firstPaints: new FirstPaints(api.storage.session),
      localContext: async () => undefined,
      ...firstPaintDeps,
      onTabRecordChanged: () => undefined,
    });
    route = createRouter({ extensionId: TEST_EXTENSION_ID, extensionOrigin: TEST_ORIGIN, handlers: handlersWith(panel.handlers) });
  });
  const check = (page: string, sender: Runtime.MessageSender) => route({ channel: 'seamline', type: 'frame-check', page }, sender);

  it('is a CRM page only for the page id the tab’s own content script reported', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await check(PAGE_1, senders.panelFrame(7))).toMatchObject({ crmPage: true });
    // Framed in another tab (a site that never ran our content script), or with a guessed id.
    expect(await check(PAGE_1, senders.panelFrame(8))).toEqual({ crmPage: false });
    expect(await check(PAGE_2, senders.panelFrame(7))).toEqual({ crmPage: false });
  });

  it('is no longer one after the tab left that page', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    await route(report(null, PAGE_2, 1), senders.contentScript(7));
    expect(await check(PAGE_1, senders.panelFrame(7))).toEqual({ crmPage: false });
  });

  it('is asked only by the framed panel, and refuses an address without a page id', async () => {
    expect(await check(PAGE_1, senders.popup)).toMatchObject({ refused: true, reason: 'forbidden' });
    expect(await check('', senders.panelFrame(7))).toMatchObject({ refused: true, reason: 'invalid', field: 'request.page' });
  });
});

describe('the framed panel’s first answer and its drafts', () => {
  let route: ReturnType<typeof createRouter>;
  let localContext: ReturnType<typeof vi.fn<(accountId: string) => Promise<AccountContext | null | undefined>>>;
  const context = {
    account: { id: 'acc-1', name: 'Northwind <b>Trading</b>' },
    snapshots: [
      { id: 's-1', accountId: 'acc-1', date: '2026-10-01', adoptionPct: 90, nps: 50 },
      { id: 's-2', accountId: 'acc-1', date: '2026-11-20', adoptionPct: 30, nps: -20, escalations: 2 },
    ],
  } as unknown as AccountContext;
  const compose = () => {
    const tabs = new TabRecords(
      api.storage.session,
      async () => linked,
      async () => linked,
    );
    const panel = installPanelHandlers(api, {
      tabs,
      drafts: new DraftStore(api.storage.session),
      firstPaints: new FirstPaints(api.storage.session),
      localContext,
      healthWeights: async () => weights,
      now: () => NOW,
      onTabRecordChanged: () => undefined,
    });
    route = createRouter({ extensionId: TEST_EXTENSION_ID, extensionOrigin: TEST_ORIGIN, handlers: handlersWith(panel.handlers) });
  };
  let weights = DEFAULT_SETTINGS.healthWeights;
  beforeEach(() => {
    fakeBrowser.reset();
    weights = DEFAULT_SETTINGS.healthWeights;
    localContext = vi.fn(async () => context);
    compose();
  });
  const check = (page: string, tabId = 7) => route({ channel: 'seamline', type: 'frame-check', page }, senders.panelFrame(tabId));
  const draft = (page: string, field: string, value: string | null, tabId = 7) =>
    route({ channel: 'seamline', type: 'draft-set', page, field, value }, senders.panelFrame(tabId));

  it('carries the tab’s record and the linked account’s context from the local store', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    // Reporting a page reads no account: only the panel opening does.
    expect(localContext).not.toHaveBeenCalled();
    const answer = await check(PAGE_1);
    expect(answer).toMatchObject({
      crmPage: true,
      tab: { tabId: 7, record: { recordId: NORTHWIND.recordId }, resolution: linked },
      context: { source: 'local', accountId: 'acc-1', value: context },
      drafts: {},
    });
    expect(localContext).toHaveBeenCalledWith('acc-1');
  });

  it('carries the heading and the health score the panel’s health card shows, scored with the person’s weights', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    const scored = computeHealth(context.snapshots, DEFAULT_SETTINGS.healthWeights, NOW);
    expect(scored.status).toBe('known');
    const { firstPaint } = (await check(PAGE_1)) as { firstPaint: unknown };
    expect(firstPaint).toEqual({
      accountName: 'Northwind <b>Trading</b>',
      health: { status: 'known', score: scored.status === 'known' ? scored.score : -1, band: 'watch', asOf: '2026-11-20' },
    });
    // Only product adoption counts: the latest reading's 30% is the score.
    weights = { ...Object.fromEntries(Object.keys(weights).map((k) => [k, 0])), adoption: 1 } as typeof weights;
    expect(await check(PAGE_1)).toMatchObject({ firstPaint: { health: { status: 'known', score: 30 } } });
    localContext.mockResolvedValue({ ...context, snapshots: [] });
    expect(await check(PAGE_1)).toMatchObject({
      firstPaint: { accountName: 'Northwind <b>Trading</b>', health: { status: 'unknown', reason: 'no-data' } },
    });
  });

  it('keeps the first paint it answered with, for a frame made again on the page to paint from, until the page shows another record or the tab closes', async () => {
    const kept = async (page: string) => (await api.storage.session.get(keptFirstPaintKey(page)))[keptFirstPaintKey(page)];
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await kept(PAGE_1)).toBeUndefined();
    const { firstPaint } = (await check(PAGE_1)) as { firstPaint: unknown };
    expect(await kept(PAGE_1)).toEqual({ crmPage: true, firstPaint });
    // The frame checks it as it checks the answer itself.
    expect(isFirstPaintAnswer(await kept(PAGE_1))).toBe(true);

    // An in-app navigation to another record on the same page.
    await route(report(GLOBEX, PAGE_1, 2), senders.contentScript(7));
    expect(await kept(PAGE_1)).toBeUndefined();

    await check(PAGE_1);
    expect(await kept(PAGE_1)).toBeDefined();
    // An answer with nothing to paint (the team backend is the source) leaves nothing kept.
    localContext.mockResolvedValue(undefined);
    await check(PAGE_1);
    expect(await kept(PAGE_1)).toBeUndefined();

    localContext.mockResolvedValue(context);
    await check(PAGE_1);
    expect(await kept(PAGE_1)).toBeDefined();
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 0, isWindowClosing: false });
    await vi.waitFor(async () => expect(await kept(PAGE_1)).toBeUndefined());
  });

  it('leaves the context out when the local store is not the source', async () => {
    localContext.mockResolvedValue(undefined);
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await check(PAGE_1)).toMatchObject({ crmPage: true, context: null, firstPaint: null });
  });

  it('gives a frame made again the text typed in the frame before it, for the same page only', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await draft(PAGE_1, 'checklist-note:acc-1:kickoff', 'Call the CFO')).toEqual({ ok: true });
    expect(await draft(PAGE_1, 'capture:acc-1', 'SSO by Q3')).toEqual({ ok: true });
    expect(await draft(PAGE_1, 'capture:acc-1', null)).toEqual({ ok: true });
    // The service worker was stopped meanwhile: the drafts come back from session storage.
    compose();
    expect(await check(PAGE_1)).toMatchObject({ drafts: { 'checklist-note:acc-1:kickoff': 'Call the CFO' } });
    expect(((await check(PAGE_1)) as { drafts: object }).drafts).not.toHaveProperty('capture:acc-1');
    // Another tab, or the same tab after it loaded another page, has none of them.
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(8));
    expect(await check(PAGE_1, 8)).toMatchObject({ drafts: {} });
    await route(report(GLOBEX, PAGE_2, 1), senders.contentScript(7));
    expect(await check(PAGE_2)).toMatchObject({ drafts: {} });
  });

  it('keeps no text for a page the tab does not show, and forgets a closed tab’s', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await draft(PAGE_2, 'capture:acc-1', 'guessed page')).toEqual({ ok: false });
    await draft(PAGE_1, 'capture:acc-1', 'SSO by Q3');
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 0, isWindowClosing: false });
    await vi.waitFor(async () => expect(await api.storage.session.get('draft:7')).toEqual({}));
  });

  it('refuses a field name that is not a plain key, and drafts from anything but the frame', async () => {
    await route(report(NORTHWIND, PAGE_1, 1), senders.contentScript(7));
    expect(await draft(PAGE_1, '<b>x</b>', 'text')).toMatchObject({ refused: true, reason: 'invalid', field: 'request.field' });
    expect(await route({ channel: 'seamline', type: 'draft-set', page: PAGE_1, field: 'a', value: 'b' }, senders.popup)).toMatchObject({
      refused: true,
      reason: 'forbidden',
    });
  });
});
