import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { openPglite, type Db } from '../server/base/db';
import { client, makeToken, startServer } from '../test/server';
import type { RunningServer } from '../server/app';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { fromExtensionPage, openPanelOn, panelFrame, tabIdOf, workerStopper } from './harness/extension';
import { startVirtualDisplay } from './harness/display';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

const CUSTOM_HOST = 'crm.acme-corp.example';
const SF = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
const BACKEND_ONLY = 'Backend-only commitment: SSO live before kickoff';

let fixtures: FixtureServer;
let browser: ExtensionBrowser;
let db: Db;
let backend: RunningServer;
let token: string;
let display: { stop(): void } | null = null;

// chrome.permissions.request shows Chromium's own permission dialog. Headless
// Chromium never shows it and the request stays pending for ever (observed on
// Chromium 156), so these tests run a headed Chromium on a virtual display and
// answer the real dialog with the keyboard, as a person would. Nothing is
// granted ahead of time: the grant can only come from that dialog.
/**
 * Answers the permission dialog opened by the click that preceded this call:
 * the dialog takes keyboard focus with "Deny" as its default button, so Tab
 * moves to "Allow" and Return presses it. Succeeds only once the browser
 * reports the origin as granted.
 */
async function allowPermissionPrompt(origin: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await new Promise((r) => setTimeout(r, 800));
    if ((await grantedOrigins()).includes(origin)) return;
    execFileSync('xdotool', ['key', 'Tab', 'Return']);
    try {
      await waitFor(async () => (await grantedOrigins()).includes(origin), { timeout: 3000, what: `${origin} to be granted` });
      return;
    } catch {
      // The dialog may not have been up yet; look again.
    }
  }
  throw new Error(`the permission dialog for ${origin} was not answered`);
}

beforeAll(async () => {
  fixtures = await startFixtureServer({ [CUSTOM_HOST]: 'salesforce.html' });
  db = await openPglite();
  backend = await startServer(db);
  token = await makeToken(db, 'acme', 'admin', 'Options e2e');
  // Data exists only on the backend, so seeing it in the panel proves the source switched.
  const api = client(backend.url, token);
  const acc = await api.post('/v1/accounts', {
    name: SF.name,
    websiteDomain: SF.websiteDomain,
    segment: 'mid-market',
    arr: 84_000,
    lifecycleStage: 'onboarding',
  });
  expect(acc.status).toBe(201);
  const link = await api.post(`/v1/accounts/${acc.body.id}/links`, {
    platform: SF.platform,
    host: SF.host,
    objectType: SF.objectType,
    kind: SF.kind,
    recordId: SF.recordId,
  });
  expect(link.status, JSON.stringify(link.body)).toBe(200);
  // The same Salesforce org reached through the company's own domain is a separate link (host is part of a record's identity).
  const custom = await api.post(`/v1/accounts/${acc.body.id}/links`, {
    platform: SF.platform,
    host: CUSTOM_HOST,
    objectType: SF.objectType,
    kind: SF.kind,
    recordId: SF.recordId,
  });
  expect(custom.status, JSON.stringify(custom.body)).toBe(200);
  const c = await api.post('/v1/commitments', {
    accountId: acc.body.id,
    text: BACKEND_ONLY,
    kind: 'integration',
    status: 'open',
    roadmapStatus: 'on-roadmap',
    createdBy: 'Ana AE',
  });
  expect(c.status).toBe(201);
  display = await startVirtualDisplay();
  browser = await launchWithExtension({ hosts: fixtures.hosts, port: fixtures.port, headless: false });
});

afterAll(async () => {
  await browser?.close();
  await backend?.close();
  await db?.close();
  await fixtures?.close();
  display?.stop();
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

async function openOptions(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'General' }).waitFor();
  return page;
}

const stored = (keys: string[] | null) => browser.worker.evaluate((k) => chrome.storage.local.get(k), keys) as Promise<Record<string, unknown>>;
const grantedOrigins = () => browser.worker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);

