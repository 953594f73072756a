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

describe('the dashboard after an update of the extension', () => {
  it('shows the figures the older build kept, marked, until this build has computed and kept them again', async () => {
    const clock = new Date(2026, 2, 9, 15, 0);
    const day = toIsoDate(clock);
    const port = freshStore({ now: () => clock });
    const { bundle, arrChanges } = generateDemoData({ seed: 3, accounts: 40, now: clock });
    await port.importAll({ ...bundle, arrChanges }, 'replace');
    const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
    const opensOn = firstDashboardFilter(clock);
    const key = dashboardViewKey(opensOn, settings);
    const all = await port.exportAll();
    const expected = dashboardView(dashboardOfExport(all, settings, opensOn, clock));
    // The older build's figures differ from this build's: here, they miss an account.
    const older = dashboardView(dashboardOfExport({ ...all, accounts: all.accounts.slice(1) }, settings, opensOn, clock));
    expect(older).not.toEqual(expected);
    const { revision } = await port.dashboardDataAt(clock);
    expect(await port.keepDashboardView(key, older, revision)).toBe(true);

    const bg = startTestBackground({ port, now: () => clock });
    const read = port.dashboardDataAt.bind(port);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const reads = vi.spyOn(port, 'dashboardDataAt').mockImplementation(async (now) => {
      await held;
      return read(now);
    });

    // A browser update changes no code: the kept figures stay current.
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'browser_update', temporary: false });
    expect(await port.keptDashboardKeys(day)).toEqual([{ key, current: true }]);
    expect(await fakeBrowser.alarms.get(DASHBOARD_DAY_ALARM)).toBeUndefined();

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.9.0', temporary: false });
    await vi.waitFor(() => expect(reads).toHaveBeenCalledTimes(1));
    expect(await port.keptDashboardKeys(day)).toEqual([{ key, current: false }]);
    // A page opened while this build computes: the older figures, marked as the previous version's.
    expect(await bg.service.getEarlierDashboard(opensOn)).toEqual({ view: older, behind: 'update' });

    release();
    await vi.waitFor(async () => expect(await port.keptDashboardKeys(day)).toEqual([{ key, current: true }]));
    expect(await port.keptDashboardView(key, day)).toEqual(expected);
    expect(reads).toHaveBeenCalledTimes(1);
    // The dashboard was used today: tomorrow's figures are made ready again, whatever alarms the update cleared.
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(DASHBOARD_DAY_ALARM)).toMatchObject({ scheduledTime: nextDayStart(clock) }));
  });
});
