import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { ReminderSettings } from '../../lib/core/domain/reminders';
import { createSettingsStore } from '../../lib/data/settings-store';
import { accountDraft } from '../../test/factories';
import { SF_REF, SF_URL, startTestBackground } from '../../test/background-kit';
import { DASHBOARD_PATH } from './context-menu';
import { REMINDER_ALARM, REMINDER_PERIOD_MINUTES, REMINDER_STATE_KEY, type ReminderInputs } from './reminders';

// Tuesday 10 March 2026, local time; default quiet hours are 20:00–08:00.
let clock = new Date(2026, 2, 10, 12, 0);

const ON: ReminderSettings = { ...DEFAULT_SETTINGS.reminders, enabled: true };

async function saveReminders(reminders: ReminderSettings) {
  const r = await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, reminders });
  expect(r.ok).toBe(true);
}

function inputs(accountId = 'acc-1', over: Partial<ReminderInputs> = {}): ReminderInputs {
  return {
    plans: [
      {
        accountId,
        milestones: [
          { id: 'first-value', title: 'First value achieved', status: 'planned', dueDate: '2026-03-11' },
          { id: 'success-review-30', title: '30-day success review', status: 'planned', dueDate: '2026-04-01' },
        ],
      },
    ],
    accounts: [{ id: accountId, name: 'Northwind Logistics', segment: 'mid-market', closedWonDate: '2026-02-02', kickoffDate: '2026-02-05' }],
    commitments: [],
    ...over,
  };
}

async function setup(read: () => Promise<ReminderInputs> = async () => inputs()) {
  const readInputs = vi.fn(read);
  const bg = startTestBackground({ reminderInputs: readInputs, now: () => clock });
  const tabsCreate = vi.spyOn(fakeBrowser.tabs, 'create');
  return { bg, reminders: bg.reminders!, readInputs, tabsCreate };
}

const shown = async () => Object.keys(await fakeBrowser.notifications.getAll());

beforeEach(() => {
  fakeBrowser.reset();
  clock = new Date(2026, 2, 10, 12, 0);
});

