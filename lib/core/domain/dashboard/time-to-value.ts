import { z } from 'zod';
import { SegmentSchema, type Account, type Segment } from '../account';
import { toIsoDate } from '../dates';
import type { HealthSnapshot } from '../health-snapshot';
import { IdSchema, IsoDateSchema, ShortTextSchema } from '../primitives';
import {
  accountNotCounted,
  AccountIdsSchema,
  dayNumber,
  groupByKey,
  isoFromDayNumber,
  NotCountedSchema,
  partsAfter,
  partsForPeriod,
  partsOf,
  type MetricDefinition,
  type NotCounted,
} from './common';
import { inPeriod, selectAccounts, type DashboardFilter } from './filters';
import { OverlayMap } from './overlay-map';

export const TIME_TO_VALUE_DEFINITIONS = {
  timeToValue: {
    label: 'Time to value',
    definition:
      "Calendar days from closed-won to the first value the customer achieved, for accounts closed-won in the period that have reached it: the median and the mean, overall and by segment. The first-value date is a recorded one (for example a success-plan milestone) when there is one, otherwise the kickoff date plus the health data's days to first value. Accounts that have not reached it yet are shown as waiting.",
  },
} as const satisfies Record<string, MetricDefinition>;

// A first value achieved, from any source that knows it (a success-plan
// milestone, a CSM's note); the earliest one per account counts.
export const FirstValueSchema = z.object({ accountId: IdSchema, date: IsoDateSchema, source: ShortTextSchema.optional() });

export const TimeToValueRowSchema = z.object({
  // null on the total row.
  segment: SegmentSchema.nullable(),
  reached: z.number().int().min(0),
  medianDays: z.number().min(0).nullable(),
  averageDays: z.number().min(0).nullable(),
  accountIds: AccountIdsSchema,
  waitingAccountIds: AccountIdsSchema,
  // Churned without ever reaching first value.
  churnedBeforeValueAccountIds: AccountIdsSchema,
});

export const TimeToValueSchema = z.object({
  total: TimeToValueRowSchema,
  bySegment: z.array(TimeToValueRowSchema),
  accounts: z.array(
    z.object({ accountId: z.string(), days: z.number().int().min(0), firstValueDate: IsoDateSchema, source: z.enum(['recorded', 'health-data']) }),
  ),
  notCounted: z.array(NotCountedSchema),
});

export type FirstValue = z.infer<typeof FirstValueSchema>;
export type TimeToValueRow = z.infer<typeof TimeToValueRowSchema>;
export type TimeToValue = z.infer<typeof TimeToValueSchema>;

/** The account fields timeToValue reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const TIME_TO_VALUE_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm', 'closedWonDate', 'kickoffDate', 'lifecycleStage'] as const;

export interface TimeToValueInput {
  accounts: readonly Pick<Account, (typeof TIME_TO_VALUE_ACCOUNT_FIELDS)[number]>[];
  snapshots: readonly Pick<HealthSnapshot, 'accountId' | 'date' | 'daysToFirstValue'>[];
  firstValues?: readonly FirstValue[];
  // firstValueSources for these inputs and this day, when already worked out (computeDashboard keeps them between filter changes).
  sources?: FirstValueSources;
}

/** Each account's recorded first value and the health data's latest days to first value, as of `today`. */
export interface FirstValueSources {
  recorded: ReadonlyMap<string, string>;
  fromHealth: { get(accountId: string): { date: string; days: number } | undefined };
}

type DaysReading = TimeToValueInput['snapshots'][number];

// Of one account's readings, the latest up to today that gives days to first value (of one date, the last given).
function latestDaysToValue(snapshots: readonly DaysReading[], today: string): { date: string; days: number } | undefined {
  let latest: DaysReading | undefined;
  for (let i = 0; i < snapshots.length; i++) {
    const s = snapshots[i]!;
    if (s.daysToFirstValue === undefined || s.date > today) continue;
    if (!latest || s.date >= latest.date) latest = s;
  }
  return latest && { date: latest.date, days: latest.daysToFirstValue! };
}

// Filled as accounts are asked for; laid over the memo of the sources it came from after a write (OverlayMap).
type ReadMemo = ReadonlyMap<string, { date: string; days: number } | null> & {
  set(accountId: string, found: { date: string; days: number } | null): unknown;
};

