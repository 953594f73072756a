import { z } from 'zod';
import type { Account } from '../account';
import { IsoDateSchema } from '../primitives';
import { buildArrTimelines, type ArrChange, type ArrTimeline } from './arr-history';
import {
  accountNotCounted,
  AccountIdsSchema,
  byText,
  CurrencyCodeSchema,
  NotCountedSchema,
  partsAfter,
  partsOf,
  ratioPercent,
  type MetricDefinition,
  type NotCounted,
} from './common';
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

type Movement = 'new' | 'expansion' | 'contraction' | 'churn';

/**
 * One selected account's part in the figures, at its place among the accounts
 * the filter selects: not counted and why, or its currency, its ARR at the
 * period's start and end, and its ARR movements in the period in date order.
 */
type Part = { at: number; skipped: NotCounted } | Counted;
// With the history it was read from, so the same account's part for another period reads it without a lookup.
type Counted = {
  at: number;
  accountId: string;
  currency: string;
  start: number;
  end: number;
  moves: { kind: Movement; amount: number }[];
  adjusted: NotCounted[];
  timeline: ArrTimeline;
};

/** The figures with the parts they were made of, so a write to a few accounts works out only theirs again. */
export type RetentionKept = {
  figures: Retention;
  parts: readonly Part[];
  // The ARR changes of ids that are no account, listed after the accounts not counted.
  unknown: readonly NotCounted[];
};

type RetentionAccount = RetentionInput['accounts'][number];

// Shared by the parts with nothing to list (most accounts, most periods): nothing reads a part to change it.
const NOTHING: never[] = [];

function partOf(account: RetentionAccount, at: number, timelines: ReadonlyMap<string, ArrTimeline>, from: string, to: string): Part {
  const timeline = timelines.get(account.id);
  if (!timeline || timeline.points.length === 0) {
    return { at, skipped: accountNotCounted(account, 'retention', 'no ARR history is recorded, so its ARR over the period is unknown') };
  }
  if (timeline.currencies.length > 1) {
    const because = `its ARR history mixes currencies (${timeline.currencies.join(', ')}), which cannot be added up`;
    return { at, skipped: accountNotCounted(account, 'retention', because) };
  }
  const adjusted =
    timeline.adjustments.length === 0
      ? NOTHING
      : timeline.adjustments.map((a): NotCounted => ({
          metric: 'retention',
          recordType: 'arr-change',
          id: a.changeId,
          accountId: account.id,
          name: account.name,
          because: a.because,
        }));
  return countedPart(at, account.id, timeline, adjusted, from, to);
}

// One pass over the history, in date order: the level before the period (arrBefore), at its end (arrAt), and the
// movements within it.
function countedPart(at: number, accountId: string, timeline: ArrTimeline, adjusted: NotCounted[], from: string, to: string): Counted {
  let start = 0;
  let end = 0;
  let moves: { kind: Movement; amount: number }[] = NOTHING;
  const points = timeline.points;
  for (let j = 0; j < points.length; j++) {
    const p = points[j]!;
    if (p.date < from) {
      start = end = p.arrAfter;
      continue;
    }
    if (p.date > to) break;
    end = p.arrAfter;
    if (p.delta === 0) continue;
    if (moves === NOTHING) moves = [];
    if (p.delta > 0) moves.push({ kind: p.reason === 'new' ? 'new' : 'expansion', amount: p.delta });
    else moves.push({ kind: p.arrAfter === 0 ? 'churn' : 'contraction', amount: -p.delta });
  }
  return { at, accountId, currency: timeline.currency!, start, end, moves, adjusted, timeline };
}

// The accounts behind each figure, each listed once: an account's movements are all read before the next account's,
// so a list need only check its last entry (a set per figure cost more than the figures on a large portfolio).
interface Acc {
  row: RetentionCurrency;
  ids: Record<'cohort' | Movement, string[]>;
}

const listOnce = (list: string[], id: string) => {
  if (list[list.length - 1] !== id) list.push(id);
};

