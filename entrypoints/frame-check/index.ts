import { defineUnlistedScript } from '#imports';
import { browser } from 'wxt/browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import { FRAME_CHECK_AHEAD } from '../../lib/core/messages/frame-check-ahead';
import type { BackgroundRequest } from '../../lib/core/messages/to-background';

// The panel page's first script, a classic one in its head: only the framed
// panel asks, and only the panel's module code reads the answer (parsed there).
export default defineUnlistedScript(() => {
  // Not framed, or the module code came first and asked itself.
  if (window.top === window || FRAME_CHECK_AHEAD in window) return;
  const sent = browser.runtime.sendMessage({
    channel: CHANNEL,
    type: 'frame-check',
    page: location.hash.slice(1),
  } satisfies BackgroundRequest<'frame-check'>);
  // The panel handles a refused or missing answer; this only keeps it from being reported before then.
  sent.catch(() => undefined);
  Object.defineProperty(window, FRAME_CHECK_AHEAD, { value: sent });
});
