import { subDays } from 'date-fns';
import { z } from 'zod';
import { SegmentSchema, type Account } from '../account';
import { toIsoDate } from '../dates';
import { IsoDateSchema, PersonSchema } from '../primitives';

/**
 * The dashboard's filters, applied the same way by every computation (and by
 * the team backend's SQL):
 * - segment, owner AE and CSM select accounts by exact value; an account with
 *   no owner AE or CSM matches only when that filter is not set.
 * - the period (inclusive calendar dates) selects events by their date: deals
 *   by closed-won date, ARR changes by effective date, commitments by the day
 *   they were made, risk flags by the day they were raised. Numbers that
 *   describe the present (ARR at risk, onboarding load, the review's at-risk
 *   list) are as of today and ignore it.
 */
export const DashboardFilterSchema = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    segment: SegmentSchema.optional(),
    ownerAe: PersonSchema.optional(),
    csm: PersonSchema.optional(),
  })
  .refine((f) => f.from <= f.to, { message: 'the period must not end before it starts', path: ['to'] });

export type DashboardFilter = z.infer<typeof DashboardFilterSchema>;

/** The filter's fields that select accounts, each by exact value. */
export const ACCOUNT_FILTER_FIELDS = ['segment', 'ownerAe', 'csm'] as const;

/** Whether every account `filter` selects is one `wider` selects: it asks for each value `wider` asks for, and maybe more. */
export function selectsWithin(filter: DashboardFilter, wider: DashboardFilter): boolean {
  return ACCOUNT_FILTER_FIELDS.every((k) => wider[k] === undefined || wider[k] === filter[k]);
}

export function matchesAccountFilter(account: Pick<Account, 'segment' | 'ownerAe' | 'csm'>, filter: DashboardFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.segment !== undefined && account.segment !== filter.segment) return false;
  if (filter.ownerAe !== undefined && account.ownerAe !== filter.ownerAe) return false;
  if (filter.csm !== undefined && account.csm !== filter.csm) return false;
  return true;
}

/** Whether the filter selects accounts (a segment, an owner AE or a CSM), not only a period. */
export function selectsAccounts(filter: DashboardFilter | undefined): filter is DashboardFilter {
  return filter !== undefined && ACCOUNT_FILTER_FIELDS.some((k) => filter[k] !== undefined);
}

/** The accounts the filter selects; the list itself when the filter selects every account (a period alone). */
export function selectAccounts<A extends Pick<Account, 'segment' | 'ownerAe' | 'csm'>>(
  accounts: readonly A[],
  filter: DashboardFilter | undefined,
): readonly A[] {
  if (!selectsAccounts(filter)) return accounts;
  return accounts.filter((a) => matchesAccountFilter(a, filter));
}

/** Whether an ISO date (or the date part of an ISO date-time) lies within the period; no filter means all time. */
export function inPeriod(dateIso: string, filter: DashboardFilter | undefined): boolean {
  if (!filter) return true;
  const day = dateIso.slice(0, 10);
  return day >= filter.from && day <= filter.to;
}

/** The period of the last `days` days up to and including today. */
export function lastDays(now: Date, days: number): Pick<DashboardFilter, 'from' | 'to'> {
  return { from: toIsoDate(subDays(now, days - 1)), to: toIsoDate(now) };
}
