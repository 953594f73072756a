import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { fromExtensionPage } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

let server: FixtureServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first run', () => {
  it('opens the first-run page on install, and what is saved there is who captures', async () => {
    const welcome = await waitFor<Page | undefined>(() => browser.context.pages().find((p) => p.url().endsWith('/welcome.html')), {
      timeout: 15_000,
      what: 'the first-run page',
    });
    await welcome.getByLabel('Your name').fill('Sam Okafor', { timeout: 15_000 });
    await welcome.getByRole('radio', { name: /Customer success manager/ }).check();
    await welcome.getByRole('button', { name: 'Save and start' }).click();
    await welcome.getByText(/^Saved\. Open a CRM record/).waitFor({ timeout: 10_000 });
    const snap = await fromExtensionPage<{ ok: boolean; value?: { settings: { userName: string; userRole: string } } }>(browser, {
      channel: 'seamline',
      type: 'settings-get',
    });
    expect(JSON.stringify(snap)).toContain('"userName":"Sam Okafor"');
    expect(JSON.stringify(snap)).toContain('"userRole":"csm"');
    await welcome.close();
  });
});
