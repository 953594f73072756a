import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { accountDraft } from '../../test/factories';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { RiskCategorySchema } from '../../lib/core/domain/risk-flag';
import { CRM_MATCH_PATTERNS } from '../../lib/core/sites/matches';
import { SF_REF, SF_URL, startTestBackground } from '../../test/background-kit';
import { MENU_COMMITMENT, MENU_DASHBOARD, MENU_FLAG_PREFIX, menuItems, type MenuApi, type MenuCreateProperties } from './context-menu';

function setup({ contentScript = true } = {}) {
  const created: MenuCreateProperties[] = [];
  const removeAll = vi.fn(async () => {
    created.length = 0;
  });
  const sendMessage = vi.fn(async (_tabId: number, _message: unknown) => {
    if (!contentScript) throw new Error('Could not establish connection. Receiving end does not exist.');
    return undefined;
  });
  const notify = vi.fn(async (id: string, _options: unknown) => id);
  const createTab = vi.fn(async (_props: { url: string }) => undefined);
  const api: MenuApi = {
    contextMenus: {
      create: (props, done) => {
        if (created.some((c) => c.id === props.id)) throw new Error(`duplicate id ${props.id}`);
        created.push(props);
        done?.();
      },
      removeAll,
      onClicked: { addListener: () => undefined },
    },
    runtime: fakeBrowser.runtime as unknown as MenuApi['runtime'],
    tabs: { sendMessage, create: createTab },
    notifications: { create: notify },
  };
  const bg = startTestBackground({ menuApi: api });
  const menus = bg.menus;
  return { bg, menus, created, removeAll, sendMessage, notify, createTab };
}

async function linkedAccount(bg: ReturnType<typeof setup>['bg'], tabId = 7) {
  const account = await bg.service.createAccount(accountDraft());
  await bg.service.linkRecord(account.id, SF_REF);
  await bg.tabs.report(tabId, SF_URL, SF_REF);
  return account;
}

const click = (category: string) => ({
  menuItemId: `${MENU_FLAG_PREFIX}${category}`,
  selectionText: 'We will migrate all five years of history for free',
  pageUrl: SF_URL,
});

beforeEach(() => fakeBrowser.reset());

describe('context menu: flag deal risk', () => {
  it('saves a flag on the linked account of the tab, with quote, page and default severity, and confirms in the page', async () => {
    const { bg, menus, sendMessage } = setup();
    const account = await linkedAccount(bg);
    const result = await menus.onClicked(click('free-services'), { id: 7, title: 'Northwind Logistics | Salesforce', url: SF_URL });
    expect(result).toMatchObject({ saved: 'flag', accountId: account.id, confirmedBy: 'toast' });

    const ctx = await bg.service.getAccountContext(account.id);
    expect(ctx?.flags).toHaveLength(1);
    expect(ctx?.flags[0]).toMatchObject({
      category: 'free-services',
      severity: 'high',
      quote: 'We will migrate all five years of history for free',
      url: SF_URL,
      pageTitle: 'Northwind Logistics | Salesforce',
      createdBy: DEFAULT_SETTINGS.userName,
      resolved: false,
    });
    expect(sendMessage).toHaveBeenCalledWith(7, { channel: 'seamline', type: 'toast', text: expect.stringContaining('Northwind Logistics') });
  });

  it('records who flagged it from the stored settings', async () => {
    const { bg, menus } = setup();
    const account = await linkedAccount(bg);
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, userName: 'Dana Reyes' } });
    await menus.onClicked(click('competitor'), { id: 7, url: SF_URL });
    const flag = (await bg.service.getAccountContext(account.id))?.flags[0];
    expect(flag).toMatchObject({ createdBy: 'Dana Reyes', severity: 'medium' });
  });

  it('keeps a capture from a page that is not a linked record as unassigned, and tells the person by notification', async () => {
    const { bg, menus, notify } = setup({ contentScript: false });
    await bg.service.createAccount(accountDraft());
    const mail = 'https://mail.example.com/inbox/123';
    const result = await menus.onClicked({ ...click('integration-gap'), pageUrl: mail }, { id: 9, title: 'Re: SAP connector', url: mail });
    expect(result).toMatchObject({ saved: 'flag', accountId: null, confirmedBy: 'notification' });
    const { flags } = await bg.service.listUnassigned();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ accountId: null, category: 'integration-gap', url: mail, pageTitle: 'Re: SAP connector' });
    expect(notify).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ type: 'basic', message: expect.stringMatching(/Not linked/) }));
  });

  it('does not take a record the tab showed on another site earlier', async () => {
    const { bg, menus } = setup();
    await linkedAccount(bg, 7);
    // The same tab has since gone to webmail, where no content script reports.
    const mail = 'https://mail.example.com/inbox/1';
    const result = await menus.onClicked({ ...click('timeline'), pageUrl: mail }, { id: 7, url: mail });
    expect(result).toMatchObject({ saved: 'flag', accountId: null });
  });

  it('keeps a record that is not linked yet as unassigned', async () => {
    const { bg, menus } = setup();
    await bg.tabs.report(7, SF_URL, SF_REF);
    const result = await menus.onClicked(click('stakeholder'), { id: 7, url: SF_URL });
    expect(result).toMatchObject({ saved: 'flag', accountId: null });
    expect((await bg.service.listUnassigned()).flags).toHaveLength(1);
  });

  it('ignores clicks on items that are not captures, and empty selections', async () => {
    const { bg, menus } = setup();
    expect(await menus.onClicked({ menuItemId: 'seamline', selectionText: 'x' }, { id: 7 })).toMatchObject({ saved: null });
    expect(await menus.onClicked({ ...click('other'), selectionText: '   ' }, { id: 7 })).toMatchObject({ saved: null });
    expect(await bg.service.listUnassigned()).toEqual({ commitments: [], flags: [] });
  });
});

