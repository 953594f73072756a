import { addDays, addMinutes, startOfDay } from 'date-fns';

export const DASHBOARD_DAY_ALARM = 'seamline-dashboard-day';
// Past midnight by a margin, so the clock the figures are computed with reads the new day.
const AFTER_MIDNIGHT_MINUTES = 1;

export interface DashboardDayApi {
  alarms: {
    create(name: string, info: { when: number }): void | Promise<void>;
    onAlarm: { addListener(listener: (alarm: { name: string }) => void): void };
  };
}

/** When the figures of the day after `now` are computed: just after the local midnight at which its ISO date turns over. */
export function nextDayStart(now: Date): number {
  return addMinutes(startOfDay(addDays(now, 1)), AFTER_MIDNIGHT_MINUTES).getTime();
}

/**
 * Figures kept for the dashboard hold for their day only, so the first open
 * of each day would wait for the whole local store to be read. A day on
 * which someone opens the dashboard sets an alarm for the next one, and the
 * alarm computes that day's figures (`refresh`): once, not every day after,
 * so a person who stops using the dashboard stops paying for it.
 */
export function registerDashboardDay(api: DashboardDayApi, { refresh, now }: { refresh: () => Promise<void>; now: () => Date }) {
  // Registered at once so a woken worker never misses the alarm that woke it.
  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DASHBOARD_DAY_ALARM) void refresh().catch(() => undefined);
  });
  let armedFor = 0;
  return {
    /** A page asked for the dashboard on local data: the next day's first open is made ready. */
    async opened(): Promise<void> {
      const when = nextDayStart(now());
      if (armedFor === when) return;
      armedFor = when;
      // The same alarm made again: one already due then is replaced by itself.
      await api.alarms.create(DASHBOARD_DAY_ALARM, { when });
    },
  };
}
