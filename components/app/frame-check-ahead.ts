import { CHANNEL } from '../../lib/core/messages/channel';
import type { BackgroundRequest } from '../../lib/core/messages/to-background';

// Where the panel page's first classic script (`entrypoints/frame-check`)
// leaves the request it sent, for the page's module code to take: a classic
// script runs as soon as it is fetched, while the module code waits for the
// styles and its imports, so the background answers meanwhile.
const FRAME_CHECK_AHEAD = '__seamlineFrameCheck';

/** The framed panel's first request, if this page's first script (or its module code) already sent it. */
export function frameCheckSentAhead(): Promise<unknown> | undefined {
  return (window as unknown as Record<string, Promise<unknown> | undefined>)[FRAME_CHECK_AHEAD];
}

/**
 * Sends the framed panel's first request through `send` (the caller's own
 * browser API: the page's first script has no polyfill) and leaves it where
 * the page's module code takes it.
 */
export function sendFrameCheckAhead(send: (message: BackgroundRequest<'frame-check'>) => Promise<unknown>): Promise<unknown> {
  const sent = send({ channel: CHANNEL, type: 'frame-check', page: location.hash.slice(1) });
  // The panel handles a refused or missing answer; this only keeps it from being reported before then.
  sent.catch(() => undefined);
  Object.defineProperty(window, FRAME_CHECK_AHEAD, { value: sent });
  return sent;
}