describe('context menu: record as commitment', () => {
  it('saves an open commitment without applying the suggested kind or date', async () => {
    const { bg, menus } = setup();
    const account = await linkedAccount(bg);
    const result = await menus.onClicked(
      { menuItemId: MENU_COMMITMENT, selectionText: 'SAP integration live by Q2', pageUrl: SF_URL },
      { id: 7, title: 'Northwind', url: SF_URL },
    );
    expect(result).toMatchObject({ saved: 'commitment', accountId: account.id });
    const [c] = (await bg.service.getAccountContext(account.id))?.commitments ?? [];
    expect(c).toMatchObject({
      text: 'SAP integration live by Q2',
      kind: 'other',
      status: 'open',
      roadmapStatus: 'unknown',
      sourceUrl: SF_URL,
      sourceQuote: 'SAP integration live by Q2',
    });
    expect(c?.dueDate).toBeUndefined();
  });

  it.each([
    ['a CSM capturing on an account with an AE', { userName: 'Sam Okafor', userRole: 'csm' as const }, 'Dana Reyes', 'Dana Reyes'],
    ['the AE capturing', { userName: 'Lee Chen', userRole: 'ae' as const }, 'Dana Reyes', 'Lee Chen'],
    ['an account with no AE', { userName: 'Sam Okafor', userRole: 'csm' as const }, undefined, 'Sam Okafor'],
  ])('records who made the promise: %s', async (_case, person, ownerAe, madeBy) => {
    const { bg, menus } = setup();
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, ...person } });
    const account = await bg.service.createAccount(accountDraft(ownerAe ? { ownerAe } : {}));
    await bg.service.linkRecord(account.id, SF_REF);
    await bg.tabs.report(7, SF_URL, SF_REF);
    await menus.onClicked({ menuItemId: MENU_COMMITMENT, selectionText: 'SAP integration live by Q2', pageUrl: SF_URL }, { id: 7, url: SF_URL });
    const [c] = (await bg.service.getAccountContext(account.id))?.commitments ?? [];
    expect(c).toMatchObject({ madeBy, createdBy: person.userName });
  });

  it('leaves "made by" open on a capture with no account, unless an AE captured it', async () => {
    for (const [userRole, madeBy] of [
      ['csm', undefined],
      ['ae', 'Lee Chen'],
    ] as const) {
      const { bg, menus } = setup();
      await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, userName: 'Lee Chen', userRole } });
      await menus.onClicked(
        { menuItemId: MENU_COMMITMENT, selectionText: `promise by ${userRole}`, pageUrl: 'https://mail.example.com/' },
        { id: 9 },
      );
      const c = (await bg.service.listUnassigned()).commitments.find((x) => x.text === `promise by ${userRole}`);
      expect(c?.madeBy).toBe(madeBy);
    }
  });
});

describe('context menu: creation', () => {
  it('creates the menu tree on install, on CRM pages only, one flag item per category', async () => {
    const { menus, created, removeAll } = setup();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    await menus.rebuild();
    expect(removeAll).toHaveBeenCalled();
    const flagItems = created.filter((c) => c.id.startsWith(MENU_FLAG_PREFIX));
    expect(flagItems.map((c) => c.id.slice(MENU_FLAG_PREFIX.length)).sort()).toEqual([...RiskCategorySchema.options].sort());
    expect(created.find((c) => c.id === MENU_COMMITMENT)).toMatchObject({
      title: 'Record as commitment',
      parentId: 'seamline',
      contexts: ['selection'],
    });
    // Selection items are for CRM pages; the toolbar button's item is for every page.
    for (const c of created.filter((i) => i.contexts[0] === 'selection')) expect(c.documentUrlPatterns).toEqual(CRM_MATCH_PATTERNS);
    expect(created.find((c) => c.id === MENU_DASHBOARD)?.documentUrlPatterns).toBeUndefined();
  });

  it('is idempotent on startup and follows the "all pages" setting', async () => {
    const { menus, created } = setup();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    await fakeBrowser.runtime.onStartup.trigger();
    await menus.rebuild();
    const count = created.length;
    expect(new Set(created.map((c) => c.id)).size).toBe(count);

    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, contextMenuOnAllPages: true } });
    await menus.rebuild();
    expect(created).toHaveLength(count);
    for (const c of created) expect(c.documentUrlPatterns).toBeUndefined();
  });

  it('counts the person’s own CRM sites as CRM pages', () => {
    const items = menuItems({ contextMenuOnAllPages: false, userSites: [{ type: 'domain', platform: 'salesforce', host: 'crm.acme-corp.example' }] });
    for (const c of items.filter((i) => i.contexts[0] === 'selection')) {
      expect(c.documentUrlPatterns).toContain('https://crm.acme-corp.example/*');
      expect(c.documentUrlPatterns).toEqual(expect.arrayContaining(CRM_MATCH_PATTERNS));
    }
  });
});

describe('context menu: the toolbar button', () => {
  it('offers the alignment dashboard on the toolbar button on every page, and opens it in a tab', async () => {
    const { menus, createTab } = setup();
    const item = menuItems(DEFAULT_SETTINGS).find((i) => i.id === MENU_DASHBOARD);
    expect(item).toEqual({ id: MENU_DASHBOARD, title: 'Open the alignment dashboard', contexts: ['action'] });
    const result = await menus.onClicked({ menuItemId: MENU_DASHBOARD }, { id: 3, url: 'https://example.com/' });
    expect(result).toEqual({ saved: null, opened: 'dashboard' });
    expect(createTab).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL('/dashboard.html') });
  });
});
