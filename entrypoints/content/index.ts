import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import type { BackgroundRequest, BackgroundRequestType, ContentConfig, PanelState } from '../../lib/core/messages/to-background';
import { isContentConfig, isPanelState, isToContentMessage } from '../../lib/core/messages/to-content-check';
import { detectRecord } from '../../lib/core/sites';
import { CRM_MATCH_PATTERNS } from '../../lib/core/sites/matches';
import { watchLocation } from './navigation';
import { createPanelHost } from './panel-host';

// Small vanilla TypeScript only: this runs inside the CRM page. React, data
// access and everything else live in the extension's own pages. Requests are
// typed by the message contract (types only: no zod in this bundle) and
// replies are checked by hand with checks a test holds to the contract.
const ask = <K extends BackgroundRequestType>(m: BackgroundRequest<K>): Promise<unknown> => browser.runtime.sendMessage(m).catch(() => undefined);

const NO_CONFIG: ContentConfig = { userSites: [], disabledPlatforms: [], panelMode: 'injected' };

export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  runAt: 'document_idle',
  async main(ctx) {
    const rawConfig = await ask<'content-config'>({ channel: CHANNEL, type: 'content-config' });
    const cfg = isContentConfig(rawConfig) ? rawConfig : NO_CONFIG;
    const host = createPanelHost({
      doc: document,
      frameUrl: browser.runtime.getURL('/sidepanel.html'),
      loadState: async (platform): Promise<PanelState | undefined> => {
        const saved = await ask<'panel-state'>({ channel: CHANNEL, type: 'panel-state', platform });
        return isPanelState(saved) ? saved : undefined;
      },
      saveState: (platform, s) => void ask<'panel-state-set'>({ channel: CHANNEL, type: 'panel-state-set', platform, ...s }),
    });

    let last = '';
    let retry: ReturnType<typeof setTimeout> | undefined;
    const check = (attempt = 0) => {
      clearTimeout(retry);
      const found = detectRecord(location.href, document, cfg.userSites);
      const record = found && !cfg.disabledPlatforms.includes(found.platform) ? found : null;
      const key = JSON.stringify([location.href, record]);
      if (key !== last) {
        last = key;
        void ask<'record-report'>({ channel: CHANNEL, type: 'record-report', href: location.href, record });
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
      if (sender.id !== browser.runtime.id || !isToContentMessage(raw)) return;
      if (raw.type === 'recheck') check();
      else if (raw.type === 'toggle-panel') host.toggle();
      else if (raw.type === 'open-panel') host.setOpen(true);
      else if (raw.type === 'close-panel') host.setOpen(false);
      else if (raw.type === 'resize-panel') host.setWidth(raw.width);
      else if (raw.type === 'toast') host.toast(raw.text);
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
