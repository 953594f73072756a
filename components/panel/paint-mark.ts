import { useEffect, useLayoutEffect, useState } from 'react';
import { CARD_ANCHORS } from './disclosure';

/**
 * The name of the performance mark the panel leaves when the account's
 * heading and health score have first been painted in this document. `npm
 * run bench` reads it (with `performance.timeOrigin`, so it compares with the
 * moment the open command was sent from the service worker); it is one entry
 * per document, cheap enough to leave in every build.
 */
export const ACCOUNT_PAINTED_MARK = 'seamline:account-painted';

let marked = false;

/**
 * Leaves the mark once the heading and the health card are in the document
 * (checked in the commit that put them there, before the browser renders it)
 * and the frame holding them has been painted: the animation frame after the
 * commit is where the browser renders them, and a message task queued from it
 * runs only after that rendering step.
 */
export function useAccountPaintedMark(): void {
  useLayoutEffect(() => {
    if (marked || !document.querySelector('h1') || !document.getElementById(CARD_ANCHORS.health)) return;
    marked = true;
    requestAnimationFrame(() => {
      const after = new MessageChannel();
      after.port1.onmessage = () => {
        after.port1.close();
        performance.mark(ACCOUNT_PAINTED_MARK);
      };
      after.port2.postMessage(null);
    });
  });
}

/**
 * False on the first render and until the frame holding it has been painted,
 * then true: what a view renders only then waits for neither the first paint
 * nor an interrupted render (a deferred value would start again on each
 * update that arrives meanwhile).
 */
export function usePaintedOnce(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (painted) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setPainted(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [painted]);
  return painted;
}
