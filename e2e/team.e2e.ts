import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../lib/core/domain';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import type { RunningServer } from '../server/app';
import { openPglite, type Db } from '../server/base/db';
import { client, makeToken, startServer } from '../test/server';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { dataCall, fromExtensionPage, openPanelOn, panelFrame, tabIdOf } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

// Team mode end to end: one reference server, two browser profiles (an AE and
// a CSM) pointed at it. Both see the same account context; an edit made in
// one profile is on the server and shows in the other.
const SF = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
const PROMISE = 'Salesforce CPQ sync live before the kickoff';

let fixtures: FixtureServer;
let db: Db;
let backend: RunningServer;
let accountId: string;
let api: ReturnType<typeof client>;
const profiles: ExtensionBrowser[] = [];

async function connectToBackend(browser: ExtensionBrowser, token: string, userName: string) {
  const reply = await fromExtensionPage<{ ok: boolean; errors?: unknown }>(browser, {
    channel: 'seamline',
    type: 'settings-save',
    settings: { ...DEFAULT_SETTINGS, userName, dataSource: { kind: 'backend', url: backend.url } },
    token,
  });
  expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true });
}

async function panelOnRecord(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(SF.url);
  await openPanelOn(browser, page);
  return page;
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  db = await openPglite();
  backend = await startServer(db);
  const admin = await makeToken(db, 'acme', 'admin', 'RevOps');
  api = client(backend.url, admin);
  const acc = await api.post('/v1/accounts', {
    name: SF.name,
    websiteDomain: SF.websiteDomain,
    segment: 'mid-market',
    arr: 120_000,
    lifecycleStage: 'onboarding',
    csm: 'Chris CSM',
  });
  expect(acc.status).toBe(201);
  accountId = acc.body.id;
  const link = await api.post(`/v1/accounts/${accountId}/links`, {
    platform: SF.platform,
    host: SF.host,
    objectType: SF.objectType,
    kind: SF.kind,
    recordId: SF.recordId,
  });
  expect(link.status).toBe(200);
  const c = await api.post('/v1/commitments', {
    accountId,
    text: PROMISE,
    kind: 'integration',
    status: 'open',
    roadmapStatus: 'on-roadmap',
    createdBy: 'Ana AE',
    madeBy: 'Ana AE',
  });
  expect(c.status).toBe(201);

  for (const [who, role] of [
    ['Ana AE', 'member'],
    ['Chris CSM', 'member'],
  ] as const) {
    const browser = await launchWithExtension({ hosts: fixtures.hosts, port: fixtures.port });
    await connectToBackend(browser, await makeToken(db, 'acme', role, who), who);
    profiles.push(browser);
  }
});

afterAll(async () => {
  for (const p of profiles) await p.close();
  await backend?.close();
  await db?.close();
  await fixtures?.close();
});

