/**
 * Who sent a runtime message. This is the one sender check: every request to
 * the background names the roles it accepts (to-background.ts) and the router
 * refuses the rest.
 *
 * - `extension-page`: a top-level page of ours (popup, options, native side
 *   panel or sidebar, or one of them opened in a tab of its own).
 * - `panel-frame`: our panel page framed inside a web page (the injected
 *   panel). It is third-party there, so it never gets the privileged
 *   requests (settings, token, uploads) a top-level page does.
 * - `content-script`: our content script in a CRM tab.
 */
export type SenderRole = 'extension-page' | 'panel-frame' | 'content-script';

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export function senderRole(sender: SenderLike, extensionId: string, extensionOrigin: string): SenderRole | 'unknown' {
  if (sender.id !== extensionId) return 'unknown';
  const origin = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  const hasTab = sender.tab?.id !== undefined && sender.tab.id >= 0;
  if (typeof sender.url === 'string' && sender.url.startsWith(origin)) {
    // A page of ours inside a tab is framed unless it is the tab's top frame.
    return hasTab && sender.frameId !== undefined && sender.frameId !== 0 ? 'panel-frame' : 'extension-page';
  }
  return hasTab ? 'content-script' : 'unknown';
}
