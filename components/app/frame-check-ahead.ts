import { CHANNEL } from '../../lib/core/messages/channel';
import { keptFirstPaintKey } from '../../lib/core/messages/first-paint-check';
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

const KEPT_PAINT_AHEAD = '__seamlineKeptPaint';

/** The read of the first paint the background kept for this page, if this page's first script (or its module code) started it. */
export function keptPaintReadAhead(): Promise<unknown> | undefined {
  return (window as unknown as Record<string, Promise<unknown> | undefined>)[KEPT_PAINT_AHEAD];
}

/**
 * Reads, through `get` (session storage), the first paint the background
 * kept for this page when it last answered a frame on it (FirstPaints in
 * entrypoints/background/first-paints.ts): a frame made again paints from it
 * without waiting for a stopped worker to start. Gives undefined when none
 * is kept or it cannot be read; the value is checked where it is used.
 */
export function readKeptPaintAhead(get: (key: string) => Promise<Record<string, unknown>>): Promise<unknown> {
  const key = keptFirstPaintKey(location.hash.slice(1));
  let read: Promise<unknown>;
  try {
    read = get(key).then(
      (items) => items[key],
      () => undefined,
    );
  } catch {
    read = Promise.resolve(undefined);
  }
  Object.defineProperty(window, KEPT_PAINT_AHEAD, { value: read });
  return read;
}

/** The first of `reads` to settle with a value `check` accepts, or undefined once none has. */
export function firstAccepted<T>(reads: Promise<unknown>[], check: (v: unknown) => v is T): Promise<T | undefined> {
  return new Promise((resolve) => {
    let left = reads.length;
    const settled = () => {
      if (--left === 0) resolve(undefined);
    };
    if (left === 0) resolve(undefined);
    for (const read of reads) {
      read.then((v) => (check(v) ? resolve(v) : settled()), settled);
    }
  });
}
