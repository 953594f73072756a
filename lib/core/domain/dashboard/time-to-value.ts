import { z } from 'zod';
import { SegmentSchema, type Account, type Segment } from '../account';
import { toIsoDate } from '../dates';
import type { HealthSnapshot } from '../health-snapshot';
import { IdSchema, IsoDateSchema, ShortTextSchema } from '../primitives';
import { AccountIdsSchema, dayNumber, groupByKey, isoFromDayNumber, NotCountedSchema, type MetricDefinition, type NotCounted } from './common';
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
 * and the recorded first values, `input`), without reading again the other
 * accounts' readings.
 */
export function firstValueSourcesAfter(
  sources: FirstValueSources,
  input: Pick<TimeToValueInput, 'snapshots' | 'firstValues'>,
  today: string,
  snapshotsByAccount: ReadonlyMap<string, readonly DaysReading[]>,
  accounts: ReadonlySet<string>,
): FirstValueSources {
  const fresh = firstValueSources({ snapshots: input.snapshots, firstValues: input.firstValues }, today, snapshotsByAccount);
  return sources.fromHealth instanceof FirstValuesFromHealth
    ? { ...fresh, fromHealth: sources.fromHealth.after(snapshotsByAccount, accounts) }
    : fresh;
}

const median = (xs: readonly number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);

type Entry = { accountId: string; segment: Segment; days: number | null; churned: boolean };

function row(segment: Segment | null, entries: readonly Entry[]): TimeToValueRow {
  const reached = entries.filter((e) => e.days !== null);
  const days = reached.map((e) => e.days!);
  return {
    segment,
    reached: reached.length,
    medianDays: median(days),
    averageDays: mean(days),
    accountIds: reached.map((e) => e.accountId),
    waitingAccountIds: entries.filter((e) => e.days === null && !e.churned).map((e) => e.accountId),
    churnedBeforeValueAccountIds: entries.filter((e) => e.days === null && e.churned).map((e) => e.accountId),
  };
}

/** Closed-won → first value (see TIME_TO_VALUE_DEFINITIONS). A first value dated after today has not happened yet. */
export function timeToValue(input: TimeToValueInput, now: Date, filter?: DashboardFilter): TimeToValue {
  const today = toIsoDate(now);
  const { recorded, fromHealth } = input.sources ?? firstValueSources(input, today);

  const notCounted: NotCounted[] = [];
  const skip = (a: Pick<Account, 'id' | 'name'>, because: string) =>
    notCounted.push({ metric: 'timeToValue', recordType: 'account', id: a.id, accountId: a.id, name: a.name, because });
  const entries: Entry[] = [];
  const accounts: TimeToValue['accounts'] = [];
  const selected = selectAccounts(input.accounts, filter);
  for (let n = 0; n < selected.length; n++) {
    const account = selected[n]!;
    const close = account.closedWonDate;
    if (!close) {
      skip(account, 'no closed-won date to count from');
      continue;
    }
    if (!inPeriod(close, filter)) continue;
    let value: { date: string; source: 'recorded' | 'health-data' } | null = null;
    const rec = recorded.get(account.id);
    const health = fromHealth.get(account.id);
    if (rec) value = { date: rec, source: 'recorded' };
    else if (health && !account.kickoffDate) {
      skip(account, `the health data says first value came ${health.days} days after kickoff, but there is no kickoff date`);
      continue;
    } else if (health && account.kickoffDate) {
      const date = isoFromDayNumber(dayNumber(account.kickoffDate) + health.days);
      if (date <= today) value = { date, source: 'health-data' };
    }
    const churned = account.lifecycleStage === 'churned';
    if (!value) {
      entries.push({ accountId: account.id, segment: account.segment, days: null, churned });
      continue;
    }
    const days = dayNumber(value.date) - dayNumber(close);
    if (days < 0) {
      skip(account, `its first value (${value.date}) is dated before the deal closed (${close})`);
      continue;
    }
    entries.push({ accountId: account.id, segment: account.segment, days, churned });
    accounts.push({ accountId: account.id, days, firstValueDate: value.date, source: value.source });
  }

  const segments = SegmentSchema.options.filter((s) => entries.some((e) => e.segment === s));
  return {
    total: row(null, entries),
    bySegment: segments.map((s) =>
      row(
        s,
        entries.filter((e) => e.segment === s),
      ),
    ),
    accounts,
    notCounted,
  };
}
