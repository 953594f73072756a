/// <reference types="chrome" />
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DASHBOARD_DAY_ALARM } from '../entrypoints/background/dashboard-day';
import type { ExportBundle } from '../lib/core/model';
import { DIST, launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { dataCall, seedDemo, workerStopper } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
import { CALL_OUT } from './harness/dashboard-figures';
import { keptViews, replaceKeptViews } from './harness/kept-views';

// An update of the extension as Chrome applies one to an unpacked build: the
// new build's files where the old ones were, the extension reloaded, and
// runtime.onInstalled with reason "update". What a person had must come
// through: the portfolio, their settings, and no figure the older build kept
// passing for this build's.

let server: FixtureServer;
let browser: ExtensionBrowser;
// The installed build: a copy, so the update can be written over it.
let installed: string;
let before: ExportBundle;
let funnel: string[];

const CAPACITY_LABEL = 'Accounts in onboarding per CSM';
// A count no demo portfolio has: written into the kept figures, it shows whether a page was given them.
const MARKER = 987_654;

// The part of chrome://extensions' own API its Reload button calls.
interface DeveloperPrivate {
  reload(id: string, options: { failQuietly: boolean }, done: (error?: unknown) => void): void;
  updateProfileConfiguration(update: { inDeveloperMode: boolean }, done: () => void): void;
}

// `run` in a page of the extension, closed after.
async function inExtensionPage<T>(run: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return await run(page);
  } finally {
    await page.close();
  }
}

const kept = () => inExtensionPage(keptViews);

/** The dashboard opened as a person opens it: the funnel's counts once current figures are on screen. */
async function openDashboard(): Promise<{ funnel: string[]; notes: string[] }> {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await page.getByText(CALL_OUT).waitFor({ timeout: 30_000 });
    // Figures kept by an older build may stand in first, marked; the page then shows the current ones.
    const notes = (await page.getByRole('status').allTextContents()).filter((t) => t.includes('figures'));
    await page.locator('[data-figures="current"]').waitFor({ timeout: 30_000 });
    return { funnel: await page.locator('[data-funnel-step] [data-value]').allTextContents(), notes };
  } finally {
    await page.close();
  }
}

// Everything in an export but the moment it was made.
const contents = ({ exportedAt: _at, ...rest }: ExportBundle) => rest;

beforeAll(async () => {
  installed = mkdtempSync(join(tmpdir(), 'seamline-installed-'));
  cpSync(DIST, installed, { recursive: true });
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port, dist: installed });
  expect((await seedDemo(browser)).accounts).toBeGreaterThan(0);
  // A setting of the person's own, saved on the options page.
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const capacity = options.getByLabel(CAPACITY_LABEL);
  await capacity.fill('7');
  await options.getByRole('button', { name: 'Save general settings' }).click();
  await waitFor(
    async () =>
      ((await browser.worker.evaluate(() => chrome.storage.local.get('settings'))) as { settings?: { csmCapacity?: number } }).settings
        ?.csmCapacity === 7,
    { what: 'the capacity saved' },
  );
  await options.close();
  before = await dataCall<ExportBundle>(browser, 'exportAll');
  ({ funnel } = await openDashboard());
  expect(Number(funnel[0])).toBeGreaterThan(0);
  // The background keeps the figures it gave the page, for the next first open.
  await waitFor(async () => (await kept()).some((v) => v.olderBuild === undefined), { timeout: 20_000, what: 'the figures kept' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (installed) rmSync(installed, { recursive: true, force: true });
});

describe('an update of the extension', () => {
  it('before any update, a stopped worker answers the page from the figures it kept (what the update must not let pass)', async () => {
    await inExtensionPage(async (page) => {
      const views = await keptViews(page);
      expect(views.length).toBeGreaterThan(0);
      for (const v of views) v.view.alignment.funnel[0]!.count = MARKER;
      await replaceKeptViews(page, views);
    });
    const blank = await browser.context.newPage();
    await (await workerStopper(browser, blank)).stop();
    await blank.close();
    const shown = await openDashboard();
    expect(shown.funnel[0]).toBe(String(MARKER));
    expect(shown.notes).toEqual([]);
  });

  it('keeps the portfolio and the settings, re-arms the day alarm, and shows figures this build computed', async () => {
    // Chrome may clear alarms on an update: the background arms the next day's again when the dashboard was used today.
    await inExtensionPage((page) => page.evaluate((name) => chrome.alarms.clear(name), DASHBOARD_DAY_ALARM));
    const manifestPath = join(installed, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    const updated = `${manifest.version}.1`;
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: updated }));
    // Reloaded as the Reload button of chrome://extensions reloads an unpacked build: Chrome reads the files again
    // and tells the background it was updated. (runtime.reload leaves a build loaded from the command line unloaded.)
    const extensions = await browser.context.newPage();
    await extensions.goto('chrome://extensions');
    // Chrome disables a reloaded unpacked build unless developer mode is on, as it is for whoever reloads one.
    await extensions.evaluate(
      () =>
        new Promise<void>((resolve) =>
          (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate.updateProfileConfiguration(
            { inDeveloperMode: true },
            resolve,
          ),
        ),
    );
    await extensions.evaluate(
      (id) =>
        new Promise<void>((resolve, reject) =>
          (chrome as unknown as { developerPrivate: DeveloperPrivate }).developerPrivate.reload(id, { failQuietly: false }, (error) =>
            error ? reject(new Error(JSON.stringify(error))) : resolve(),
          ),
        ),
      browser.extensionId,
    );
    await extensions.close();
    await waitFor(async () => (await inExtensionPage((p) => p.evaluate(() => chrome.runtime.getManifest().version))) === updated, {
      timeout: 30_000,
      what: 'the updated build to run',
    });

    // The figures the older build kept are computed again by this one, and none passes for current meanwhile.
    await waitFor(
      async () => {
        const views = await kept();
        return views.length > 0 && views.every((v) => v.olderBuild === undefined && v.view.alignment.funnel[0]!.count !== MARKER);
      },
      { timeout: 30_000, what: 'the kept figures computed again by the updated build' },
    );
    const shown = await openDashboard();
    expect(shown.funnel).toEqual(funnel);
    expect(await inExtensionPage((p) => p.evaluate((name) => chrome.alarms.get(name), DASHBOARD_DAY_ALARM))).toBeTruthy();

    expect(contents(await dataCall<ExportBundle>(browser, 'exportAll'))).toEqual(contents(before));
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect.poll(() => options.getByLabel(CAPACITY_LABEL).inputValue(), { timeout: 20_000 }).toBe('7');
    await options.close();
  });
});
