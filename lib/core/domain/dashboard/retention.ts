import { z } from 'zod';
import type { Account } from '../account';
import { IsoDateSchema } from '../primitives';
import { arrAt, arrBefore, buildArrTimelines, type ArrChange, type ArrTimeline } from './arr-history';
import { AccountIdsSchema, byText, CurrencyCodeSchema, NotCountedSchema, ratioPercent, type MetricDefinition, type NotCounted } from './common';
import { selectAccounts, type DashboardFilter } from './filters';

export const RETENTION_DEFINITIONS = {
  nrr: {
    label: 'Net revenue retention',
    definition:
      'ARR at the end of the period of the accounts that were paying at its start, divided by their ARR at its start. Expansion, contraction and churn count; new accounts won during the period do not. Computed from the ARR history, per currency.',
  },
  grr: {
    label: 'Gross revenue retention',
    definition:
      'Like net revenue retention, but each account counts at most its ARR at the start of the period: contraction and churn lower it, expansion cannot raise it. Never above 100%.',
  },
  expansion: {
    label: 'Expansion ARR',
    definition: 'ARR added during the period by expansions and renewal price increases, on any account, per currency.',
  },
} as const satisfies Record<string, MetricDefinition>;

export const RetentionCurrencySchema = z.object({
  currency: CurrencyCodeSchema,
  // The accounts paying at the start of the period.
  startArr: z.number().min(0),
  endArr: z.number().min(0),
  // End ARR with each account capped at its start ARR.
  retainedArr: z.number().min(0),
  // null when nothing was paying at the start.
  nrrPercent: z.number().min(0).nullable(),
  grrPercent: z.number().min(0).max(100).nullable(),
  movements: z.object({
    new: z.number().min(0),
    expansion: z.number().min(0),
    contraction: z.number().min(0),
    churn: z.number().min(0),
  }),
  cohortAccountIds: AccountIdsSchema,
  newAccountIds: AccountIdsSchema,
  expandedAccountIds: AccountIdsSchema,
  contractedAccountIds: AccountIdsSchema,
  churnedAccountIds: AccountIdsSchema,
});

export const RetentionSchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  byCurrency: z.array(RetentionCurrencySchema),
  notCounted: z.array(NotCountedSchema),
  // Records read with a correction (see buildArrTimelines).
  adjusted: z.array(NotCountedSchema),
});

export type RetentionCurrency = z.infer<typeof RetentionCurrencySchema>;
export type Retention = z.infer<typeof RetentionSchema>;

/** The account fields revenueRetention reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const RETENTION_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm'] as const;

export interface RetentionInput {
  accounts: readonly Pick<Account, (typeof RETENTION_ACCOUNT_FIELDS)[number]>[];
  arrChanges: readonly ArrChange[];
  // Already built from arrChanges (computeDashboard shares them across sections).
  timelines?: ReadonlyMap<string, ArrTimeline>;
  // The accounts by id, when already built (computeDashboard keeps them between filter changes).
  accountsById?: ReadonlyMap<string, unknown>;
}

interface Acc {
  row: RetentionCurrency;
  cohort: Set<string>;
  added: Set<string>;
  expanded: Set<string>;
  contracted: Set<string>;
  churned: Set<string>;
}

/**
 * Net and gross revenue retention and the ARR movements over the filter's
 * period, from the ARR history (see RETENTION_DEFINITIONS). The period's start
 * level is the ARR after every change dated before `from`; its end level, after
 * every change dated on or before `to`.
 */
