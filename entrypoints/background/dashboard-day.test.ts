import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dashboardOfExport, dashboardSettingsOf, dashboardView } from '../../lib/core/domain/dashboard';
import { firstDashboardFilter } from '../../lib/core/domain/dashboard/periods';
import { toIsoDate } from '../../lib/core/domain/dates';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { generateDemoData } from '../../lib/demo/generate';
import { dashboardViewKey } from '../../lib/data/service';
import { startTestBackground } from '../../test/background-kit';
import { freshStore } from '../../test/factories';
import { DASHBOARD_DAY_ALARM, nextDayStart } from './dashboard-day';

afterEach(() => vi.restoreAllMocks());

describe('the first dashboard of a new day', () => {
  it('is just after the next local midnight, whatever the time of day', () => {
    for (const at of [new Date(2026, 2, 9, 0, 0, 30), new Date(2026, 2, 9, 13, 5), new Date(2026, 2, 9, 23, 59, 59)]) {
      const when = new Date(nextDayStart(at));
      expect(toIsoDate(when)).toBe('2026-03-10');
      expect(when.getHours() * 60 + when.getMinutes()).toBe(1);
    }
  });

  it('is computed by the alarm a day of use sets, and the page opened that day gets it without a read of the store', async () => {
    let clock = new Date(2026, 2, 9, 15, 0);
    const port = freshStore();
    const { bundle, arrChanges } = generateDemoData({ seed: 3, accounts: 40, now: clock });
    await port.importAll({ ...bundle, arrChanges }, 'replace');
    const bg = startTestBackground({ port, now: () => clock });
    const settings = dashboardSettingsOf(DEFAULT_SETTINGS);

    // No alarm for someone who has not opened the dashboard.
    expect(await fakeBrowser.alarms.get(DASHBOARD_DAY_ALARM)).toBeUndefined();
    await bg.service.getDashboard(firstDashboardFilter(clock));
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(DASHBOARD_DAY_ALARM)).toMatchObject({ scheduledTime: nextDayStart(clock) }));
    await vi.waitFor(async () => expect(await port.keptDashboardKeys(toIsoDate(clock))).toHaveLength(1));

    clock = new Date(nextDayStart(clock));
    const opensOn = firstDashboardFilter(clock);
    const reads = vi.spyOn(port, 'dashboardDataAt');
    await fakeBrowser.alarms.onAlarm.trigger({ name: DASHBOARD_DAY_ALARM, scheduledTime: clock.getTime() });
    const expected = dashboardView(dashboardOfExport(await port.exportAll(), settings, opensOn, clock));
    await vi.waitFor(async () => expect(await port.keptDashboardView(dashboardViewKey(opensOn, settings), toIsoDate(clock))).toEqual(expected));
    expect(reads).toHaveBeenCalledTimes(1);

    // A worker started that morning answers from the kept figures: its own read of the store never finishes.
    const later = startTestBackground({ port, now: () => clock, woken: true });
    reads.mockImplementation(() => new Promise(() => undefined));
    expect(await later.service.getDashboard(opensOn)).toEqual(expected);
  });
});
