import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Runtime } from 'webextension-polyfill';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { ContentConfig } from '../../lib/core/messages/to-background';
import { startTestBackground } from '../../test/background-kit';

const contentScript = (tabId: number): Runtime.MessageSender => ({
  id: fakeBrowser.runtime.id,
  url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
  tab: { id: tabId } as never,
  frameId: 0,
});

beforeEach(() => fakeBrowser.reset());

describe('what a CRM page’s content script reads at start', () => {
  it('carries the injected panel’s last state for each platform, its in-house tools’ included', async () => {
    const bg = startTestBackground();
    const site = {
      type: 'template' as const,
      name: 'Acme Console',
      slug: 'acme-console',
      urlTemplate: 'https://console.acme.example/c/{id}',
      objectType: 'Customer',
      kind: 'account' as const,
    };
    await bg.route(
      { channel: 'seamline', type: 'settings-save', settings: { ...DEFAULT_SETTINGS, userSites: [site] } },
      {
        id: fakeBrowser.runtime.id,
        url: fakeBrowser.runtime.getURL('/options.html'),
      },
    );
    const set = (platform: string, open: boolean, width: number) =>
      bg.route({ channel: 'seamline', type: 'panel-state-set', platform, open, width }, contentScript(3));
    expect(await set('salesforce', true, 520)).toEqual({ ok: true });
    expect(await set('custom:acme-console', false, 300)).toEqual({ ok: true });

    const config = (await bg.route({ channel: 'seamline', type: 'content-config' }, contentScript(4))) as ContentConfig;
    expect(config.panelStates).toEqual({ salesforce: { open: true, width: 520 }, 'custom:acme-console': { open: false, width: 300 } });
  });

  it('leaves out a saved state that no longer reads as one, and answers the rest', async () => {
    const bg = startTestBackground();
    await fakeBrowser.storage.local.set({ 'panel:hubspot': { open: 'yes', width: 5000 }, 'panel:zendesk': { open: false, width: 480 } });
    const config = (await bg.route({ channel: 'seamline', type: 'content-config' }, contentScript(4))) as ContentConfig;
    expect(config.panelStates).toEqual({ zendesk: { open: false, width: 480 } });
    expect(config.panelMode).toBe('injected');
  });
});