export function revenueRetention(input: RetentionInput, filter: DashboardFilter): Retention {
  const { from, to } = filter;
  const accounts = selectAccounts(input.accounts, filter);
  const known: { has(id: string): boolean } = input.accountsById ?? new Set(input.accounts.map((a) => a.id));
  const timelines = input.timelines ?? buildArrTimelines(input.arrChanges);
  const notCounted: NotCounted[] = [];
  const adjusted: NotCounted[] = [];
  const perCurrency = new Map<string, Acc>();
  const bucket = (currency: string): Acc => {
    let acc = perCurrency.get(currency);
    if (!acc) {
      acc = {
        row: {
          currency,
          startArr: 0,
          endArr: 0,
          retainedArr: 0,
          nrrPercent: null,
          grrPercent: null,
          movements: { new: 0, expansion: 0, contraction: 0, churn: 0 },
          cohortAccountIds: [],
          newAccountIds: [],
          expandedAccountIds: [],
          contractedAccountIds: [],
          churnedAccountIds: [],
        },
        cohort: new Set(),
        added: new Set(),
        expanded: new Set(),
        contracted: new Set(),
        churned: new Set(),
      };
      perCurrency.set(currency, acc);
    }
    return acc;
  };
  const skip = (a: Pick<Account, 'id' | 'name'>, because: string) =>
    notCounted.push({ metric: 'retention', recordType: 'account', id: a.id, accountId: a.id, name: a.name, because });

  for (let n = 0; n < accounts.length; n++) {
    const account = accounts[n]!;
    const timeline = timelines.get(account.id);
    if (!timeline || timeline.points.length === 0) {
      skip(account, 'no ARR history is recorded, so its ARR over the period is unknown');
      continue;
    }
    if (timeline.currencies.length > 1) {
      skip(account, `its ARR history mixes currencies (${timeline.currencies.join(', ')}), which cannot be added up`);
      continue;
    }
    for (let j = 0; j < timeline.adjustments.length; j++) {
      const a = timeline.adjustments[j]!;
      adjusted.push({ metric: 'retention', recordType: 'arr-change', id: a.changeId, accountId: account.id, name: account.name, because: a.because });
    }
    const acc = bucket(timeline.currency!);
    const start = arrBefore(timeline, from);
    const end = arrAt(timeline, to);
    if (start > 0) {
      acc.row.startArr += start;
      acc.row.endArr += end;
      acc.row.retainedArr += Math.min(start, end);
      acc.cohort.add(account.id);
    }
    for (let j = 0; j < timeline.points.length; j++) {
      const p = timeline.points[j]!;
      if (p.date < from || p.date > to || p.delta === 0) continue;
      const m = acc.row.movements;
      if (p.delta > 0) {
        if (p.reason === 'new') {
          m.new += p.delta;
          acc.added.add(account.id);
        } else {
          m.expansion += p.delta;
          acc.expanded.add(account.id);
        }
      } else if (p.arrAfter === 0) {
        m.churn -= p.delta;
        acc.churned.add(account.id);
      } else {
        m.contraction -= p.delta;
        acc.contracted.add(account.id);
      }
    }
  }

  // History for ids that are no account at all cannot be filtered or shown; say so.
  for (let n = 0; n < input.arrChanges.length; n++) {
    const c = input.arrChanges[n]!;
    if (!known.has(c.accountId)) {
      notCounted.push({
        metric: 'retention',
        recordType: 'arr-change',
        id: c.id,
        accountId: c.accountId,
        name: c.accountId,
        because: 'it belongs to no known account',
      });
    }
  }

  const sorted = (s: Set<string>) => [...s].sort(byText);
  const byCurrency = [...perCurrency.values()]
    .sort((a, b) => byText(a.row.currency, b.row.currency))
    .map(({ row, cohort, added, expanded, contracted, churned }) => ({
      ...row,
      nrrPercent: ratioPercent(row.endArr, row.startArr),
      grrPercent: ratioPercent(row.retainedArr, row.startArr),
      cohortAccountIds: sorted(cohort),
      newAccountIds: sorted(added),
      expandedAccountIds: sorted(expanded),
      contractedAccountIds: sorted(contracted),
      churnedAccountIds: sorted(churned),
    }));
  return { from, to, byCurrency, notCounted, adjusted };
}
