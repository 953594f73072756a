import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { isPanelFrame, openPanelOn, seedDemo, tabIdOf } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

// A site that is not a CRM, framing Seamline's panel page to trick clicks
// (e2e/fixtures/hostile-frame.html frames whatever ?frame= names).
const HOSTILE = 'prize.example.com';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startFixtureServer({ [HOSTILE]: 'hostile-frame.html' });
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedDemo(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const sf = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.host === 'acme.lightning.force.com')!;

async function hostilePageFraming(src: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`https://${HOSTILE}/?frame=${encodeURIComponent(src)}`);
  await page.locator('#bait').waitFor({ state: 'attached' });
  return page;
}

/** What the framed panel page shows once it has settled, or null if the browser refused to load it. */
async function framedPanelText(page: Page): Promise<string | null> {
  const frame = await waitFor(() => page.frames().find((f) => f !== page.mainFrame()), { what: 'the bait frame' });
  await waitFor(() => frame.url() !== 'about:blank' && frame.url() !== '', { what: 'the bait frame to navigate' });
  if (!isPanelFrame(frame)) return null;
  await frame
    .getByText('Not a CRM page')
    .or(frame.getByText('Seamline', { exact: true }))
    .first()
    .waitFor({ timeout: 15_000 });
  return (await frame.locator('body').innerText()).replace(/\s+/g, ' ').trim();
}

describe('the panel framed by a site that is not a CRM', () => {
  it('is not loaded at all from the extension’s fixed address', async () => {
    const page = await hostilePageFraming(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    expect(await framedPanelText(page)).toBeNull();
    await page.close();
  });

  it('shows only "Not a CRM page", with nothing to click, even at the per-session address and with a real page id', async () => {
    // A real CRM tab, so a page id exists that the hostile page could try to reuse.
    const crm = await browser.context.newPage();
    await crm.goto(sf.url);
    const crmTab = await tabIdOf(browser, crm);
    const realPage = await browser.worker.evaluate(async (id) => {
      const held = (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as { page?: string } | undefined;
      return held?.page ?? '';
    }, crmTab);
    expect(realPage).not.toBe('');
    const dynamic = await browser.worker.evaluate(() => chrome.runtime.getURL('/sidepanel.html'));

    for (const src of [dynamic, `${dynamic}#${realPage}`]) {
      const page = await hostilePageFraming(src);
      const frame = page.frames().find(isPanelFrame);
      expect(await framedPanelText(page), src).toBe('Not a CRM page Seamline shows account context only on the CRM pages it runs on.');
      expect(await frame!.getByRole('button').count()).toBe(0);
      expect(await frame!.locator('a, input, select, textarea').count()).toBe(0);
      await page.close();
    }

    // The panel the CRM page itself opens is the real one.
    const own = await openPanelOn(browser, crm);
    await own.getByRole('button', { name: 'Close Seamline panel' }).waitFor({ timeout: 15_000 });
    await own.getByRole('heading', { level: 1, name: sf.name }).waitFor({ timeout: 15_000 });
    expect(await own.getByText('Not a CRM page').count()).toBe(0);
    await crm.close();
  });
});
