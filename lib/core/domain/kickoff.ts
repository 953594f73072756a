import { addBusinessDays, differenceInBusinessDays, differenceInCalendarDays, startOfDay } from 'date-fns';
import { z } from 'zod';
import type { Account } from './account';
import { parseIsoDate, toIsoDate } from './dates';
import { IsoDateSchema } from './primitives';
import type { ServiceLevels } from './service-levels';

export const DEFAULT_KICKOFF_SLA_BUSINESS_DAYS = 5;

export const KickoffSlaStatusSchema = z.enum(['met', 'overdue', 'pending', 'not-applicable']);

export const KickoffSlaSchema = z.object({
  status: KickoffSlaStatusSchema,
  // null only when there is no closed-won date to count from.
  dueDate: IsoDateSchema.nullable(),
  kickoffDate: IsoDateSchema.optional(),
  // Set when overdue: business days past the due date, until the kickoff if
  // it was held late, otherwise until today.
  businessDaysLate: z.number().int().min(0).optional(),
  // Set when pending: business days left before the due date (0 = due today).
  businessDaysLeft: z.number().int().min(0).optional(),
});

export type KickoffSlaStatus = z.infer<typeof KickoffSlaStatusSchema>;
export type KickoffSla = z.infer<typeof KickoffSlaSchema>;

/**
 * The joint AE + CSM + customer kickoff is due `businessDays` business days
 * after closed-won, or as many as the service levels give the account's
 * segment. A deal closed on a weekend counts from the next Monday,
 * as date-fns does (so Friday, Saturday and Sunday all land on the next Friday).
 * Holidays are not known to the product and are not skipped.
 */
export function kickoffSla(account: Pick<Account, 'closedWonDate' | 'kickoffDate'>, now: Date, businessDays?: number): KickoffSla;
export function kickoffSla(account: Pick<Account, 'closedWonDate' | 'kickoffDate' | 'segment'>, now: Date, serviceLevels: ServiceLevels): KickoffSla;
export function kickoffSla(
  account: Pick<Account, 'closedWonDate' | 'kickoffDate'> & Partial<Pick<Account, 'segment'>>,
  now: Date,
  sla: number | ServiceLevels = DEFAULT_KICKOFF_SLA_BUSINESS_DAYS,
): KickoffSla {
  if (!account.closedWonDate) return { status: 'not-applicable', dueDate: null };
  const businessDays = typeof sla === 'number' ? sla : sla[account.segment!].kickoffBusinessDays;
  const due = addBusinessDays(parseIsoDate(account.closedWonDate), businessDays);
  const dueDate = toIsoDate(due);

  if (account.kickoffDate) {
    const held = parseIsoDate(account.kickoffDate);
    if (differenceInCalendarDays(held, due) <= 0) return { status: 'met', dueDate, kickoffDate: account.kickoffDate };
    return {
      status: 'overdue',
      dueDate,
      kickoffDate: account.kickoffDate,
      businessDaysLate: Math.max(1, differenceInBusinessDays(held, due)),
    };
  }

  const today = startOfDay(now);
  if (differenceInCalendarDays(today, due) > 0) {
    // A weekend right after a Friday due date already counts as one day late:
    // the deadline was missed, and showing "0 days late" would read as on time.
    return { status: 'overdue', dueDate, businessDaysLate: Math.max(1, differenceInBusinessDays(today, due)) };
  }
  return { status: 'pending', dueDate, businessDaysLeft: Math.max(0, differenceInBusinessDays(due, today)) };
}
