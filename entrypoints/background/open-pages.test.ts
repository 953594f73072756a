import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { lastDays } from '../../lib/core/domain/dashboard';
import { LIVE_PAGE_PORT } from '../../lib/core/live';
import { accountDraft, freshStore } from '../../test/factories';
import { openTestPage, startTestBackground } from '../../test/background-kit';
import { RELEASE_CACHES_AFTER_MS } from './compose';

afterEach(() => vi.restoreAllMocks());

describe('what the open pages keep in the background', () => {
  it('keeps the dashboard’s prepared portfolio while a page is open, and lets it go a while after the last one', async () => {
    const port = freshStore();
    await port.createAccount(accountDraft());
    const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
    const bg = startTestBackground({
      port,
      cacheTimers: {
        setTimeout: (fn, ms) => timers.push({ fn, ms, cleared: false }) - 1,
        clearTimeout: (h) => void (timers[h as number]!.cleared = true),
      },
    });
    await bg.settings.ready;
    // The local store's dashboard read: what a first open costs.
    const reads = vi.spyOn(port, 'dashboardDataAt');
    const filter = lastDays(new Date(), 90);

    const dashboard = openTestPage(LIVE_PAGE_PORT, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/dashboard.html') });
    const popup = openTestPage(LIVE_PAGE_PORT);
    await bg.service.getDashboard(filter);
    await bg.service.getDashboard(lastDays(new Date(), 30));
    expect(reads).toHaveBeenCalledTimes(1);

    // Another page closing leaves the dashboard its portfolio.
    popup.close();
    await bg.service.getDashboard(filter);
    expect(reads).toHaveBeenCalledTimes(1);

    // Closed and opened again within the delay: the portfolio stays.
    dashboard.close();
    const again = openTestPage(LIVE_PAGE_PORT, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/dashboard.html') });
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ ms: RELEASE_CACHES_AFTER_MS, cleared: true });
    await bg.service.getDashboard(filter);
    expect(reads).toHaveBeenCalledTimes(1);

    // Closed for good: once the delay has passed, the next open reads the store again.
    again.close();
    await bg.service.getDashboard(filter);
    expect(reads).toHaveBeenCalledTimes(1);
    timers[1]!.fn();
    // Answered from the figures kept in the store, then read again once the page has had time to paint (READ_AHEAD_AFTER_MS).
    await bg.service.getDashboard(filter);
    await vi.waitFor(() => expect(reads).toHaveBeenCalledTimes(2), { timeout: 5_000 });
  });
});
