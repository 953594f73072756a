import { z } from 'zod';
import type { Account } from '../account';
import { toIsoDate } from '../dates';
import { buildArrTimelines, firstChurn, type ArrChange, type ArrTimeline } from './arr-history';
import {
  accountNotCounted,
  AccountIdsSchema,
  byText,
  dayNumber,
  MoneyByCurrencySchema,
  NotCountedSchema,
  partsAfter,
  partsForPeriod,
  partsOf,
  sharePercent,
  sumByCurrency,
  type MetricDefinition,
  type NotCounted,
} from './common';
import { inPeriod, selectAccounts, type DashboardFilter } from './filters';

export const EARLY_CHURN_WINDOW_DAYS = 90;

export const EARLY_CHURN_DEFINITIONS = {
  earlyChurn: {
    label: 'Churn within 90 days of close',
    definition:
      "Of the accounts closed-won in the period whose first 90 days are over (or that churned within them), the share that churned within 90 days of the close, by originating account executive (the account's owner AE). The churn date is the first drop to 0 ARR in the ARR history. Accounts still inside their first 90 days are pending and not in the share.",
  },
} as const satisfies Record<string, MetricDefinition>;

export const EarlyChurnRowSchema = z.object({
  // null on the total row.
  ownerAe: z.string().nullable(),
  judged: z.number().int().min(0),
  churned: z.number().int().min(0),
  percent: z.number().int().min(0).max(100).nullable(),
  accountIds: AccountIdsSchema,
  churnedAccountIds: AccountIdsSchema,
  pendingAccountIds: AccountIdsSchema,
  // ARR the early churns took with them (the level just before the churn).
  churnedArr: MoneyByCurrencySchema,
});

export const EarlyChurnSchema = z.object({
  windowDays: z.number().int(),
  total: EarlyChurnRowSchema,
  byAe: z.array(EarlyChurnRowSchema),
  notCounted: z.array(NotCountedSchema),
});

export type EarlyChurnRow = z.infer<typeof EarlyChurnRowSchema>;
export type EarlyChurn = z.infer<typeof EarlyChurnSchema>;

/** The account fields earlyChurn reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const EARLY_CHURN_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm', 'closedWonDate', 'lifecycleStage', 'currency'] as const;

export interface EarlyChurnInput {
  accounts: readonly Pick<Account, (typeof EARLY_CHURN_ACCOUNT_FIELDS)[number]>[];
  arrChanges: readonly ArrChange[];
  // Already built from arrChanges (computeDashboard shares them across sections).
  timelines?: ReadonlyMap<string, ArrTimeline>;
}

type Outcome = { accountId: string; state: 'churned' | 'retained' | 'pending'; lost?: { currency: string; amount: number } };

function row(ownerAe: string | null, outcomes: readonly Outcome[]): EarlyChurnRow {
  const judged = outcomes.filter((o) => o.state !== 'pending');
  const churned = outcomes.filter((o) => o.state === 'churned');
  return {
    ownerAe,
    judged: judged.length,
    churned: churned.length,
    percent: sharePercent(churned.length, judged.length),
    accountIds: judged.map((o) => o.accountId),
    churnedAccountIds: churned.map((o) => o.accountId),
    pendingAccountIds: outcomes.filter((o) => o.state === 'pending').map((o) => o.accountId),
    churnedArr: sumByCurrency(churned.flatMap((o) => (o.lost ? [o.lost] : []))),
  };
}

// One account's part in the figures, at its place in the accounts the filter selects: its outcome, if it is judged
// or pending, and why it is not counted where it is not. Accounts closed outside the period have none.
type Part = { at: number; outcome: Outcome | null; ownerAe: string | null; skipped: NotCounted[] };

/** The figures with the parts they were made of, so a write to a few accounts works out only theirs again. */
export type EarlyChurnKept = { figures: EarlyChurn; parts: readonly Part[] };

type ChurnAccount = EarlyChurnInput['accounts'][number];

