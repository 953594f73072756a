// The dashboard page's first request, on the page's clock: a mark when it leaves and a measure, from that mark,
// when its reply arrives. The measure is how long the figures took to reach the page, whatever the background did
// to have them (answered from the kept view, or read the store and computed); `npm run bench` reads it, and the
// browser's performance panel shows both.
export const DASHBOARD_ASKED_MARK = 'seamline:dashboard-asked';
export const DASHBOARD_DATA_MEASURE = 'seamline:dashboard-data';

/** Marks the request `reply` answers as sent now, and measures it when the reply arrives (a failed one is not). */
export function measureFirstRequest(reply: Promise<unknown>): void {
  performance.mark(DASHBOARD_ASKED_MARK);
  reply.then(
    () => performance.measure(DASHBOARD_DATA_MEASURE, DASHBOARD_ASKED_MARK),
    () => undefined,
  );
}
