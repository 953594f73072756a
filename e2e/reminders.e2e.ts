import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { format, subDays } from 'date-fns';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { dataCall, fromExtensionPage, panelVisible, resetPanelState, seedDemo, tabIdOf, tabRecord } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';

// No automation can fire a browser alarm or click a notification. The test
// build exposes the very functions the alarm and the click run
// (`seamlineReminders`); everything they read and show is the real thing.

const SF = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;

let server: FixtureServer;
let browser: ExtensionBrowser;
let crm: Page;
let tabId: number;
let accountId: string;

type Reminders = { run(): Promise<{ status: string; shown?: string[] }>; open(id: string): Promise<string | null> };
const hook = () => (globalThis as unknown as { seamlineReminders: Reminders }).seamlineReminders;
const runReminders = () => browser.worker.evaluate(`(${hook.toString()})().run()`) as Promise<Awaited<ReturnType<Reminders['run']>>>;
const clickReminder = (id: string) => browser.worker.evaluate(`(${hook.toString()})().open(${JSON.stringify(id)})`) as Promise<string | null>;
const badgeText = () => browser.worker.evaluate((t) => chrome.action.getBadgeText({ tabId: t }), tabId);

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  await seedDemo(browser);
  await resetPanelState(browser);
  // Reminders are opt-in: turned on the way the options page saves them, outside quiet hours whatever the time of the run.
  const snapshot = await fromExtensionPage<{ settings: Record<string, unknown> & { reminders: Record<string, unknown> } }>(browser, {
    channel: 'seamline',
    type: 'settings-get',
  });
  const settings = {
    ...snapshot.settings,
    reminders: {
      ...snapshot.settings.reminders,
      enabled: true,
      quietHours: { enabled: false, start: '20:00', end: '08:00' },
      digest: { enabled: false, time: '08:00' },
    },
  };
  const saved = await fromExtensionPage<{ ok: boolean }>(browser, { channel: 'seamline', type: 'settings-save', settings });
  expect(saved.ok).toBe(true);
  crm = await browser.context.newPage();
  await crm.goto(SF.url);
  tabId = await tabIdOf(browser, crm);
  accountId = await waitFor(async () => {
    const r = (await tabRecord(browser, tabId))?.resolution;
    return r?.status === 'linked' ? r.accountId : null;
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reminders and the badge in Chromium', () => {
  let missedId: string;

  it('counts a missed milestone on the toolbar badge', async () => {
    const before = Number(await waitFor(badgeText, { what: 'the badge' }));
    const milestone = await dataCall<{ id: string; dueDate: string }>(browser, 'createMilestone', {
      accountId,
      title: 'Security review signed off',
      // Due yesterday: missed as of today, the first day reminders look back to.
      dueDate: format(subDays(new Date(), 1), 'yyyy-MM-dd'),
      ownerRole: 'csm',
      status: 'planned',
    });
    missedId = `milestone-missed:${accountId}:${milestone.id}:${milestone.dueDate}`;
    await expect.poll(async () => Number(await badgeText()), { timeout: 10_000 }).toBe(before + 1);
    expect(await browser.worker.evaluate((t) => chrome.action.getTitle({ tabId: t }), tabId)).toMatch(/\d+ missed milestones?/);
  });

  it('shows the reminder when the alarm runs, once, and its click opens the record with the panel', async () => {
    // The alarm itself may have run meanwhile (it is periodic): either way the reminder is showing.
    expect((await runReminders()).status).toBe('ran');
    const notifications = await browser.worker.evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notifications)).toContain(missedId);
    // The next run shows nothing it has shown before.
    expect((await runReminders()).shown ?? []).not.toContain(missedId);

    const opened = browser.context.waitForEvent('page', { timeout: 15_000 });
    expect(await clickReminder(missedId)).toBe(SF.url);
    const page = await opened;
    await page.waitForLoadState();
    expect(page.url()).toBe(SF.url);
    await expect.poll(() => panelVisible(page), { timeout: 15_000 }).toBe(true);
  });
});
