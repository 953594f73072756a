// Single-page CRMs change records without reloading, so the content script
// must notice URL changes itself. It runs in an isolated world and cannot see
// the page's own history.pushState calls; the background forwards
// webNavigation.onHistoryStateUpdated and the content script then re-checks
// the record itself.

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
  // pushState fires no event this world can hear; if the forwarded message is
  // lost too, a slow poll is the only thing left that catches it.
  const timer = nav ? undefined : win.setInterval(check, pollMs);
  const stop = () => {
    for (const [t, e] of events) t.removeEventListener(e, check);
    if (timer !== undefined) win.clearInterval(timer);
  };
  return stop;
}