// The figures from the parts, summed in the accounts' order.
function figuresOf(parts: readonly Part[], unknown: readonly NotCounted[], from: string, to: string): Retention {
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
        ids: { cohort: [], new: [], expansion: [], contraction: [], churn: [] },
      };
      perCurrency.set(currency, acc);
    }
    return acc;
  };
  for (let n = 0; n < parts.length; n++) {
    const part = parts[n]!;
    if ('skipped' in part) {
      notCounted.push(part.skipped);
      continue;
    }
    if (part.adjusted.length > 0) adjusted.push(...part.adjusted);
    const acc = bucket(part.currency);
    if (part.start > 0) {
      acc.row.startArr += part.start;
      acc.row.endArr += part.end;
      acc.row.retainedArr += Math.min(part.start, part.end);
      acc.ids.cohort.push(part.accountId);
    }
    for (let j = 0; j < part.moves.length; j++) {
      const { kind, amount } = part.moves[j]!;
      acc.row.movements[kind] += amount;
      listOnce(acc.ids[kind], part.accountId);
    }
  }
  const sorted = (ids: string[]) => ids.sort(byText);
  const byCurrency = [...perCurrency.values()]
    .sort((a, b) => byText(a.row.currency, b.row.currency))
    .map(({ row, ids }) => ({
      ...row,
      nrrPercent: ratioPercent(row.endArr, row.startArr),
      grrPercent: ratioPercent(row.retainedArr, row.startArr),
      cohortAccountIds: sorted(ids.cohort),
      newAccountIds: sorted(ids.new),
      expandedAccountIds: sorted(ids.expansion),
      contractedAccountIds: sorted(ids.contraction),
      churnedAccountIds: sorted(ids.churn),
    }));
  return { from, to, byCurrency, notCounted: unknown.length > 0 ? notCounted.concat(unknown) : notCounted, adjusted };
}

/**
 * Net and gross revenue retention and the ARR movements over the filter's
 * period, from the ARR history (see RETENTION_DEFINITIONS). The period's start
 * level is the ARR after every change dated before `from`; its end level, after
 * every change dated on or before `to`.
 */
export function revenueRetention(input: RetentionInput, filter: DashboardFilter): Retention {
  return revenueRetentionKept(input, filter).figures;
}

/**
 * The ARR changes of ids that are no account at all: they cannot be filtered
 * or shown, so the figures say so. The same for every filter (the dashboard
 * keeps them while the accounts' ids and the history stand).
 */
export function arrChangesOfNoAccount(arrChanges: readonly ArrChange[], known: { has(id: string): boolean }): NotCounted[] {
  const unknown: NotCounted[] = [];
  for (let n = 0; n < arrChanges.length; n++) {
    const c = arrChanges[n]!;
    if (!known.has(c.accountId)) {
      unknown.push({
        metric: 'retention',
        recordType: 'arr-change',
        id: c.id,
        accountId: c.accountId,
        name: c.accountId,
        because: 'it belongs to no known account',
      });
    }
  }
  return unknown;
}

/** revenueRetention, with the parts it was made of; `unknown` is arrChangesOfNoAccount of the input when already worked out. */
export function revenueRetentionKept(
  input: RetentionInput,
  filter: DashboardFilter,
  unknown: readonly NotCounted[] = arrChangesOfNoAccount(input.arrChanges, input.accountsById ?? new Set(input.accounts.map((a) => a.id))),
): RetentionKept {
  const { from, to } = filter;
  const accounts = selectAccounts(input.accounts, filter);
  const timelines = input.timelines ?? buildArrTimelines(input.arrChanges);
  const parts = partsOf(accounts, (account, at) => partOf(account, at, timelines, from, to));
  return { figures: figuresOf(parts, unknown, from, to), parts, unknown };
}

/**
 * revenueRetentionKept from `near`, the same for the same inputs and accounts
 * under another period: an account not counted stays so whatever the period,
 * and a counted one's part is read again from the history it keeps.
 */
export function revenueRetentionForPeriod(near: RetentionKept, filter: DashboardFilter): RetentionKept {
  const { from, to } = filter;
  const parts = near.parts.map((p) => ('skipped' in p ? p : countedPart(p.at, p.accountId, p.timeline, p.adjusted, from, to)));
  return { figures: figuresOf(parts, near.unknown, from, to), parts, unknown: near.unknown };
}

/**
 * revenueRetentionKept over inputs that differ from `previous`'s only in the
 * ARR history of `accounts` (and their fields that this does not read): only
 * their parts are worked out again. A written id that is no account may have
 * history of its own: then every part is.
 */
export function revenueRetentionAfter(
  previous: RetentionKept,
  accounts: ReadonlySet<string>,
  input: RetentionInput & { timelines: ReadonlyMap<string, ArrTimeline>; accountsById: ReadonlyMap<string, RetentionAccount> },
  filter: DashboardFilter,
): RetentionKept {
  for (const id of accounts) if (!input.accountsById.has(id)) return revenueRetentionKept(input, filter);
  const { from, to } = filter;
  const parts = partsAfter(previous.parts, accounts, selectAccounts(input.accounts, filter), input.accountsById, (account, at) =>
    partOf(account, at, input.timelines, from, to),
  );
  return { figures: figuresOf(parts, previous.unknown, from, to), parts, unknown: previous.unknown };
}
