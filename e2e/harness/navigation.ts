import type { Page } from 'playwright-core';
import { waitFor, type ExtensionBrowser } from './browser';
import { tabIdOf, tabRecord } from './extension';

/**
 * Clicks an in-app link (the fixture navigates by pushState like the real
 * CRM) and returns how long, in ms of wall-clock time, until the background
 * held the new record for that tab.
 */
export async function timeRecordSwitch(browser: ExtensionBrowser, page: Page, linkText: string, expectRecordId: string | null): Promise<number> {
  const tabId = await tabIdOf(browser, page);
  const clickedAt = await clickRecordLink(page, linkText);
  const held = await waitFor(
    async () => {
      const r = await tabRecord(browser, tabId);
      const id = r?.record?.recordId ?? null;
      return id === expectRecordId && r && r.href === page.url() ? r : null;
    },
    { timeout: 5_000, interval: 10, what: `the background to hold ${expectRecordId ?? 'no record'} for the tab` },
  );
  return held.reportedAt - clickedAt;
}

/** Clicks the fixture's in-app link to a record and returns when, in epoch ms on the page's clock. */
export function clickRecordLink(page: Page, linkText: string): Promise<number> {
  return page.evaluate((text) => {
    const a = [...document.querySelectorAll<HTMLAnchorElement>('a[data-spa]')].find((x) => x.textContent === text);
    if (!a) throw new Error(`no link ${text}`);
    const t = Date.now();
    a.click();
    return t;
  }, linkText);
}
