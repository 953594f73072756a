import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { waitFor } from './harness/browser';
import { isPanelFrame, openPanelOn, panelFrame, tabIdOf, workerStopper } from './harness/extension';
import { demoBrowserPerFile } from './harness/suite';

// A panel hidden for a while gives up its frame (30 s in the product); the
// test build lets the page's address shorten that, so these tests need not wait.
const RELEASE_MS = 1500;

const suite = demoBrowserPerFile();

const [northwind, globex] = FIXTURE_RECORDS.filter(
  (r) => r.platform === 'salesforce' && r.kind === 'account' && r.host === 'acme.lightning.force.com',
);

// Each page at its own address: the harness finds a tab by its address.
let opened = 0;
const withRelease = (url: string) => `${url}${url.includes('?') ? '&' : '?'}seamline-release-ms=${RELEASE_MS}&n=${++opened}`;

async function collapse(page: Page) {
  const tabId = await tabIdOf(suite.browser, page);
  await suite.browser.worker.evaluate((id) => chrome.tabs.sendMessage(id, { channel: 'seamline', type: 'close-panel' }), tabId);
}

/** Marks the frame's page, so the frame that comes back can be told from the one that went. */
const mark = (frame: Frame) => frame.evaluate(() => ((window as unknown as { seamlineMark: number }).seamlineMark = 1));
const marked = (frame: Frame) => frame.evaluate(() => (window as unknown as { seamlineMark?: number }).seamlineMark === 1);

async function released(page: Page) {
  await waitFor(() => !page.frames().some(isPanelFrame), { timeout: RELEASE_MS + 10_000, what: 'the hidden panel’s frame to be released' });
}

