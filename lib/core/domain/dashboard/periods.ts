import { subDays } from 'date-fns';
import type { Segment } from '../account';
import type { DashboardFilter } from './filters';
import { toIsoDate } from '../dates';

// The page's periods and how a choice becomes a filter, without React or the
// dashboard's schemas: the page's entry sends the first view's request with
// this before the rest of the page has loaded, and the page asks for exactly
// the same filter when it renders.

export const PERIODS = [
  { id: '90', label: 'Last 90 days', days: 90 },
  { id: '180', label: 'Last 6 months', days: 182 },
  { id: '365', label: 'Last 12 months', days: 365 },
  { id: '548', label: 'Last 18 months', days: 548 },
] as const;

export const FIRST_PERIOD_ID = '365';

/** The filter for a period ending on `today` (an ISO date), and the segment and people chosen. */
export function dashboardFilterOf(
  today: string,
  periodId: string,
  chosen: { segment?: Segment | ''; ownerAe?: string; csm?: string } = {},
): DashboardFilter {
  const days = PERIODS.find((p) => p.id === periodId)?.days ?? 365;
  // Noon, so the calendar date is the same wherever the clock's zone puts it.
  const end = new Date(`${today}T12:00:00Z`);
  return {
    from: toIsoDate(subDays(end, days - 1)),
    to: toIsoDate(end),
    ...(chosen.segment ? { segment: chosen.segment } : {}),
    ...(chosen.ownerAe ? { ownerAe: chosen.ownerAe } : {}),
    ...(chosen.csm ? { csm: chosen.csm } : {}),
  };
}

/** The filter the page opens on. */
export function firstDashboardFilter(now: Date): DashboardFilter {
  return dashboardFilterOf(toIsoDate(now), FIRST_PERIOD_ID);
}

/**
 * The same choice a filter was made of — one of the periods, ending on the
 * day it was made for, and the segment and people — made on `today` instead:
 * what the page asks for when the same choice is made on a later day. Null
 * for a filter that is none of the periods.
 */
export function filterCarriedTo(filter: DashboardFilter, today: string): DashboardFilter | null {
  const period = PERIODS.find((p) => dashboardFilterOf(filter.to, p.id).from === filter.from);
  if (!period) return null;
  return dashboardFilterOf(today, period.id, { segment: filter.segment, ownerAe: filter.ownerAe, csm: filter.csm });
}
