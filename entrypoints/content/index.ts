import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import type { BackgroundRequest, BackgroundRequestType, ContentConfig } from '../../lib/core/messages/to-background';
import type { RecheckReply } from '../../lib/core/messages/to-content';
import { isContentConfig, isToContentMessage } from '../../lib/core/messages/to-content-check';
import { detectRecord } from '../../lib/core/sites';
import { CRM_MATCH_PATTERNS } from '../../lib/core/sites/matches';
import { pageReporter, watchLocation } from './navigation';
import { panelUi, PANEL_UI_GLOBAL, type PanelUi } from './panel-ui';
import { createPanelHost } from './panel-host';

// Small vanilla TypeScript only: this runs inside the CRM page. React, data
// access and everything else live in the extension's own pages. Requests are
// typed by the message contract (types only: no zod in this bundle) and
// replies are checked by hand with checks a test holds to the contract.
const ask = <K extends BackgroundRequestType>(m: BackgroundRequest<K>): Promise<unknown> => browser.runtime.sendMessage(m).catch(() => undefined);

const NO_CONFIG: ContentConfig = { userSites: [], disabledPlatforms: [], panelMode: 'injected', panelStates: {} };

export default defineContentScript({
  matches: CRM_MATCH_PATTERNS,
  runAt: 'document_idle',
  async main(ctx) {
    const rawConfig = await ask<'content-config'>({ channel: CHANNEL, type: 'content-config' });
    const cfg = isContentConfig(rawConfig) ? rawConfig : NO_CONFIG;
    const reports = pageReporter((r) => void ask<'record-report'>({ channel: CHANNEL, type: 'record-report', ...r }));
    const host = createPanelHost({
      doc: document,
      // The page id in the frame's address is how the frame proves to the
      // background that this page framed it; the page itself cannot read it
      // (the frame lives in a closed shadow root and is cross-origin).
      frameUrl: () => `${browser.runtime.getURL('/sidepanel.html')}#${reports.page}`,
      // Chrome loads the open panel's code on first use. Firefox's add-on
      // review refuses an import from a computed address, so there it ships
      // in this script (the build drops the branch the other browser takes).
      loadUi: import.meta.env.FIREFOX
        ? () => Promise.resolve(panelUi)
        : () =>
            import(/* @vite-ignore */ browser.runtime.getURL('/panel-ui.js')).then(
              () => (globalThis as unknown as Record<string, PanelUi>)[PANEL_UI_GLOBAL]!,
            ),
      savedState: (platform) => cfg.panelStates[platform],
      saveState: (platform, s) => void ask<'panel-state-set'>({ channel: CHANNEL, type: 'panel-state-set', platform, ...s }),
      // The real-browser tests' build only: the page's address may shorten how long a hidden panel keeps its frame.
      ...(import.meta.env.WXT_TEST_HOOKS === 'true'
        ? { releaseAfterMs: Number(new URL(location.href).searchParams.get('seamline-release-ms')) || undefined }
        : {}),
    });

    let retry: ReturnType<typeof setTimeout> | undefined;
    let checkedHref = '';
    const check = (attempt = 0) => {
      clearTimeout(retry);
      const href = (checkedHref = location.href);
      const found = detectRecord(href, document, cfg.userSites);
      const record = found && !cfg.disabledPlatforms.includes(found.platform) ? found : null;
      reports.report(href, record);
      if (record && cfg.panelMode !== 'native') host.show(record.platform);
      else host.hide();
      // SPA record pages paint their header after the URL changes; the name
      // and domain it shows are what links an unknown record to an account.
      if (record && !(record.name && record.websiteDomain) && attempt < 4) {
        retry = setTimeout(() => check(attempt + 1), 250 * 2 ** attempt);
      }
    };

    const stop = watchLocation(window, () => check());
    const onMessage = (raw: unknown, sender: { id?: string }, sendResponse: (reply: RecheckReply) => void) => {
      if (sender.id !== browser.runtime.id || !isToContentMessage(raw)) return;
      if (raw.type === 'recheck') {
        // The tab loaded something: this page answers that it is still here,
        // and looks again only if its address changed unnoticed (the tab's own
        // load ends with this request too, right after the page's first look).
        sendResponse({ page: reports.page });
        if (location.href !== checkedHref) check();
      } else if (raw.type === 'toggle-panel') host.toggle();
      else if (raw.type === 'open-panel') host.setOpen(true);
      else if (raw.type === 'close-panel') host.setOpen(false);
      else if (raw.type === 'resize-panel') host.setWidth(raw.width);
      else if (raw.type === 'toast') host.toast(raw.text);
      else if (raw.type === 'badge') host.badge(raw.text, raw.color, raw.title);
    };
    browser.runtime.onMessage.addListener(onMessage);
    const onPageShow = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      reports.renew();
      check();
    };
    addEventListener('pageshow', onPageShow);
    ctx.onInvalidated(() => {
      stop();
      removeEventListener('pageshow', onPageShow);
      clearTimeout(retry);
      browser.runtime.onMessage.removeListener(onMessage);
      host.destroy();
    });
    check();
  },
});
