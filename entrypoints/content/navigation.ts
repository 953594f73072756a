import type { CrmRecordRef } from '../../lib/core/domain/crm-record';

// Single-page CRMs change records without reloading, so the content script
// must notice URL changes itself. It runs in an isolated world and cannot see
// the page's own history.pushState calls: the Navigation API's events can be
// heard from here; without it a slow poll catches them, and the background
// asks the page to look again whenever the tab says it loaded something.

type NavigationLike = EventTarget;

/** Calling it stops watching. */
export type LocationWatch = () => void;

export function watchLocation(win: Window, onChange: (href: string) => void, pollMs = 1000): LocationWatch {
  let last = win.location.href;
  const check = () => {
    const href = win.location.href;
    if (href !== last) {
      last = href;
      onChange(href);
    }
  };
  const nav = (win as Window & { navigation?: NavigationLike }).navigation;
  const events: [EventTarget, string][] = [
    [win, 'popstate'],
    [win, 'hashchange'],
  ];
  if (nav) events.push([nav, 'navigatesuccess'], [nav, 'currententrychange']);
  for (const [t, e] of events) t.addEventListener(e, check);
  // Without the Navigation API (Firefox before 147, older Safari), a page's
  // pushState fires no event this world can hear; if the background's
  // request to look again is lost too, a slow poll is what catches it.
  const timer = nav ? undefined : win.setInterval(check, pollMs);
  const stop = () => {
    for (const [t, e] of events) t.removeEventListener(e, check);
    if (timer !== undefined) win.clearInterval(timer);
  };
  return stop;
}

export interface PageReport {
  href: string;
  record: CrmRecordRef | null;
  page: string;
  seq: number;
}

export interface PageReporter {
  /** This page's id: only this content script and the background know it. */
  readonly page: string;
  /** Sends what the page shows, unless it is what was last sent. */
  report(href: string, record: CrmRecordRef | null): void;
  /**
   * The page came back from the back/forward cache. The background has
   * retired its id when another page reported, so it reports as a new page.
   */
  renew(): void;
}

/**
 * Numbers this page's reports under an id minted here, so the background can
 * keep only the newest report of the page the tab shows and drop one that
 * arrives after the tab moved on.
 */
export function pageReporter(send: (report: PageReport) => void, mint: () => string = () => crypto.randomUUID()): PageReporter {
  let page = mint();
  let seq = 0;
  let last = '';
  return {
    get page() {
      return page;
    },
    report(href, record) {
      const key = JSON.stringify([href, record]);
      if (key === last) return;
      last = key;
      seq += 1;
      send({ href, record, page, seq });
    },
    renew() {
      page = mint();
      seq = 0;
      last = '';
    },
  };
}
