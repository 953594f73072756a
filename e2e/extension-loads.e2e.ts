/// <reference types="chrome" />
// Code passed to evaluate() runs inside the extension, where `chrome` exists.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS, FIXTURE_UNRELATED_URL } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
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

describe('the built extension in Chromium', () => {
  it('loads, with a service worker and the production manifest', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    const manifest = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe('Seamline');
    const patterns = JSON.stringify(manifest.content_scripts);
    expect(patterns).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('runs its content script on the Salesforce record fixture, at its real host name', async () => {
    const sf = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const page = await browser.context.newPage();
    await page.goto(sf.url);
    expect(new URL(page.url()).hostname).toBe(sf.host);
    await waitFor(() => page.locator('seamline-root').count(), { what: 'the Seamline host element' });
    await page.close();
  });

  it('does not run on an unrelated page', async () => {
    const page = await browser.context.newPage();
    await page.goto(FIXTURE_UNRELATED_URL);
    await page.waitForLoadState('load');
    // Give a content script ample time to have run, were it injected.
    await page.waitForTimeout(1000);
    expect(await page.locator('seamline-root').count()).toBe(0);
    await page.close();
  });
});

describe('what the production build carries', () => {
  const bundleText = (dir: string) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');

  it('no test hooks and no demo generator in the service worker, the hooks only in the test build', () => {
    // The popup's `?tab=` override reads the query parameter; minified, the name is any quoted "tab".
    const tabOverride = /\.get\([`"']tab[`"']\)/;
    const production = bundleText('.output/chrome-mv3');
    expect(production.includes('seamlineMenuClick')).toBe(false);
    expect(tabOverride.test(production)).toBe(false);
    // The checks above can fail: the test build has both.
    const testBuild = bundleText('.output-e2e/chrome-mv3');
    expect(testBuild.includes('seamlineMenuClick')).toBe(true);
    expect(tabOverride.test(testBuild)).toBe(true);
    // The hidden panel's release delay and "this tab is not shown" are set by the page only in the test build.
    for (const hook of ['seamline-release-ms', 'data-seamline-test-hidden']) {
      expect(production.includes(hook)).toBe(false);
      expect(testBuild.includes(hook)).toBe(true);
    }
    // Demo accounts are made by the options page on request, never shipped in the worker.
    const worker = readFileSync('.output/chrome-mv3/background.js', 'utf8');
    expect(worker.includes('Northwind Logistics')).toBe(false);
    expect(production.includes('Northwind Logistics')).toBe(true);
  });
});
