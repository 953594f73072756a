import { defineUnlistedScript } from '#imports';
import { browser } from 'wxt/browser';
import { frameCheckSentAhead, readKeptPaintAhead, sendFrameCheckAhead } from '../../components/app/frame-check-ahead';

// The panel page's first script, a classic one in its head: only the framed
// panel asks, and only the panel's module code reads the answer (parsed there).
export default defineUnlistedScript(() => {
  // Not framed, or the module code came first and asked itself.
  if (window.top === window || frameCheckSentAhead()) return;
  sendFrameCheckAhead((message) => browser.runtime.sendMessage(message));
  readKeptPaintAhead((key) => browser.storage.session.get(key));
});
