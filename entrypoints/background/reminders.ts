import { subDays } from 'date-fns';
import { safeParseOf } from '../../lib/core/parse';
import { z } from 'zod';
import { accountCrmUrl } from '../../lib/core/domain/crm-url';
import { IsoDateTimeSchema } from '../../lib/core/domain/primitives';
import {
  dueReminders,
  type Reminder,
  type ReminderAccount,
  type ReminderCommitment,
  type ReminderDigest,
  type ReminderPlan,
} from '../../lib/core/domain/reminders';
import type { Settings } from '../../lib/core/domain/settings';
import type { DataService } from '../../lib/data/service';
import type { SettingsStore } from '../../lib/data/settings-store';
import { CHANNEL } from '../../lib/core/messages/channel';
import type { ToContentMessage } from '../../lib/core/messages/to-content';
import { DASHBOARD_PATH } from './context-menu';
import type { TabRecords } from './tab-records';

export const REMINDER_ALARM = 'seamline-reminders';
// Reminders fall due at the start of a day or when quiet hours end; a quarter
// of an hour late is on time for either, and keeps the worker asleep.
export const REMINDER_PERIOD_MINUTES = 15;
export const REMINDER_STATE_KEY = 'seamlineReminders';
const ICON = '/icon/128.png';
// Notifications shown longer ago than this can no longer come due again (a
// moved due date makes a new id), so their ids need not be kept.
const KEEP_SHOWN_DAYS = 60;
const DIGEST_LINES = 5;

export interface ReminderInputs {
  plans: ReminderPlan[];
  accounts: ReminderAccount[];
  commitments: ReminderCommitment[];
}
/** Everything a run judges: from the local store, or one request to the team backend. */
export type ReadReminderInputs = () => Promise<ReminderInputs>;

// What survives the service worker between runs, in storage.local.
const ShownSchema = z.object({ id: z.string().min(1), accountId: z.string().nullable(), at: IsoDateTimeSchema });
export const ReminderStateSchema = z.object({
  // When the last run that read the data finished; null before the first,
  // and again after reminders are turned off, so turning them back on does
  // not bring back everything that fell due meanwhile.
  lastRun: IsoDateTimeSchema.nullable(),
  // Every notification shown, with the account its click opens.
  shown: z.array(ShownSchema),
});
export type ReminderState = z.infer<typeof ReminderStateSchema>;
const EMPTY_STATE: ReminderState = { lastRun: null, shown: [] };

type NotificationOptions = { type: 'basic'; iconUrl: string; title: string; message: string };

export interface RemindersApi {
  alarms: {
    create(name: string, info: { periodInMinutes: number; delayInMinutes: number }): void | Promise<void>;
    clear(name: string): Promise<boolean>;
    get(name: string): Promise<{ name: string } | undefined>;
    onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
  };
  notifications: {
    create(id: string, options: NotificationOptions): Promise<string>;
    clear(id: string): Promise<boolean>;
    onClicked: { addListener(listener: (id: string) => void): void };
  };
  tabs: { create(details: { url: string }): Promise<{ id?: number }>; sendMessage(tabId: number, message: ToContentMessage): Promise<unknown> };
  runtime: { getURL(path: string): string };
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
}

export type RunOutcome =
  { status: 'off' } | { status: 'quiet'; heldUntil: string } | { status: 'failed'; message: string } | { status: 'ran'; shown: string[] };

function digestNotification(digest: ReminderDigest): NotificationOptions {
  const n = digest.reminders.length;
  const lines = digest.reminders.slice(0, DIGEST_LINES).map((r) => r.title);
  if (n > DIGEST_LINES) lines.push(`and ${n - DIGEST_LINES} more`);
  return { type: 'basic', iconUrl: ICON, title: `Seamline: ${n} reminder${n === 1 ? '' : 's'} for today`, message: lines.join('\n') };
}

/** The one account a digest is about, if it is about only one. */
function digestAccount(reminders: readonly Reminder[]): string | null {
  const ids = new Set(reminders.map((r) => r.accountId));
  return ids.size === 1 ? [...ids][0]! : null;
}

/**
 * Opt-in reminders: while they are on, a periodic alarm runs `dueReminders`
 * over what `readInputs` returns (the local store, or the team backend in one
 * request) and shows a browser notification for each reminder, or one daily
 * digest. Notification ids are the reminders' own, recorded before they are
 * shown, so a reminder is never shown twice. Clicking one opens the account's
 * CRM record, or the dashboard when the account has no record address.
 */
