import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURE_RECORDS, FIXTURE_UNRELATED_URL } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { panelFrame, panelVisible, resetPanelState, seedDemo, tabIdOf, tabRecord } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

// Native context menus cannot be clicked from browser automation. The
// background exposes the very function its contextMenus.onClicked listener
// runs (`seamlineMenuClick`), and these tests call it from the service worker
// with the data Chrome would pass: the menu item id, the page's selected text
// (read from the real selection below) and the tab.

const SF = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
const QUOTE = 'Rep promised a two-way SAP connector at no extra cost before go-live';

let server: FixtureServer;
let browser: ExtensionBrowser;
let crm: Page;
let tabId: number;

type MenuResult = { saved: 'flag' | 'commitment' | null; accountId?: string | null; confirmedBy?: string; reason?: string };

/** Puts text in the page as a CRM activity note would show it, selects it, and returns what the browser reports as selected. */
async function selectNote(page: Page, text: string): Promise<string> {
  return page.evaluate((t) => {
    const note = document.createElement('p');
    note.id = 'activity-note';
    note.textContent = t;
    document.body.append(note);
    const range = document.createRange();
    range.selectNodeContents(note);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    return sel.toString();
  }, text);
}

function menuClick(menuItemId: string, selectionText: string, tab: { id: number; url: string; title: string }): Promise<MenuResult> {
  return browser.worker.evaluate(
    ({ menuItemId, selectionText, tab }) =>
      (globalThis as unknown as { seamlineMenuClick: (info: unknown, tab: unknown) => Promise<MenuResult> }).seamlineMenuClick(
        { menuItemId, selectionText, pageUrl: tab.url },
        tab,
      ),
    { menuItemId, selectionText, tab },
  );
}

const badgeText = (id: number) => browser.worker.evaluate((t) => chrome.action.getBadgeText({ tabId: t }), id);

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedDemo(browser);
  await resetPanelState(browser);
  crm = await browser.context.newPage();
  await crm.goto(SF.url);
  tabId = await tabIdOf(browser, crm);
  await waitFor(async () => (await tabRecord(browser, tabId))?.resolution?.status === 'linked', { what: 'the record to resolve to its account' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('popup, context menu and badge in Chromium', () => {
  let popup: Page;

  it('shows the linked account in the popup and opens the panel from it', async () => {
    popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByRole('heading', { name: SF.name }).waitFor({ timeout: 15_000 });
    await expect.poll(() => popup.getByText(/% complete · \d+ of \d+ done/).count()).toBe(1);

    await popup.getByRole('button', { name: 'Open panel' }).click();
    const frame = await panelFrame(crm);
    await expect.poll(() => panelVisible(crm), { timeout: 10_000 }).toBe(true);
    await frame.getByText(SF.name).first().waitFor({ timeout: 15_000 });
  });

  it('flags selected text as a deal risk on the tab’s account; the panel shows it and the badge counts it', async () => {
    const before = Number(await waitFor(() => badgeText(tabId), { what: 'the badge of the record tab' }));
    const selected = await selectNote(crm, QUOTE);
    expect(selected).toBe(QUOTE);

    const result = await menuClick('seamline-flag:integration-gap', selected, { id: tabId, url: crm.url(), title: await crm.title() });
    const linked = (await tabRecord(browser, tabId))?.resolution?.accountId;
    expect(result).toMatchObject({ saved: 'flag', accountId: linked, confirmedBy: 'toast' });

    await crm.bringToFront();
    const frame = await panelFrame(crm);
    await frame.getByText(QUOTE).first().waitFor({ timeout: 15_000 });
    await expect.poll(() => badgeText(tabId), { timeout: 10_000 }).toBe(String(before + 1));
  });

  it('keeps a capture from a page that is not a record as unassigned, and the popup counts it', async () => {
    const mail = await browser.context.newPage();
    await mail.goto(FIXTURE_UNRELATED_URL);
    // Without the "tabs" permission a non-CRM tab's URL is hidden from the
    // extension, so it is found as the tab just opened (the active one).
    const mailTab = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
    expect(mailTab).toBeTypeOf('number');
    const text = await selectNote(mail, 'Customer expects the data migration to be free of charge');
    const result = await menuClick('seamline-commitment', text, { id: mailTab!, url: mail.url(), title: await mail.title() });
    // No content script on this page to show a toast in: a notification says where it went.
    expect(result).toMatchObject({ saved: 'commitment', accountId: null, confirmedBy: 'notification' });
    await mail.close();

    await popup.bringToFront();
    await popup.getByText(/\d+ captures? needs? an account/).waitFor({ timeout: 10_000 });
  });

  it('a tick in the popup shows in the open panel without a reload', async () => {
    await popup.bringToFront();
    const box = popup.getByRole('checkbox', { checked: false }).first();
    const id = await box.getAttribute('id');
    const label = (await popup.locator(`label[for="${id}"]`).textContent())!.trim();
    await box.check();
    await expect.poll(() => popup.getByRole('checkbox', { name: label }).isChecked()).toBe(true);

    const frame = await panelFrame(crm);
    await expect.poll(() => frame.getByRole('checkbox', { name: label }).isChecked(), { timeout: 10_000 }).toBe(true);
  });
});