describe('two people, one team backend', () => {
  it('both profiles show the same account context from the server', async () => {
    for (const browser of profiles) {
      const page = await panelOnRecord(browser);
      const frame = await panelFrame(page);
      await frame.getByText(PROMISE).first().waitFor({ timeout: 20_000 });
      await frame.getByText('Chris CSM').first().waitFor();
      await page.close();
    }
  });

  it('a checklist tick in one profile reaches the server and shows in the other', async () => {
    const [ae, csm] = profiles as [ExtensionBrowser, ExtensionBrowser];
    const aePage = await panelOnRecord(ae);
    const aeBox = (await panelFrame(aePage)).getByRole('checkbox', { name: /why did the client buy now/i });
    await aeBox.waitFor({ timeout: 20_000 });
    expect(await aeBox.isChecked()).toBe(false);
    await aeBox.click();
    await expect
      .poll(async () => (await api.get(`/v1/accounts/${accountId}/context`)).body.handoff.answers['why-buy-now'], { timeout: 15_000 })
      .toMatchObject({
        done: true,
        by: 'Ana AE',
      });

    const csmPage = await panelOnRecord(csm);
    const csmFrame = await panelFrame(csmPage);
    // Ticked, the item is no longer among the missing ones the checklist opens on.
    await csmFrame.getByRole('button', { name: 'All', exact: true }).click({ timeout: 20_000 });
    const csmBox = csmFrame.getByRole('checkbox', { name: /why did the client buy now/i });
    await csmBox.waitFor({ timeout: 20_000 });
    await expect.poll(() => csmBox.isChecked(), { timeout: 15_000 }).toBe(true);
    await aePage.close();
    await csmPage.close();
  });

  it('a tick in the popup reaches the server', async () => {
    const csm = profiles[1]!;
    const crm = await csm.context.newPage();
    await crm.goto(SF.url);
    const tabId = await tabIdOf(csm, crm);
    const popup = await csm.context.newPage();
    await popup.goto(`chrome-extension://${csm.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByRole('heading', { name: SF.name }).waitFor({ timeout: 20_000 });
    const box = popup.getByRole('checkbox', { name: /what closed the deal/i });
    await box.click();
    await expect
      .poll(async () => (await api.get(`/v1/accounts/${accountId}/context`)).body.handoff.answers['what-closed-deal'], { timeout: 15_000 })
      .toMatchObject({
        done: true,
        by: 'Chris CSM',
      });
    await waitFor(() => box.isChecked(), { what: 'the popup to show the tick' });
    await popup.close();
    await crm.close();
  });
});

describe('switching workspace with unsent changes', () => {
  it("asks before switching, keeps the old workspace's changes parked and listed, and never sends them to the new one", async () => {
    const browser = await launchWithExtension({ hosts: fixtures.hosts, port: fixtures.port });
    profiles.push(browser);
    await connectToBackend(browser, await makeToken(db, 'acme', 'member', 'Sam AE'), 'Sam AE');
    const globex = await makeToken(db, 'globex', 'member', 'Gil');
    const TEXT = 'Parked while offline: SSO before renewal';

    // The backend goes away: the write is queued for acme.
    const port = Number(new URL(backend.url).port);
    await backend.close();
    const queued = await dataCall<{ text: string }>(browser, 'createCommitment', {
      accountId,
      text: TEXT,
      kind: 'integration',
      status: 'open',
      roadmapStatus: 'unknown',
      createdBy: 'Sam AE',
    });
    expect(queued.text).toBe(TEXT);

    const settings = { ...DEFAULT_SETTINGS, userName: 'Sam AE', dataSource: { kind: 'backend', url: backend.url } };
    const asked = await fromExtensionPage<{ ok: boolean; pendingSwitch?: { count: number; workspace: string | null } }>(browser, {
      channel: 'seamline',
      type: 'settings-save',
      settings,
      token: globex,
    });
    expect(asked).toMatchObject({ ok: false, pendingSwitch: { workspace: 'acme' } });
    const parked = await fromExtensionPage<{ ok: boolean }>(browser, {
      channel: 'seamline',
      type: 'settings-save',
      settings,
      token: globex,
      pending: 'park',
    });
    expect(parked.ok).toBe(true);
    // Back up only now: acme's queue is parked, and the globex connection must not send it.
    backend = await startServer(db, { port });

    // Listed on the options page, with its text, as changes for acme.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const status = options.getByTestId('connection-status');
    await status.getByText('globex').waitFor({ timeout: 20_000 });
    const list = status.getByRole('region', { name: /Unsent changes for workspace acme/ });
    await list.getByText(TEXT, { exact: false }).waitFor({ timeout: 20_000 });
    await options.close();

    // Connected to globex, nothing of acme's reached either workspace.
    const crm = await panelOnRecord(browser);
    await (
      await panelFrame(crm)
    )
      .getByText(/unsent change kept for another backend or workspace/)
      .first()
      .waitFor({ timeout: 20_000 });
    await crm.close();
    const acme = await api.get(`/v1/accounts/${accountId}/context`);
    expect(JSON.stringify(acme.body)).not.toContain(TEXT);
    const globexExport = await client(backend.url, globex).get('/v1/export');
    expect(JSON.stringify(globexExport.body)).not.toContain(TEXT);
  });
});