// The health data's days to first value per account, read from the account's readings the first time it is asked
// for: a period's cohort is a small part of a portfolio, and reading every reading for every account was a large
// part of a first open.
class FirstValuesFromHealth {
  readonly #byAccount: ReadonlyMap<string, readonly DaysReading[]>;
  readonly #today: string;
  readonly #read: ReadMemo;
  constructor(byAccount: ReadonlyMap<string, readonly DaysReading[]>, today: string, read: ReadMemo = new Map()) {
    this.#byAccount = byAccount;
    this.#today = today;
    this.#read = read;
  }
  /** These first values over `byAccount`, which differs only in the readings of `accounts`: those are read again. */
  after(byAccount: ReadonlyMap<string, readonly DaysReading[]>, accounts: ReadonlySet<string>): FirstValuesFromHealth {
    return new FirstValuesFromHealth(byAccount, this.#today, OverlayMap.of(this.#read, accounts));
  }
  get(accountId: string): { date: string; days: number } | undefined {
    let found = this.#read.get(accountId);
    if (found === undefined) {
      found = latestDaysToValue(this.#byAccount.get(accountId) ?? [], this.#today) ?? null;
      this.#read.set(accountId, found);
    }
    return found ?? undefined;
  }
}

/**
 * The first-value sources; the health data's part is read per account when asked for, from the readings grouped
 * by account (in the order given), grouped here unless the caller has them already.
 */
export function firstValueSources(
  input: Pick<TimeToValueInput, 'snapshots' | 'firstValues'>,
  today: string,
  snapshotsByAccount?: ReadonlyMap<string, readonly DaysReading[]>,
): FirstValueSources {
  const recorded = new Map<string, string>();
  const firstValues = input.firstValues ?? [];
  for (let n = 0; n < firstValues.length; n++) {
    const f = firstValues[n]!;
    const prev = recorded.get(f.accountId);
    if (f.date <= today && (!prev || f.date < prev)) recorded.set(f.accountId, f.date);
  }
  const byAccount = snapshotsByAccount ?? groupByKey(input.snapshots, (s) => s.accountId);
  return { recorded, fromHealth: new FirstValuesFromHealth(byAccount, today) };
}

/**
 * `sources` after writes to `accounts` (their readings, `snapshotsByAccount`,
 * and the recorded first values, `input`, unless `sameRecorded`), without
 * reading again the other accounts' readings.
 */
export function firstValueSourcesAfter(
  sources: FirstValueSources,
  input: Pick<TimeToValueInput, 'snapshots' | 'firstValues'>,
  today: string,
  snapshotsByAccount: ReadonlyMap<string, readonly DaysReading[]>,
  accounts: ReadonlySet<string>,
  sameRecorded = false,
): FirstValueSources {
  const fresh = firstValueSources({ snapshots: input.snapshots, firstValues: sameRecorded ? [] : input.firstValues }, today, snapshotsByAccount);
  return {
    recorded: sameRecorded ? sources.recorded : fresh.recorded,
    fromHealth: sources.fromHealth instanceof FirstValuesFromHealth ? sources.fromHealth.after(snapshotsByAccount, accounts) : fresh.fromHealth,
  };
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = xs.sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mean = (xs: readonly number[]) => {
  if (xs.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]!;
  return Math.round((sum / xs.length) * 10) / 10;
};

/**
 * One account's part in the figures, at its place in the accounts the filter
 * selects: counted (reached first value or waiting), or not counted and why.
 * Accounts outside the period have none.
 */
type Part =
  | { at: number; accountId: string; segment: Segment; churned: boolean; reached: TimeToValue['accounts'][number] | null }
  | { at: number; skipped: NotCounted };

/** The figures with the parts they were made of, so a write to a few accounts works out only theirs again. */
export type TimeToValueKept = { figures: TimeToValue; parts: readonly Part[] };

type RowLists = { days: number[]; accountIds: string[]; waitingAccountIds: string[]; churnedBeforeValueAccountIds: string[] };
const rowLists = (): RowLists => ({ days: [], accountIds: [], waitingAccountIds: [], churnedBeforeValueAccountIds: [] });
function rowOf(segment: Segment | null, lists: RowLists): TimeToValueRow {
  // The mean first: the median sorts the days in place.
  const averageDays = mean(lists.days);
  return {
    segment,
    reached: lists.accountIds.length,
    medianDays: median(lists.days),
    averageDays,
    accountIds: lists.accountIds,
    waitingAccountIds: lists.waitingAccountIds,
    churnedBeforeValueAccountIds: lists.churnedBeforeValueAccountIds,
  };
}

// The figures from the parts, in one pass (their order is the accounts' order).
function figuresOf(parts: readonly Part[]): TimeToValue {
  const total = rowLists();
  const bySegment = new Map<Segment, RowLists>();
  const accounts: TimeToValue['accounts'] = [];
  const notCounted: NotCounted[] = [];
  for (let n = 0; n < parts.length; n++) {
    const part = parts[n]!;
    if ('skipped' in part) {
      notCounted.push(part.skipped);
      continue;
    }
    let segment = bySegment.get(part.segment);
    if (!segment) bySegment.set(part.segment, (segment = rowLists()));
    for (const lists of [total, segment]) {
      if (part.reached) {
        lists.days.push(part.reached.days);
        lists.accountIds.push(part.accountId);
      } else if (part.churned) lists.churnedBeforeValueAccountIds.push(part.accountId);
      else lists.waitingAccountIds.push(part.accountId);
    }
    if (part.reached) accounts.push(part.reached);
  }
  return {
    total: rowOf(null, total),
    bySegment: SegmentSchema.options.flatMap((s) => {
      const lists = bySegment.get(s);
      return lists ? [rowOf(s, lists)] : [];
    }),
    accounts,
    notCounted,
  };
}

type TtvAccount = TimeToValueInput['accounts'][number];

function partOf(account: TtvAccount, at: number, sources: FirstValueSources, today: string, filter?: DashboardFilter): Part | null {
  const skipped = (because: string): Part => ({
    at,
    skipped: accountNotCounted(account, 'timeToValue', because),
  });
  const close = account.closedWonDate;
  if (!close) return skipped('no closed-won date to count from');
  if (!inPeriod(close, filter)) return null;
  let value: { date: string; source: 'recorded' | 'health-data' } | null = null;
  const rec = sources.recorded.get(account.id);
  const health = sources.fromHealth.get(account.id);
  if (rec) value = { date: rec, source: 'recorded' };
  else if (health && !account.kickoffDate) {
    return skipped(`the health data says first value came ${health.days} days after kickoff, but there is no kickoff date`);
  } else if (health && account.kickoffDate) {
    const date = isoFromDayNumber(dayNumber(account.kickoffDate) + health.days);
    if (date <= today) value = { date, source: 'health-data' };
  }
  const churned = account.lifecycleStage === 'churned';
  if (!value) return { at, accountId: account.id, segment: account.segment, churned, reached: null };
  const days = dayNumber(value.date) - dayNumber(close);
  if (days < 0) return skipped(`its first value (${value.date}) is dated before the deal closed (${close})`);
  return {
    at,
    accountId: account.id,
    segment: account.segment,
    churned,
    reached: { accountId: account.id, days, firstValueDate: value.date, source: value.source },
  };
}

/** Closed-won → first value (see TIME_TO_VALUE_DEFINITIONS). A first value dated after today has not happened yet. */
export function timeToValue(input: TimeToValueInput, now: Date, filter?: DashboardFilter): TimeToValue {
  return timeToValueKept(input, now, filter).figures;
}

/** timeToValue, with the parts it was made of. */
export function timeToValueKept(input: TimeToValueInput, now: Date, filter?: DashboardFilter): TimeToValueKept {
  const today = toIsoDate(now);
  const sources = input.sources ?? firstValueSources(input, today);
  const parts = partsOf(selectAccounts(input.accounts, filter), (account, at) => partOf(account, at, sources, today, filter));
  return { figures: figuresOf(parts), parts };
}

/** timeToValueKept from `near`, the same for the same inputs and accounts under another period (partsForPeriod). */
export function timeToValueForPeriod(near: TimeToValueKept, input: TimeToValueInput, now: Date, filter: DashboardFilter): TimeToValueKept {
  const today = toIsoDate(now);
  const sources = input.sources ?? firstValueSources(input, today);
  const parts = partsForPeriod(near.parts, selectAccounts(input.accounts, filter), filter, (account, at) =>
    partOf(account, at, sources, today, filter),
  );
  return { figures: figuresOf(parts), parts };
}

/**
 * timeToValueKept over inputs that differ from `previous`'s only in the first-value sources of `accounts`: only
 * their parts are worked out again. The accounts must be the same, in the same order, as for `previous`.
 */
export function timeToValueAfter(
  previous: TimeToValueKept,
  accounts: ReadonlySet<string>,
  input: TimeToValueInput & { sources: FirstValueSources; accountsById: ReadonlyMap<string, TtvAccount> },
  now: Date,
  filter?: DashboardFilter,
): TimeToValueKept {
  const today = toIsoDate(now);
  const parts = partsAfter(previous.parts, accounts, selectAccounts(input.accounts, filter), input.accountsById, (account, at) =>
    partOf(account, at, input.sources, today, filter),
  );
  return { figures: figuresOf(parts), parts };
}
