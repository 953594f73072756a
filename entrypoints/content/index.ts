import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import type { UserSite } from '../../lib/core/domain/user-site';
import { CHANNEL, type FromContentMessage, type ToContentMessage } from '../../lib/core/messages/content';
import { watchLocation } from './navigation';
import { createPanelHost } from './panel-host';
import { detectRecord } from '../../lib/core/sites';
import { CRM_MATCH_PATTERNS } from '../../lib/core/sites/matches';

// Small vanilla TypeScript only: this runs inside the CRM page. React, data
// access and everything else live in the extension's own pages.
export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  runAt: 'document_idle',
  async main(ctx) {
    const ask = (m: FromContentMessage): Promise<unknown> => browser.runtime.sendMessage(m).catch(() => undefined);
    const cfg = ((await ask({ channel: CHANNEL, type: 'content-config' })) ?? {}) as {
      userSites?: UserSite[];
      disabledPlatforms?: string[];
      panelMode?: string;
    };
    const host = createPanelHost({
      doc: document,
      frameUrl: browser.runtime.getURL('/sidepanel.html'),
      loadState: async (platform) =>
        ((await ask({ channel: CHANNEL, type: 'panel-state', platform })) ?? undefined) as { open: boolean; width: number } | undefined,
      saveState: (platform, s) => void ask({ channel: CHANNEL, type: 'panel-state-set', platform, ...s }),
    });

    let last = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    const check = (attempt = 0) => {
      clearTimeout(retry);
      const found = detectRecord(location.href, document, cfg.userSites);
      const record = found && !cfg.disabledPlatforms?.includes(found.platform) ? found : null;
      const key = JSON.stringify([location.href, record]);
      if (key !== last) {
        last = key;
        void ask({ channel: CHANNEL, type: 'record-report', href: location.href, record });
      }
      if (record && cfg.panelMode !== 'native') void host.show(record.platform);
      else host.hide();
      // SPA record pages paint their header after the URL changes; the name
      // and domain it shows are what links an unknown record to an account.
      if (record && !(record.name && record.websiteDomain) && attempt < 4) {
        retry = setTimeout(() => check(attempt + 1), 250 * 2 ** attempt);
      }
    };

    const stop = watchLocation(window, () => check());
    const onMessage = (raw: unknown, sender: { id?: string }) => {
      const m = raw as ToContentMessage;
      if (sender.id !== browser.runtime.id || m?.channel !== CHANNEL) return;
      if (m.type === 'recheck') check();
      else if (m.type === 'toggle-panel') host.toggle();
      else if (m.type === 'open-panel') host.setOpen(true);
      else if (m.type === 'close-panel') host.setOpen(false);
      else if (m.type === 'resize-panel' && typeof m.width === 'number') host.setWidth(m.width);
      else if (m.type === 'toast' && typeof m.text === 'string') host.toast(m.text);
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      stop();
      clearTimeout(retry);
      browser.runtime.onMessage.removeListener(onMessage);
      host.destroy();
    });
    check();
  },
});
