import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { lastDays } from '../../lib/core/domain/dashboard';
import { LIVE_PAGE_PORT } from '../../lib/core/live';
import { accountDraft, freshStore } from '../../test/factories';
import { openTestPage, startTestBackground } from '../../test/background-kit';

afterEach(() => vi.restoreAllMocks());

describe('what the open pages keep in the background', () => {
  it('keeps the dashboard’s prepared portfolio while a page is open, and lets it go with the last one', async () => {
    const port = freshStore();
    await port.createAccount(accountDraft());
    const bg = startTestBackground({ port });
    await bg.settings.ready;
    const reads = vi.spyOn(port, 'exportAll');
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

    dashboard.close();
    await bg.service.getDashboard(filter);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