describe('options page in Chromium', () => {
  it('shows a field error for an invalid backend URL and saves nothing', async () => {
    const page = await openOptions();
    const ds = page.getByRole('region', { name: 'Data source' });
    await ds.getByLabel('Team backend').check();
    await ds.getByLabel('Backend URL').fill('http://seamline.acme-corp.example');
    await ds.getByLabel('Access token').fill(token);
    await ds.getByRole('button', { name: 'Save data source' }).click();
    await ds.getByText(/use https:\/\//).waitFor();
    expect(await ds.getByLabel('Backend URL').getAttribute('aria-invalid')).toBe('true');
    expect(await stored(['settings', 'backendToken'])).toEqual({});
    await page.close();
  });

  it('loads the demo portfolio, previews ICP bands over it, exports it, and a checklist edit reaches the panel', async () => {
    const page = await openOptions();
    const io = page.getByRole('region', { name: 'Import & export' });
    await io.getByRole('button', { name: 'Load demo portfolio' }).click();
    await io.getByText(/Demo portfolio loaded: \d+ accounts/).waitFor({ timeout: 30_000 });

    // The preview scores the accounts in the page; reload so it reads the seeded store.
    await page.reload();
    const preview = page.getByTestId('icp-preview');
    await expect.poll(() => preview.innerText(), { timeout: 15_000 }).toMatch(/^Of \d+ accounts: \d+ fit, \d+ fringe, \d+ outside\.$/);
    const counts = (await preview.innerText()).match(/\d+/g)!.map(Number);
    expect(counts[1]! + counts[2]! + counts[3]!).toBe(counts[0]);

    const download = page.waitForEvent('download');
    await io.getByRole('button', { name: 'Export everything (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^seamline-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await streamText(await file.createReadStream()));
    expect(exported.accounts.length).toBe(counts[0]);

    const cl = page.getByRole('region', { name: 'Handoff checklist' });
    const question = cl.getByRole('textbox', { name: 'Question' }).first();
    await question.fill('Why did the client buy this quarter?');
    await cl.getByRole('button', { name: 'Save checklist' }).click();
    await cl.getByText('Checklist saved.').waitFor();
    await page.close();

    const crm = await browser.context.newPage();
    await crm.goto(SF.url);
    await openPanelOn(browser, crm);
    const frame = await panelFrame(crm);
    // The checklist opens on what is missing; the renamed question may be answered already.
    await frame.getByRole('button', { name: 'All', exact: true }).click({ timeout: 20_000 });
    await frame.getByText('Why did the client buy this quarter?').first().waitFor({ timeout: 20_000 });
    await crm.close();
  });

  it('connects to a team backend (permission asked from the click) and the panel shows its data', async () => {
    const page = await openOptions();
    const ds = page.getByRole('region', { name: 'Data source' });
    await ds.getByLabel('Team backend').check();
    await ds.getByLabel('Backend URL').fill(backend.url);
    await ds.getByLabel('Access token').fill(token);

    expect(await grantedOrigins()).not.toContain('http://127.0.0.1/*');
    await ds.getByRole('button', { name: 'Test connection' }).click();
    await allowPermissionPrompt('http://127.0.0.1/*');
    const report = ds.getByTestId('connection-report');
    await report.waitFor({ timeout: 15_000 });
    expect(await report.innerText()).toMatch(/Contract version\s+\d+\.\d+/);
    expect(await report.innerText()).toMatch(/Token\s+accepted/);
    expect(await grantedOrigins()).toContain('http://127.0.0.1/*');

    await ds.getByRole('button', { name: 'Save data source' }).click();
    await ds.getByText(/Using the team backend/).waitFor({ timeout: 15_000 });
    const saved = await stored(['settings', 'backendToken']);
    expect(saved.settings).toMatchObject({ dataSource: { kind: 'backend', url: backend.url } });
    // The token lives in the background's own database: nothing in storage.local (readable by Firefox content scripts) carries it.
    expect(saved.backendToken).toBeUndefined();
    const everything = await stored(null);
    expect(Object.entries(everything).filter(([, v]) => JSON.stringify(v).includes(token))).toEqual([]);
    await page.close();

    const crm = await browser.context.newPage();
    await crm.goto(SF.url);
    await openPanelOn(browser, crm);
    const frame = await panelFrame(crm);
    await frame.getByText(BACKEND_ONLY).first().waitFor({ timeout: 20_000 });
    // The token never reaches the CRM page or the panel frame's DOM.
    expect(await crm.content()).not.toContain(token);
    expect(await frame.content()).not.toContain(token);
    await crm.close();
  });

  it('restores the backend after the service worker restarts', async () => {
    // Stop the worker as Chrome does when it is idle; the CRM page's message starts a new one.
    const page = await openOptions();
    const worker = await workerStopper(browser, page);
    await worker.stop();
    const { states } = worker;
    const stoppedAt = states.lastIndexOf('stopped');

    // A fresh worker knows nothing but storage: the panel's data can only come
    // from the backend if the port was rebuilt from settings and token.
    const crm = await browser.context.newPage();
    await crm.goto(SF.url);
    await openPanelOn(browser, crm);
    const frame = await panelFrame(crm);
    await frame.getByText(BACKEND_ONLY).first().waitFor({ timeout: 20_000 });
    // The CRM page's message woke a new worker instance.
    expect(states.slice(stoppedAt)).toContain('running');
    await crm.close();
    await page.close();
  });

  it('adds a custom Salesforce domain; the panel appears there; removing it unregisters the script', async () => {
    const page = await openOptions();
    const sites = page.getByRole('region', { name: 'Sites' });
    await sites.getByLabel('Host name').fill(CUSTOM_HOST);
    expect(await grantedOrigins()).not.toContain(`https://${CUSTOM_HOST}/*`);
    await sites.getByRole('button', { name: 'Add domain' }).click();
    await allowPermissionPrompt(`https://${CUSTOM_HOST}/*`);
    await sites.getByText(`Added ${CUSTOM_HOST}`, { exact: false }).waitFor({ timeout: 15_000 });
    expect(await grantedOrigins()).toContain(`https://${CUSTOM_HOST}/*`);
    const registered = await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(registered.map((s) => s.matches)).toEqual([[`https://${CUSTOM_HOST}/*`]]);

    const crm = await browser.context.newPage();
    await crm.goto(`https://${CUSTOM_HOST}${new URL(SF.url).pathname}`);
    await waitFor(() => crm.locator('seamline-root').count(), { timeout: 15_000, what: 'the Seamline host on the custom domain' });
    // The content script ran there and its record resolves to the backend account.
    const tabId = await tabIdOf(browser, crm);
    let last: unknown = null;
    const rec = await waitFor(
      async () => {
        const r = await fromExtensionPage<{ record: { platform: string; host: string } | null; resolution: { status: string } | null } | null>(
          browser,
          {
            channel: 'seamline',
            type: 'tab-record',
            tabId,
          },
        );
        last = r;
        return r?.resolution?.status === 'linked' ? r : null;
      },
      { timeout: 15_000, what: 'the custom-domain record to resolve' },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last answer: ${JSON.stringify(last)}`);
    });
    expect(rec.record).toMatchObject({ platform: 'salesforce', host: CUSTOM_HOST });
    expect(rec.resolution).toMatchObject({ status: 'linked' });
    await openPanelOn(browser, crm);
    const frame = await panelFrame(crm);
    await frame.getByText(BACKEND_ONLY).first().waitFor({ timeout: 20_000 });
    await crm.close();

    await sites.getByRole('button', { name: `Remove ${CUSTOM_HOST}` }).click();
    await sites.getByText(/Removed/).waitFor();
    expect(await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
    expect(await grantedOrigins()).not.toContain(`https://${CUSTOM_HOST}/*`);
    await page.close();
  });
});