export function registerReminders(
  bg: { service: Pick<DataService, 'getAccountContext'>; tabs: Pick<TabRecords, 'get'>; onTabChanged: Array<(tabId: number) => void> },
  api: RemindersApi,
  {
    settings: store,
    readInputs,
    now = () => new Date(),
  }: { settings: Pick<SettingsStore, 'load' | 'watch'>; readInputs: ReadReminderInputs; now?: () => Date },
) {
  async function loadState(): Promise<ReminderState> {
    const raw = (await api.storage.local.get(REMINDER_STATE_KEY))[REMINDER_STATE_KEY];
    if (raw === undefined) return EMPTY_STATE;
    const parsed = safeParseOf(ReminderStateSchema, raw);
    // Unreadable state is started afresh from today: at worst today's
    // reminders show again, never the whole backlog.
    return parsed.success ? parsed.data : EMPTY_STATE;
  }
  const saveState = (state: ReminderState) => api.storage.local.set({ [REMINDER_STATE_KEY]: state });

  async function sync(settings?: Settings): Promise<void> {
    const s = settings ?? (await store.load()).settings;
    if (s.reminders.enabled) {
      // Creating it again would restart its period on every wake.
      if (!(await api.alarms.get(REMINDER_ALARM)))
        await api.alarms.create(REMINDER_ALARM, { periodInMinutes: REMINDER_PERIOD_MINUTES, delayInMinutes: 1 });
      return;
    }
    await api.alarms.clear(REMINDER_ALARM);
    const state = await loadState();
    if (state.lastRun !== null) await saveState({ ...state, lastRun: null });
  }

  // Runs do not overlap: a second alarm while one reads the backend waits for it.
  let running: Promise<RunOutcome> = Promise.resolve({ status: 'off' });
  function run(): Promise<RunOutcome> {
    running = running.then(runOnce, runOnce);
    return running;
  }

  async function runOnce(): Promise<RunOutcome> {
    const { settings } = await store.load();
    if (!settings.reminders.enabled) {
      await sync(settings);
      return { status: 'off' };
    }
    const at = now();
    const state = await loadState();
    const lastRun = state.lastRun ? new Date(state.lastRun) : null;
    // Inside quiet hours nothing is shown, so nothing is read: no request.
    const quiet = dueReminders([], [], [], settings, at, lastRun);
    if (quiet.heldUntil) {
      await saveState({ ...state, lastRun: at.toISOString() });
      return { status: 'quiet', heldUntil: quiet.heldUntil };
    }

    let inputs: ReminderInputs;
    try {
      inputs = await readInputs();
    } catch (e) {
      // The last run stays where it was, so the next one covers this one.
      return { status: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
    const due = dueReminders(inputs.plans, inputs.accounts, inputs.commitments, settings, at, lastRun);
    const seen = new Set(state.shown.map((s) => s.id));
    const toShow: Array<{ id: string; accountId: string | null; options: NotificationOptions }> = [];
    for (const r of due.reminders) {
      if (!seen.has(r.id))
        toShow.push({ id: r.id, accountId: r.accountId, options: { type: 'basic', iconUrl: ICON, title: r.title, message: r.message } });
    }
    if (due.digest && !seen.has(due.digest.id)) {
      toShow.push({ id: due.digest.id, accountId: digestAccount(due.digest.reminders), options: digestNotification(due.digest) });
    }

    // Recorded before showing: a worker stopped in between loses a
    // notification rather than showing it twice.
    const stamp = at.toISOString();
    const horizon = subDays(at, KEEP_SHOWN_DAYS).toISOString();
    await saveState({
      lastRun: stamp,
      shown: [...state.shown.filter((s) => s.at >= horizon), ...toShow.map((n) => ({ id: n.id, accountId: n.accountId, at: stamp }))],
    });
    for (const n of toShow) {
      await api.notifications.create(n.id, { ...n.options, iconUrl: api.runtime.getURL(ICON) }).catch(() => undefined);
    }
    return { status: 'ran', shown: toShow.map((n) => n.id) };
  }

  async function open(notificationId: string): Promise<string | null> {
    const entry = (await loadState()).shown.find((s) => s.id === notificationId);
    if (!entry) return null;
    await api.notifications.clear(notificationId).catch(() => false);
    let url: string | null = null;
    if (entry.accountId) {
      const context = await bg.service.getAccountContext(entry.accountId).catch(() => null);
      url = context ? accountCrmUrl(context.account.crmRefs) : null;
    }
    const crmUrl = url;
    url ??= api.runtime.getURL(DASHBOARD_PATH);
    const tab = await api.tabs.create({ url });
    if (crmUrl && tab.id !== undefined && (await store.load()).settings.panelMode === 'injected') openPanelOnceReported(tab.id);
    return url;
  }

  // The record opens with its panel: once the new tab's page has reported
  // the record, it is asked to open the panel (the native side panel cannot
  // be opened without a click in the browser's own window, so it is not).
  function openPanelOnceReported(tabId: number) {
    const listener = (changed: number) => {
      if (changed !== tabId) return;
      void bg.tabs.get(tabId).then((record) => {
        if (!record?.record || !bg.onTabChanged.includes(listener)) return;
        bg.onTabChanged.splice(bg.onTabChanged.indexOf(listener), 1);
        void api.tabs.sendMessage(tabId, { channel: CHANNEL, type: 'open-panel' }).catch(() => undefined);
      });
    };
    bg.onTabChanged.push(listener);
  }

  // Registered at once so a woken worker never misses the alarm that woke it.
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM) void run();
  });
  api.notifications.onClicked.addListener((id) => void open(id));
  store.watch((state) => void sync(state.settings).catch(() => undefined));
  void sync().catch(() => undefined);

  return { run, sync, open };
}
