import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { openPanelOn, panelFrame, panelVisible, resetPanelState, seedDemo, tabIdOf } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  // As strict as CRMs are: the page's own scripts only. The open panel's code,
  // which the content script imports on first open, must load regardless.
  server = await startFixtureServer({}, { csp: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'" });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port, viewport: { width: 1440, height: 900 } });
  await seedDemo(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The page's own controls (links, buttons, fields) that the panel's box covers. */
async function controlsUnderPanel(page: Page): Promise<string[]> {
  const frame = await panelFrame(page);
  const box = (await (await frame.frameElement()).boundingBox())!;
  return page.evaluate((left) => {
    const controls = [...document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, [role="button"]')];
    return controls
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.right > left + 1;
      })
      .map((el) => `${el.localName} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
  }, box.x);
}

const rootMargin = (page: Page) => page.evaluate(() => document.documentElement.style.marginRight);

/** The count and colour on the collapsed edge tab, read through the devtools protocol (its shadow root is closed to page scripts). */
async function edgeTabCount(page: Page): Promise<{ text: string; style: string } | null> {
  const cdp = await browser.context.newCDPSession(page);
  try {
    type Node = { localName: string; attributes?: string[]; children?: Node[]; shadowRoots?: Node[]; nodeValue?: string; nodeType: number };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const find = (n: Node): Node | null => {
      const attrs = n.attributes ?? [];
      if (n.localName === 'span' && attrs[attrs.indexOf('class') + 1] === 'n' && attrs.includes('class')) return n;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return null;
    };
    const span = find(root);
    if (!span) return null;
    const attrs = span.attributes ?? [];
    const style = attrs.includes('style') ? attrs[attrs.indexOf('style') + 1]! : '';
    return { text: (span.children ?? []).map((c) => c.nodeValue ?? '').join(''), style };
  } finally {
    await cdp.detach();
  }
}

const hex = ([r, g, b]: number[]) => `rgb(${r}, ${g}, ${b})`;

describe('the injected panel beside the CRM page', () => {
  it.each([...new Set(FIXTURE_RECORDS.map((r) => r.platform))])('covers none of the page’s own controls on the %s fixture', async (platform) => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === platform)!;
    const page = await browser.context.newPage();
    await page.goto(record.url);
    // CRM record pages keep their actions (Edit, New, …) at the right end of
    // the record header, where the panel opens: the fixture gets such a row.
    await page.evaluate(() => {
      const row = document.createElement('div');
      row.style.cssText = 'display:flex;justify-content:flex-end;gap:4px';
      for (const label of ['Edit', 'New Contact', 'Delete']) {
        const b = document.createElement('button');
        b.textContent = label;
        row.append(b);
      }
      (document.querySelector('main') ?? document.body).prepend(row);
    });
    // The page's policy is in force: it refuses a script that is not its own.
    const inlineRan = await page.evaluate(() => {
      const probe = document.createElement('script');
      probe.textContent = 'document.documentElement.dataset.inlineRan = "yes"';
      document.head.append(probe);
      return document.documentElement.dataset.inlineRan ?? 'refused';
    });
    expect(inlineRan).toBe('refused');
    await openPanelOn(browser, page);
    await waitFor(() => panelVisible(page), { what: 'the panel to open' });
    await expect.poll(() => controlsUnderPanel(page), { timeout: 5000 }).toEqual([]);
    await page.close();
  });

  it('gives the page its width back when closed, and lies over the page in a window too narrow to share', async () => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce')!;
    const page = await browser.context.newPage();
    await page.goto(record.url);
    const tabId = await tabIdOf(browser, page);
    await openPanelOn(browser, page);
    await expect.poll(() => rootMargin(page), { timeout: 5000 }).toBe('400px');
    await browser.worker.evaluate((id) => chrome.tabs.sendMessage(id, { channel: 'seamline', type: 'close-panel' }), tabId);
    await expect.poll(() => rootMargin(page), { timeout: 5000 }).toBe('');
    await page.setViewportSize({ width: 1000, height: 800 });
    await browser.worker.evaluate((id) => chrome.tabs.sendMessage(id, { channel: 'seamline', type: 'open-panel' }), tabId);
    await waitFor(() => panelVisible(page), { what: 'the panel to reopen' });
    expect(await rootMargin(page)).toBe('');
    // Widening the window makes room again.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => rootMargin(page), { timeout: 5000 }).toBe('400px');
    await page.close();
  });

  it('shows the toolbar badge’s count and colour on the collapsed edge tab', async () => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const page = await browser.context.newPage();
    await page.goto(record.url);
    const tabId = await tabIdOf(browser, page);
    const toolbar = await waitFor(
      () =>
        browser.worker.evaluate(async (id) => {
          const text = await chrome.action.getBadgeText({ tabId: id });
          return text ? { text, color: await chrome.action.getBadgeBackgroundColor({ tabId: id }) } : null;
        }, tabId),
      { timeout: 15_000, what: 'the toolbar badge' },
    );
    await expect.poll(async () => (await edgeTabCount(page))?.text, { timeout: 5000 }).toBe(toolbar.text);
    expect((await edgeTabCount(page))?.style).toContain(hex(toolbar.color));
    await page.close();
  });

  it.each([
    ['dark', '#16181d', true],
    ['light', '#f4f6f9', false],
  ])('follows the CRM page’s own %s look, whatever the system’s', async (_look, background, dark) => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const page = await browser.context.newPage();
    // The system says the opposite of the page, so only following the page passes.
    await page.emulateMedia({ colorScheme: dark ? 'light' : 'dark' });
    await page.goto(record.url);
    await page.evaluate((bg) => {
      document.body.style.background = bg;
    }, background);
    await openPanelOn(browser, page);
    const frame = await panelFrame(page);
    // The panel paints accordingly: a dark surface on a dark page, a light one on a light page.
    // Painted colours come in any CSS syntax (oklch for the panel's palette): a canvas turns them into pixels.
    const luminance = () =>
      frame.evaluate(() => {
        const root = document.querySelector('main')?.parentElement;
        if (!root) return null;
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.fillStyle = getComputedStyle(root).backgroundColor;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
      });
    await expect.poll(luminance, { timeout: 15_000 }).not.toBeNull();
    const painted = (await luminance())!;
    expect(dark ? painted < 0.4 : painted > 0.6).toBe(true);
    await page.close();
  });
});
