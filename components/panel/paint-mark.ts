import { useEffect, useLayoutEffect, useState } from 'react';
import { CARD_ANCHORS } from './disclosure';
import { markAccountPaintedAfterNextFrame } from './first-paint';

let marked = false;

/**
 * Leaves the account-painted mark once the heading and the health card are in
 * the document (checked in the commit that put them there, before the
 * browser renders it), unless the first paint made before React loaded
 * (`paintFirst`) left it already.
 */
export function useAccountPaintedMark(): void {
  useLayoutEffect(() => {
    if (marked || !document.querySelector('h1') || !document.getElementById(CARD_ANCHORS.health)) return;
    marked = true;
    void markAccountPaintedAfterNextFrame();
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