function partOf(
  account: ChurnAccount,
  at: number,
  timelines: ReadonlyMap<string, ArrTimeline>,
  today: number,
  filter?: DashboardFilter,
): Part | null {
  const skip = (metric: string, because: string) => accountNotCounted(account, metric, because);
  const close = account.closedWonDate;
  if (!close) return { at, outcome: null, ownerAe: null, skipped: [skip('earlyChurn', 'no closed-won date to count 90 days from')] };
  if (!inPeriod(close, filter)) return null;
  const timeline = timelines.get(account.id);
  const churn = timeline ? firstChurn(timeline, close) : null;
  let outcome: Outcome;
  if (churn && dayNumber(churn.date) - dayNumber(close) <= EARLY_CHURN_WINDOW_DAYS) {
    outcome = { accountId: account.id, state: 'churned', lost: { currency: timeline?.currency ?? account.currency, amount: churn.arrBefore } };
  } else if (!churn && account.lifecycleStage === 'churned') {
    const because = 'it churned, but the ARR history has no churn date, so it is not known whether that was within 90 days';
    return { at, outcome: null, ownerAe: null, skipped: [skip('earlyChurn', because)] };
  } else if (today - dayNumber(close) >= EARLY_CHURN_WINDOW_DAYS) {
    outcome = { accountId: account.id, state: 'retained' };
  } else {
    outcome = { accountId: account.id, state: 'pending' };
  }
  if (account.ownerAe) return { at, outcome, ownerAe: account.ownerAe, skipped: [] };
  return { at, outcome, ownerAe: null, skipped: [skip('earlyChurn.byAe', 'no owner AE, so it counts in the total but under no account executive')] };
}

function figuresOf(parts: readonly Part[]): EarlyChurn {
  const notCounted: NotCounted[] = [];
  const all: Outcome[] = [];
  const byAe = new Map<string, Outcome[]>();
  for (let n = 0; n < parts.length; n++) {
    const { outcome, ownerAe, skipped } = parts[n]!;
    if (skipped.length > 0) notCounted.push(...skipped);
    if (!outcome) continue;
    all.push(outcome);
    if (ownerAe === null) continue;
    const list = byAe.get(ownerAe);
    if (list) list.push(outcome);
    else byAe.set(ownerAe, [outcome]);
  }
  return {
    windowDays: EARLY_CHURN_WINDOW_DAYS,
    total: row(null, all),
    byAe: [...byAe.entries()].sort(([a], [b]) => byText(a, b)).map(([ae, list]) => row(ae, list)),
    notCounted,
  };
}

/** Churn within 90 days of close, overall and by owner AE (see EARLY_CHURN_DEFINITIONS). */
export function earlyChurn(input: EarlyChurnInput, now: Date, filter?: DashboardFilter): EarlyChurn {
  return earlyChurnKept(input, now, filter).figures;
}

/** earlyChurn, with the parts it was made of. */
export function earlyChurnKept(input: EarlyChurnInput, now: Date, filter?: DashboardFilter): EarlyChurnKept {
  const timelines = input.timelines ?? buildArrTimelines(input.arrChanges);
  const today = dayNumber(toIsoDate(now));
  const parts = partsOf(selectAccounts(input.accounts, filter), (account, at) => partOf(account, at, timelines, today, filter));
  return { figures: figuresOf(parts), parts };
}

/** earlyChurnKept from `near`, the same for the same inputs and accounts under another period (partsForPeriod). */
export function earlyChurnForPeriod(near: EarlyChurnKept, input: EarlyChurnInput, now: Date, filter: DashboardFilter): EarlyChurnKept {
  const timelines = input.timelines ?? buildArrTimelines(input.arrChanges);
  const today = dayNumber(toIsoDate(now));
  const parts = partsForPeriod(near.parts, selectAccounts(input.accounts, filter), filter, (account, at) =>
    partOf(account, at, timelines, today, filter),
  );
  return { figures: figuresOf(parts), parts };
}

/**
 * earlyChurnKept over inputs that differ from `previous`'s only in the ARR history of `accounts` (and their fields
 * that this does not read): only their parts are worked out again.
 */
export function earlyChurnAfter(
  previous: EarlyChurnKept,
  accounts: ReadonlySet<string>,
  input: EarlyChurnInput & { timelines: ReadonlyMap<string, ArrTimeline>; accountsById: ReadonlyMap<string, ChurnAccount> },
  now: Date,
  filter?: DashboardFilter,
): EarlyChurnKept {
  const today = dayNumber(toIsoDate(now));
  const parts = partsAfter(previous.parts, accounts, selectAccounts(input.accounts, filter), input.accountsById, (account, at) =>
    partOf(account, at, input.timelines, today, filter),
  );
  return { figures: figuresOf(parts), parts };
}