describe('a hidden panel’s frame, released and made again', () => {
  it('comes back showing the same account, with a note typed before the release and not saved', async () => {
    const page = await suite.browser.context.newPage();
    await page.goto(withRelease(northwind!.url));
    let frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    const checklist = frame.getByRole('region', { name: 'Handoff checklist' });
    const add = checklist.getByRole('button', { name: /^Add note: / }).first();
    const item = ((await add.getAttribute('aria-label')) ?? '').replace(/^Add note: /, '');
    await add.click();
    const note = frame.getByRole('textbox', { name: `Note for “${item}”` });
    await note.fill('Call the CFO before kickoff');
    await mark(frame);

    await collapse(page);
    await released(page);

    frame = await openPanelOn(suite.browser, page);
    expect(await marked(frame)).toBe(false);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    const restored = frame.getByRole('textbox', { name: `Note for “${item}”` });
    await restored.waitFor({ timeout: 5_000 });
    expect(await restored.inputValue()).toBe('Call the CFO before kickoff');
    // Nothing was saved: the note is still only a draft.
    await restored.press('Escape');
    await expect
      .poll(
        () =>
          frame
            .getByRole('region', { name: 'Handoff checklist' })
            .getByRole('button', { name: `Add note: ${item}` })
            .count(),
        { timeout: 5_000 },
      )
      .toBe(1);
    await page.close();
  });

  it('still follows single-page navigation after the frame was released and made again', async () => {
    const page = await suite.browser.context.newPage();
    await page.goto(withRelease(northwind!.url));
    let frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    await collapse(page);
    await released(page);
    frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });

    await page.evaluate(
      (name) => [...document.querySelectorAll<HTMLAnchorElement>('a[data-spa]')].find((x) => x.textContent === name)!.click(),
      globex!.name,
    );
    await frame.getByRole('heading', { level: 1, name: globex!.name }).waitFor({ timeout: 10_000 });

    // Released again while on the record reached by navigation: the new frame shows that one.
    await collapse(page);
    await released(page);
    frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: globex!.name }).waitFor({ timeout: 15_000 });
    await page.evaluate(
      (name) => [...document.querySelectorAll<HTMLAnchorElement>('a[data-spa]')].find((x) => x.textContent === name)!.click(),
      northwind!.name,
    );
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('keeps the frame of a panel collapsed only briefly', async () => {
    const page = await suite.browser.context.newPage();
    await page.goto(withRelease(northwind!.url));
    const frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    await mark(frame);
    await collapse(page);
    await page.waitForTimeout(RELEASE_MS / 3);
    const again = await openPanelOn(suite.browser, page);
    await page.waitForTimeout(RELEASE_MS);
    expect(await marked(again)).toBe(true);
    expect(page.frames().filter(isPanelFrame)).toHaveLength(1);
    await page.close();
  });

  it('keeps the frame of the panel hidden last among the site’s tabs, and releases an older one at once', async () => {
    // A delay no test waits for: only the panels shown after it release a hidden one here.
    const withoutDelay = (url: string) => `${url}${url.includes('?') ? '&' : '?'}seamline-release-ms=600000&n=${++opened}`;
    const setShown = (page: Page, shown: boolean) =>
      page.evaluate((on) => {
        if (on) document.documentElement.removeAttribute('data-seamline-test-hidden');
        else document.documentElement.setAttribute('data-seamline-test-hidden', '');
        document.dispatchEvent(new Event('visibilitychange'));
      }, shown);
    const hasFrame = (page: Page) => page.frames().some(isPanelFrame);
    const pages: Page[] = [];
    for (const record of [northwind, globex, northwind, globex]) {
      const page = await suite.browser.context.newPage();
      await page.goto(withoutDelay(record!.url));
      // Switching tabs: the one left is hidden before the panel is opened in the next.
      if (pages.length > 0) await setShown(pages.at(-1)!, false);
      const frame = await openPanelOn(suite.browser, page);
      await frame.getByRole('heading', { level: 1, name: record!.name }).waitFor({ timeout: 15_000 });
      pages.push(page);
    }
    await waitFor(() => !hasFrame(pages[1]!), { timeout: 10_000, what: 'the older hidden panels’ frames to be released' });
    expect(pages.map(hasFrame)).toEqual([false, false, true, true]);

    // Back to the first tab, as a browser switches (the tab chosen is shown
    // before the one left is hidden): its panel is made again and shows its
    // account; the tab left keeps its frame, and the one hidden before goes.
    await setShown(pages[0]!, true);
    await setShown(pages[3]!, false);
    const frame = await panelFrame(pages[0]!);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    await waitFor(() => !hasFrame(pages[2]!), { timeout: 10_000, what: 'the older hidden panel’s frame to be released' });
    expect(pages.map(hasFrame)).toEqual([true, false, false, true]);
    for (const page of pages) await page.close();
  });

  // Last in the file: the worker object the other tests evaluate in goes with the worker.
  it('made again while the service worker is stopped, paints the account from what the background kept, never a record the page has left', async () => {
    const page = await suite.browser.context.newPage();
    // Watches each panel document from its start: the first paint is the one still marked as loading.
    await page.addInitScript(() => {
      if (location.protocol !== 'chrome-extension:') return;
      new MutationObserver((_, observer) => {
        const heading = document.querySelector('main[aria-busy="true"] h1');
        if (!heading) return;
        (window as unknown as { __seamlineFirstPaint?: string | null }).__seamlineFirstPaint = heading.textContent;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const firstPainted = (frame: Frame) =>
      frame.evaluate(() => (window as unknown as { __seamlineFirstPaint?: string | null }).__seamlineFirstPaint ?? null);
    // As switching tabs does (the test build lets the page say so; Playwright shows every tab).
    const setShown = (shown: boolean) =>
      page.evaluate((s) => {
        if (s) document.documentElement.removeAttribute('data-seamline-test-hidden');
        else document.documentElement.setAttribute('data-seamline-test-hidden', '');
        document.dispatchEvent(new Event('visibilitychange'));
      }, shown);
    await page.goto(withRelease(northwind!.url));
    const tabId = await tabIdOf(suite.browser, page);
    let frame = await openPanelOn(suite.browser, page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    const worker = await workerStopper(suite.browser, page);

    // Hidden long enough for its frame to go, and the idle worker stopped meanwhile.
    await setShown(false);
    await released(page);
    await worker.stop();
    await setShown(true);
    frame = await panelFrame(page);
    await frame.getByRole('heading', { level: 1, name: northwind!.name }).waitFor({ timeout: 15_000 });
    expect(await firstPainted(frame)).toBe(northwind!.name);
    // The panel then renders from the worker's own answer: the frame's request started it again.
    await frame.getByRole('region', { name: 'Handoff checklist' }).waitFor({ timeout: 15_000 });

    // Hidden again; meanwhile the page moves to another record by itself (single-page navigation).
    await setShown(false);
    await released(page);
    await page.evaluate(
      (name) => [...document.querySelectorAll<HTMLAnchorElement>('a[data-spa]')].find((x) => x.textContent === name)!.click(),
      globex!.name,
    );
    // The page reports it to the worker (started again by the frame's request above).
    await waitFor(
      async () => {
        const live = suite.browser.context.serviceWorkers().at(-1);
        const held = await live?.evaluate(
          async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { record?: { recordId?: string } },
          tabId,
        );
        return held?.record?.recordId === globex!.recordId;
      },
      { timeout: 10_000, what: 'the background to hold the record the page moved to' },
    );
    await worker.stop();
    await setShown(true);
    frame = await panelFrame(page);
    await frame.getByRole('heading', { level: 1, name: globex!.name }).waitFor({ timeout: 15_000 });
    // Never the account the page left, not even for a frame.
    expect(await firstPainted(frame)).toBe(globex!.name);
    await page.close();
  });
});
