import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { startVirtualDisplay } from './harness/display';
import { DEFAULT_SETTINGS } from '../lib/core/domain';
import { fromExtensionPage, panelFrame, panelVisible, resetPanelState, tabIdOf } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

// Extension shortcuts are handled by the browser window's own keyboard
// handling, which synthetic page key events never reach: this test presses
// the keys through the (virtual) display server, as a person's keyboard does.
let server: FixtureServer;
let browser: ExtensionBrowser;
let display: { stop(): void };

beforeAll(async () => {
  display = await startVirtualDisplay();
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port, headless: false });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  display?.stop();
});

const press = (keys: string) => execFileSync('xdotool', ['key', '--clearmodifiers', keys]);

describe('the keyboard shortcut', () => {
  it('Alt+Shift+S opens and closes the panel on a CRM record page', async () => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(record.url);
    await tabIdOf(browser, page);
    await page.bringToFront();
    await page.locator('main').click();
    expect(await panelVisible(page)).toBe(false);
    press('alt+shift+s');
    await waitFor(() => panelVisible(page), { what: 'the panel to open from Alt+Shift+S' });
    await page.locator('main').click();
    press('alt+shift+s');
    await waitFor(async () => !(await panelVisible(page)), { what: 'the panel to close from Alt+Shift+S' });
  });

  it('gives the opened panel the keyboard: its own keys work without a click inside it', async () => {
    await resetPanelState(browser);
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${record.url}?keys=1`);
    await tabIdOf(browser, page);
    await page.bringToFront();
    await page.locator('main').click();
    press('alt+shift+s');
    const frame = await panelFrame(page);
    await frame.getByRole('button', { name: 'Keyboard shortcuts' }).waitFor({ timeout: 15_000 });
    // "?" lists the panel's keys: typed on the keyboard, it reaches the panel only if the panel has the focus.
    press('shift+slash');
    await frame.getByRole('dialog', { name: /keyboard shortcuts/i }).waitFor({ timeout: 5_000 });
    press('Escape');
    await page.locator('main').click();
    press('alt+shift+s');
    await waitFor(async () => !(await panelVisible(page)), { what: 'the panel to close from Alt+Shift+S' });
  });

  it('in native mode opens the browser’s own side panel, and injects nothing into the page', async () => {
    const reply = await fromExtensionPage<{ ok: boolean }>(browser, {
      channel: 'seamline',
      type: 'settings-save',
      settings: { ...DEFAULT_SETTINGS, panelMode: 'native' },
    });
    expect(reply).toMatchObject({ ok: true });
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'hubspot' && r.kind === 'account')!;
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(record.url);
    await tabIdOf(browser, page);
    await page.waitForTimeout(300);
    expect(await page.locator('seamline-root').count()).toBe(0);
    await page.bringToFront();
    await page.locator('main').click();
    press('alt+shift+s');
    // The side panel is an extension context of its own, not a frame of the CRM page.
    const contexts = await waitFor(
      async () => {
        const found = await browser.worker.evaluate(() => chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] }));
        // A panel still starting has no document URL yet.
        return found.length && found.every((c) => c.documentUrl) ? found : null;
      },
      { timeout: 10_000, what: 'the native side panel' },
    );
    expect(contexts.map((c) => new URL(c.documentUrl!).pathname)).toEqual(['/sidepanel.html']);
    expect(page.frames().some((f) => f.url().includes('sidepanel.html'))).toBe(false);
  });
});
