import { z } from 'zod';
import type { Account } from '../account';
import {
  AccountIdsSchema,
  byText,
  dayNumber,
  MoneyByCurrencySchema,
  NotCountedSchema,
  sharePercent,
  sumByCurrency,
  type MetricDefinition,
  type NotCounted,
} from './common';
import { inPeriod, selectAccounts, type DashboardFilter } from './filters';

export const QUARTER_END_DAYS = 7;

export const CAPACITY_DEFINITIONS = {
  onboardingLoad: {
    label: 'Onboarding load per CSM',
    definition:
      'Accounts in the onboarding stage today per CSM, against the number of accounts one CSM can onboard at once (set in options). Accounts in onboarding without a CSM are shown as unassigned.',
  },
  quarterEndDeals: {
    label: 'Deals closed in the last week of the quarter',
    definition: `Deals closed-won in the period whose close fell in the last ${QUARTER_END_DAYS} days of its quarter (calendar quarters unless a fiscal year start is set), and their share of all deals closed in the period, overall and by owner AE.`,
  },
} as const satisfies Record<string, MetricDefinition>;

export const CapacityOptionsSchema = z.object({
  // Accounts one CSM can onboard at once.
  csmCapacity: z.number().int().min(1).max(1000),
  // Month (1–12) the fiscal year starts in; quarters run in threes from it.
  fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
});

const QuarterEndRowSchema = z.object({
  // null on the total row.
  ownerAe: z.string().nullable(),
  deals: z.number().int().min(0),
  quarterEnd: z.number().int().min(0),
  percent: z.number().int().min(0).max(100).nullable(),
  accountIds: AccountIdsSchema,
  arr: MoneyByCurrencySchema,
});

export const CapacitySchema = z.object({
  onboarding: z.object({
    capacity: z.number().int().min(1),
    total: z.number().int().min(0),
    byCsm: z.array(
      z.object({
        csm: z.string(),
        count: z.number().int().min(0),
        // Above 100 when over capacity.
        loadPercent: z.number().int().min(0),
        overCapacity: z.boolean(),
        accountIds: AccountIdsSchema,
      }),
    ),
    unassigned: z.object({ count: z.number().int().min(0), accountIds: AccountIdsSchema }),
  }),
  quarterEnd: z.object({ total: QuarterEndRowSchema, byAe: z.array(QuarterEndRowSchema) }),
  notCounted: z.array(NotCountedSchema),
});

export type CapacityOptions = z.input<typeof CapacityOptionsSchema>;
export type Capacity = z.infer<typeof CapacitySchema>;

/** The last day of the (fiscal) quarter a date falls in. */
export function quarterEndOf(dateIso: string, fiscalYearStartMonth = 1): string {
  const year = Number(dateIso.slice(0, 4));
  const month = Number(dateIso.slice(5, 7)) - 1;
  const offset = (month - (fiscalYearStartMonth - 1) + 12) % 12;
  const endMonth = month + (2 - (offset % 3));
  // Day 0 of the following month is the last day of endMonth; Date.UTC rolls past December into the next year.
  return new Date(Date.UTC(year, endMonth + 1, 0)).toISOString().slice(0, 10);
}

export function isQuarterEndClose(dateIso: string, fiscalYearStartMonth = 1): boolean {
  return dayNumber(quarterEndOf(dateIso, fiscalYearStartMonth)) - dayNumber(dateIso) < QUARTER_END_DAYS;
}

type Deal = { id: string; quarterEnd: boolean };

function quarterRow(ownerAe: string | null, deals: readonly Deal[]): QuarterEndCounts {
  const late = deals.filter((d) => d.quarterEnd);
  return {
    ownerAe,
    deals: deals.length,
    quarterEnd: late.length,
    percent: sharePercent(late.length, deals.length),
    accountIds: late.map((d) => d.id),
  };
}

type QuarterEndCounts = Omit<z.infer<typeof QuarterEndRowSchema>, 'arr'>;

/** The capacity figures but the quarter-end deals' ARR, which capacityArr adds. */
export type CapacityCounts = Omit<Capacity, 'quarterEnd'> & { quarterEnd: { total: QuarterEndCounts; byAe: QuarterEndCounts[] } };

/**
 * The quarter-end deals' ARR per currency, summed over their accounts in the
 * order listed: a few accounts of the period's deals, so an ARR edit keeps the
 * rest of the figures (capacityCounts reads no ARR).
 */
