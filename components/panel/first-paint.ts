import type { FirstPaint } from '../../lib/core/messages/first-paint';
import { HEALTH_BAND_LABELS } from '../shared/labels';
import { formatDate } from '../ui/format';

/**
 * The name of the performance mark the panel leaves when the account's
 * heading and health score have first been painted in this document. `npm
 * run bench` reads it (with `performance.timeOrigin`, so it compares with the
 * moment the open command was sent from the service worker); it is one entry
 * per document, cheap enough to leave in every build.
 */
export const ACCOUNT_PAINTED_MARK = 'seamline:account-painted';

/**
 * Leaves the mark once what is in the document now has been painted: the
 * animation frame after a change is where the browser renders it, and a
 * message task queued from it runs only after that rendering step. Only the
 * first paint of the account counts, whoever painted it. Settles once the
 * mark is left.
 */
export function markAccountPaintedAfterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const after = new MessageChannel();
      after.port1.onmessage = () => {
        after.port1.close();
        if (performance.getEntriesByName(ACCOUNT_PAINTED_MARK, 'mark').length === 0) performance.mark(ACCOUNT_PAINTED_MARK);
        resolve();
      };
      after.port2.postMessage(null);
    });
  });
}

// The panel's own look, shared by this first paint and the React panel that
// replaces it, so the heading does not move when the panel takes over.
export const PANEL_LOOK = {
  page: 'min-h-screen min-w-[300px] bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100',
  topBar: 'flex items-center justify-between border-b border-slate-200 bg-white px-3 py-1.5 dark:border-slate-800 dark:bg-slate-900',
  brand: 'text-sm font-semibold tracking-tight',
  main: 'space-y-3 p-3',
  box: 'rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-900',
  heading: 'text-base font-semibold break-words text-slate-900 dark:text-slate-50',
  cardTitle: 'text-sm font-semibold text-slate-900 dark:text-slate-50',
  scoreLine: 'text-xs text-slate-700 dark:text-slate-300',
  outOf: 'text-sm text-slate-600 dark:text-slate-400',
  score: {
    healthy: 'text-lg font-bold text-green-800 dark:text-green-300',
    watch: 'text-lg font-bold text-amber-800 dark:text-amber-300',
    'at-risk': 'text-lg font-bold text-red-800 dark:text-red-300',
  },
} as const;

/** What the health card says instead of a score, by the reason there is none. */
export const UNKNOWN_HEALTH = {
  'no-data': 'Unknown — no health data yet',
  'zero-weights': 'Unknown — no score can be computed',
} as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  // Text from the CRM or the store is set as text, never parsed as markup.
  node.append(...children);
  return node;
}

/**
 * Paints the account's heading and health score into `root` with plain DOM,
 * before React and the rest of the panel have loaded; the panel's first
 * render replaces it. The region says it is still loading until then.
 */
export function paintFirst(root: HTMLElement, { accountName, health }: FirstPaint): void {
  const scoreLine =
    health.status === 'known'
      ? el(
          'p',
          PANEL_LOOK.scoreLine,
          el('span', PANEL_LOOK.score[health.band], String(health.score)),
          el('span', PANEL_LOOK.outOf, ' / 100'),
          ` · ${HEALTH_BAND_LABELS[health.band]} · as of ${formatDate(health.asOf)}`,
        )
      : el('p', 'text-sm font-medium text-slate-800 dark:text-slate-200', UNKNOWN_HEALTH[health.reason]);
  const main = el(
    'main',
    PANEL_LOOK.main,
    el('header', PANEL_LOOK.box, el('h1', PANEL_LOOK.heading, accountName)),
    el('section', `${PANEL_LOOK.box} space-y-2`, el('h2', PANEL_LOOK.cardTitle, 'Health'), scoreLine),
  );
  main.setAttribute('aria-busy', 'true');
  root.replaceChildren(el('div', PANEL_LOOK.page, el('header', PANEL_LOOK.topBar, el('span', PANEL_LOOK.brand, 'Seamline')), main));
}
