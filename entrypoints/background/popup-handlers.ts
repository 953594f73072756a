import { z } from 'zod';
import type { Browser } from 'webextension-polyfill';
import { CHANNEL } from '../../lib/core/messages/protocol';
import type { Background } from './start';

export const OpenPanelRequestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('open-panel'),
  tabId: z.number().int().nonnegative(),
});

export type OpenPanelReply = { ok: true } | { ok: false; reason: 'invalid' | 'no-panel-on-tab' };

/**
 * Page requests the popup needs. The injected panel lives in the tab's
 * content script, so the popup asks the background to open it there; the
 * browser's native side panel the popup opens itself (it needs the click).
 */
export function registerPopupHandlers(bg: Pick<Background, 'pageHandlers'>, api: Pick<Browser, 'tabs'>) {
  bg.pageHandlers['open-panel'] = async (raw): Promise<OpenPanelReply> => {
    const msg = OpenPanelRequestSchema.safeParse(raw);
    if (!msg.success) return { ok: false, reason: 'invalid' };
    try {
      await api.tabs.sendMessage(msg.data.tabId, { channel: CHANNEL, type: 'open-panel' });
      return { ok: true };
    } catch {
      // Not a page our content script runs on.
      return { ok: false, reason: 'no-panel-on-tab' };
    }
  };
}