export function capacityArr(counts: CapacityCounts, accountsById: ReadonlyMap<string, Pick<Account, 'arr' | 'currency'>>): Capacity {
  const withArr = (row: QuarterEndCounts) => ({
    ...row,
    arr: sumByCurrency(
      row.accountIds.map((id) => {
        const a = accountsById.get(id)!;
        return { currency: a.currency, amount: a.arr };
      }),
    ),
  });
  return { ...counts, quarterEnd: { total: withArr(counts.quarterEnd.total), byAe: counts.quarterEnd.byAe.map(withArr) } };
}

/** The account fields capacityCounts reads (see ACCOUNT_FIELDS in dashboard.ts): not the ARR, see capacityArr. */
export const CAPACITY_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm', 'closedWonDate', 'lifecycleStage'] as const;
type CapacityAccount = Pick<Account, (typeof CAPACITY_ACCOUNT_FIELDS)[number]>;

/** What sales hands over: onboarding load per CSM and quarter-end deals (see CAPACITY_DEFINITIONS). */
export function capacity(
  accounts: readonly Pick<Account, (typeof CAPACITY_ACCOUNT_FIELDS)[number] | 'arr' | 'currency'>[],
  options: CapacityOptions,
  filter?: DashboardFilter,
): Capacity {
  return capacityArr(capacityCounts(accounts, options, filter), new Map(accounts.map((a) => [a.id, a])));
}

/** capacity but the quarter-end deals' ARR. */
export function capacityCounts(accounts: readonly CapacityAccount[], options: CapacityOptions, filter?: DashboardFilter): CapacityCounts {
  const { csmCapacity, fiscalYearStartMonth } = CapacityOptionsSchema.parse(options);
  const selected = selectAccounts(accounts, filter);
  const notCounted: NotCounted[] = [];

  const byCsm = new Map<string, string[]>();
  const unassigned: string[] = [];
  for (let n = 0; n < selected.length; n++) {
    const a = selected[n]!;
    if (a.lifecycleStage !== 'onboarding') continue;
    if (!a.csm) unassigned.push(a.id);
    else {
      const ids = byCsm.get(a.csm);
      if (ids) ids.push(a.id);
      else byCsm.set(a.csm, [a.id]);
    }
  }

  const deals: (Deal & { ownerAe?: string })[] = [];
  // Thousands of deals close on a few hundred dates: each date's answer is worked out once.
  const closeByDate = new Map<string, boolean>();
  const quarterEndClose = (date: string) => {
    let close = closeByDate.get(date);
    if (close === undefined) closeByDate.set(date, (close = isQuarterEndClose(date, fiscalYearStartMonth)));
    return close;
  };
  for (let n = 0; n < selected.length; n++) {
    const a = selected[n]!;
    if (!a.closedWonDate) {
      notCounted.push({
        metric: 'quarterEndDeals',
        recordType: 'account',
        id: a.id,
        accountId: a.id,
        name: a.name,
        because: 'no closed-won date, so its quarter is unknown',
      });
      continue;
    }
    if (!inPeriod(a.closedWonDate, filter)) continue;
    deals.push({ id: a.id, ownerAe: a.ownerAe, quarterEnd: quarterEndClose(a.closedWonDate) });
    if (!a.ownerAe) {
      notCounted.push({
        metric: 'quarterEndDeals.byAe',
        recordType: 'account',
        id: a.id,
        accountId: a.id,
        name: a.name,
        because: 'no owner AE, so it counts in the total but under no account executive',
      });
    }
  }
  const aes = [...new Set(deals.flatMap((d) => (d.ownerAe ? [d.ownerAe] : [])))].sort(byText);

  return {
    onboarding: {
      capacity: csmCapacity,
      total: [...byCsm.values()].reduce((n, ids) => n + ids.length, 0) + unassigned.length,
      byCsm: [...byCsm.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([csm, ids]) => ({
          csm,
          count: ids.length,
          loadPercent: Math.round((ids.length / csmCapacity) * 100),
          overCapacity: ids.length > csmCapacity,
          accountIds: ids,
        })),
      unassigned: { count: unassigned.length, accountIds: unassigned },
    },
    quarterEnd: {
      total: quarterRow(null, deals),
      byAe: aes.map((ae) =>
        quarterRow(
          ae,
          deals.filter((d) => d.ownerAe === ae),
        ),
      ),
    },
    notCounted,
  };
}
