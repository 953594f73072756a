import { z } from 'zod';
import { SegmentSchema, type Account, type Segment } from '../account';
import { addBusinessDays } from 'date-fns';
import { parseIsoDate, toIsoDate } from '../dates';
import { DEFAULT_KICKOFF_SLA_BUSINESS_DAYS, type KickoffSlaStatus } from '../kickoff';
import type { ServiceLevels } from '../service-levels';
import { AccountIdsSchema, NotCountedSchema, sharePercent, type MetricDefinition, type NotCounted } from './common';
import { inPeriod, selectAccounts, type DashboardFilter } from './filters';

export const KICKOFF_ATTAINMENT_DEFINITIONS = {
  kickoffSla: {
    label: 'Kickoff-SLA attainment',
    definition:
      'Of the accounts closed-won in the period whose kickoff was due by today, the share whose joint kickoff was held by its due date (the SLA in business days after closed-won), by segment. Kickoffs not yet due are pending and not in the share.',
  },
} as const satisfies Record<string, MetricDefinition>;

export const KickoffAttainmentRowSchema = z.object({
  // null on the total row.
  segment: SegmentSchema.nullable(),
  // The segment's kickoff SLA in business days; null on the total row when segments differ.
  businessDays: z.number().int().min(1).nullable(),
  met: z.number().int().min(0),
  overdue: z.number().int().min(0),
  pending: z.number().int().min(0),
  attainmentPercent: z.number().int().min(0).max(100).nullable(),
  metAccountIds: AccountIdsSchema,
  overdueAccountIds: AccountIdsSchema,
  pendingAccountIds: AccountIdsSchema,
});

export const KickoffAttainmentSchema = z.object({
  total: KickoffAttainmentRowSchema,
  bySegment: z.array(KickoffAttainmentRowSchema),
  notCounted: z.array(NotCountedSchema),
});

export type KickoffAttainmentRow = z.infer<typeof KickoffAttainmentRowSchema>;
export type KickoffAttainment = z.infer<typeof KickoffAttainmentSchema>;

type Entry = { accountId: string; segment: Segment; status: KickoffSlaStatus };

function row(segment: Segment | null, businessDays: number | null, entries: readonly Entry[]): KickoffAttainmentRow {
  const ids = (s: KickoffSlaStatus) => entries.filter((e) => e.status === s).map((e) => e.accountId);
  const met = ids('met');
  const overdue = ids('overdue');
  const pending = ids('pending');
  return {
    segment,
    businessDays,
    met: met.length,
    overdue: overdue.length,
    pending: pending.length,
    attainmentPercent: sharePercent(met.length, met.length + overdue.length),
    metAccountIds: met,
    overdueAccountIds: overdue,
    pendingAccountIds: pending,
  };
}

/**
 * kickoffSla's status, with the due date worked out once per closed-won date
 * and SLA (a portfolio has a few hundred of those for thousands of accounts)
 * and the rest compared as ISO dates: every date here is a calendar date, so
 * "held by the due date" and "due date passed" are text comparisons.
 */
export function kickoffStatus(
  account: Pick<Account, 'closedWonDate' | 'kickoffDate'>,
  businessDays: number,
  today: string,
  dueDates: Map<string, string> = new Map(),
): KickoffSlaStatus {
  const closed = account.closedWonDate;
  if (!closed) return 'not-applicable';
  const key = `${closed}|${businessDays}`;
  let due = dueDates.get(key);
  if (due === undefined) {
    due = toIsoDate(addBusinessDays(parseIsoDate(closed), businessDays));
    dueDates.set(key, due);
  }
  if (account.kickoffDate) return account.kickoffDate <= due ? 'met' : 'overdue';
  return today > due ? 'overdue' : 'pending';
}

/** Kickoff statuses kept by account id, each with the SLA in business days it was worked out for. */
export interface KickoffMemo {
  get(accountId: string): KickoffMemoEntry | undefined;
  set(accountId: string, value: KickoffMemoEntry): unknown;
}
export type KickoffMemoEntry = { days: number; status: KickoffSlaStatus };

/** The account fields kickoffAttainment reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const KICKOFF_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm', 'closedWonDate', 'kickoffDate'] as const;

/** Kickoff-SLA attainment by segment, from kickoffSla (see KICKOFF_ATTAINMENT_DEFINITIONS). */
export function kickoffAttainment(
  accounts: readonly Pick<Account, (typeof KICKOFF_ACCOUNT_FIELDS)[number]>[],
  now: Date,
  filter?: DashboardFilter,
  /** One number for every segment, or the service levels per segment. */
  sla: number | ServiceLevels = DEFAULT_KICKOFF_SLA_BUSINESS_DAYS,
  // Statuses already worked out on this day, by account id, each with its SLA (business-day counting is the slow part).
  memo?: KickoffMemo,
): KickoffAttainment {
  const daysFor = (segment: Segment) => (typeof sla === 'number' ? sla : sla[segment].kickoffBusinessDays);
  const today = toIsoDate(now);
  const dueDates = new Map<string, string>();
  const notCounted: NotCounted[] = [];
  const entries: Entry[] = [];
  const selected = selectAccounts(accounts, filter);
  for (let n = 0; n < selected.length; n++) {
    const account = selected[n]!;
    if (!account.closedWonDate) {
      notCounted.push({
        metric: 'kickoffSla',
        recordType: 'account',
        id: account.id,
        accountId: account.id,
        name: account.name,
        because: 'no closed-won date, so no kickoff is due',
      });
      continue;
    }
    if (!inPeriod(account.closedWonDate, filter)) continue;
    const days = daysFor(account.segment);
    const kept = memo?.get(account.id);
    let status = kept?.days === days ? kept.status : undefined;
    if (status === undefined) {
      status = kickoffStatus(account, days, today, dueDates);
      memo?.set(account.id, { days, status });
    }
    entries.push({ accountId: account.id, segment: account.segment, status });
  }
  const segments = SegmentSchema.options.filter((s) => entries.some((e) => e.segment === s));
  const days = new Set(segments.map(daysFor));
  return {
    total: row(null, days.size === 1 ? [...days][0]! : null, entries),
    bySegment: segments.map((s) =>
      row(
        s,
        daysFor(s),
        entries.filter((e) => e.segment === s),
      ),
    ),
    notCounted,
  };
}