describe('reminders', () => {
  it('are off until turned on: no alarm, no read, no notification', async () => {
    const { reminders, readInputs } = await setup();
    await reminders.sync();
    expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toBeUndefined();
    expect(await reminders.run()).toEqual({ status: 'off' });
    expect(readInputs).not.toHaveBeenCalled();
    expect(await shown()).toEqual([]);
  });

  it('turning them on sets the periodic alarm, turning them off clears it', async () => {
    await setup();
    await saveReminders(ON);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toMatchObject({ periodInMinutes: REMINDER_PERIOD_MINUTES }));
    await saveReminders({ ...ON, enabled: false });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(REMINDER_ALARM)).toBeUndefined());
  });

  it('shows what is due when the alarm fires, reading the data once, and never shows the same reminder twice', async () => {
    const { reminders, readInputs } = await setup();
    await saveReminders(ON);
    await fakeBrowser.alarms.onAlarm.trigger({ name: REMINDER_ALARM, scheduledTime: clock.getTime() });
    await vi.waitFor(async () => expect(await shown()).toEqual(['milestone-due-tomorrow:acc-1:first-value:2026-03-11']));
    expect(readInputs).toHaveBeenCalledTimes(1);
    const n = (await fakeBrowser.notifications.getAll())['milestone-due-tomorrow:acc-1:first-value:2026-03-11']!;
    expect(n).toMatchObject({ type: 'basic', title: 'Due tomorrow: First value achieved' });
    expect(n.message).toContain('Northwind Logistics');

    await fakeBrowser.notifications.clear('milestone-due-tomorrow:acc-1:first-value:2026-03-11');
    clock = new Date(2026, 2, 10, 12, 15);
    expect(await reminders.run()).toEqual({ status: 'ran', shown: [] });
    // Even a run that forgets when the last one was (state from before a restart) does not repeat it.
    const state = (await fakeBrowser.storage.local.get(REMINDER_STATE_KEY))[REMINDER_STATE_KEY] as { lastRun: string | null };
    await fakeBrowser.storage.local.set({ [REMINDER_STATE_KEY]: { ...state, lastRun: null } });
    expect(await reminders.run()).toEqual({ status: 'ran', shown: [] });
    expect(await shown()).toEqual([]);
    expect(readInputs).toHaveBeenCalledTimes(3);
  });

  it('reads nothing during quiet hours and shows what is owed when they end', async () => {
    clock = new Date(2026, 2, 10, 6, 30);
    const { reminders, readInputs } = await setup();
    await saveReminders(ON);
    expect(await reminders.run()).toMatchObject({ status: 'quiet' });
    expect(readInputs).not.toHaveBeenCalled();
    expect(await shown()).toEqual([]);

    clock = new Date(2026, 2, 10, 8, 5);
    expect(await reminders.run()).toEqual({ status: 'ran', shown: ['milestone-due-tomorrow:acc-1:first-value:2026-03-11'] });
    expect(readInputs).toHaveBeenCalledTimes(1);
  });

  it('gathers everything into one digest a day when asked to', async () => {
    clock = new Date(2026, 2, 10, 8, 40);
    const commitment = { id: 'com-1', accountId: 'acc-1', text: 'Send the SSO guide', status: 'open' as const, dueDate: '2026-03-12' };
    const { reminders } = await setup(async () => inputs('acc-1', { commitments: [commitment] }));
    await saveReminders({ ...ON, digest: { enabled: true, time: '08:30' } });
    expect(await reminders.run()).toEqual({ status: 'ran', shown: ['digest:2026-03-10'] });
    const digest = (await fakeBrowser.notifications.getAll())['digest:2026-03-10']!;
    expect(digest.title).toBe('Seamline: 2 reminders for today');
    expect(digest.message.split('\n')).toEqual(['Due tomorrow: First value achieved', 'Commitment due 2026-03-12']);
    clock = new Date(2026, 2, 10, 9, 0);
    expect(await reminders.run()).toEqual({ status: 'ran', shown: [] });
  });

  it('keeps the last run where it was when the data cannot be read, so the next run catches up', async () => {
    let fail = true;
    const { reminders } = await setup(async () => {
      if (fail) throw new Error('backend unreachable');
      return inputs();
    });
    await saveReminders(ON);
    expect(await reminders.run()).toEqual({ status: 'failed', message: 'backend unreachable' });
    fail = false;
    clock = new Date(2026, 2, 10, 12, 15);
    expect(await reminders.run()).toEqual({ status: 'ran', shown: ['milestone-due-tomorrow:acc-1:first-value:2026-03-11'] });
  });

  it('starts afresh from unreadable stored state instead of failing', async () => {
    const { reminders } = await setup();
    await saveReminders(ON);
    await fakeBrowser.storage.local.set({ [REMINDER_STATE_KEY]: { lastRun: 'yesterday', shown: 'all' } });
    expect(await reminders.run()).toEqual({ status: 'ran', shown: ['milestone-due-tomorrow:acc-1:first-value:2026-03-11'] });
  });

  it('a click opens the account’s CRM record, or the dashboard when it has no record address', async () => {
    let ids: { linked: string; unlinked: string } = { linked: '', unlinked: '' };
    const { bg, reminders, tabsCreate } = await setup(async () => {
      const a = inputs(ids.linked);
      const b = inputs(ids.unlinked);
      return { plans: [...a.plans, ...b.plans], accounts: [...a.accounts, ...b.accounts], commitments: [] };
    });
    await saveReminders(ON);
    const linked = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(linked.id, SF_REF);
    const unlinked = await bg.service.createAccount(accountDraft({ name: 'Globex', websiteDomain: 'globex.example' }));
    ids = { linked: linked.id, unlinked: unlinked.id };
    await reminders.run();

    await fakeBrowser.notifications.onClicked.trigger(`milestone-due-tomorrow:${linked.id}:first-value:2026-03-11`);
    await vi.waitFor(() => expect(tabsCreate).toHaveBeenCalledWith({ url: SF_URL }));
    expect(await shown()).toEqual([`milestone-due-tomorrow:${unlinked.id}:first-value:2026-03-11`]);

    expect(await reminders.open(`milestone-due-tomorrow:${unlinked.id}:first-value:2026-03-11`)).toBe(fakeBrowser.runtime.getURL(DASHBOARD_PATH));
    expect(tabsCreate).toHaveBeenLastCalledWith({ url: fakeBrowser.runtime.getURL(DASHBOARD_PATH) });
    // A notification that is not a reminder (a capture confirmation) is not ours to open.
    expect(await reminders.open('seamline-capture-1')).toBeNull();
  });

  it('opens the record with its panel once the new tab has reported it', async () => {
    let accountId = '';
    const { bg, reminders, tabsCreate } = await setup(async () => inputs(accountId));
    await saveReminders(ON);
    const account = await bg.service.createAccount(accountDraft());
    await bg.service.linkRecord(account.id, SF_REF);
    accountId = account.id;
    await reminders.run();
    tabsCreate.mockResolvedValue({ id: 42 } as never);
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);

    await reminders.open(`milestone-due-tomorrow:${account.id}:first-value:2026-03-11`);
    const panelOpens = () => sendMessage.mock.calls.filter(([, m]) => (m as { type: string }).type === 'open-panel');
    expect(panelOpens()).toEqual([]);
    await bg.tabs.report(42, SF_URL, SF_REF);
    for (const l of [...bg.onTabChanged]) l(42);
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledWith(42, { channel: 'seamline', type: 'open-panel' }));
    // Once: later changes in that tab (another record) leave the panel to the person.
    for (const l of [...bg.onTabChanged]) l(42);
    await new Promise((r) => setTimeout(r, 20));
    expect(panelOpens()).toHaveLength(1);
  });
});
