import { z } from 'zod';
import type { Account } from '../account';
import { CommitmentKindSchema, RoadmapStatusSchema, type Commitment } from '../commitment';
import { isUndeliveredRoadmapGap } from '../commitment-status';
import { toIsoDate } from '../dates';
import { DEFAULT_HEALTH_WEIGHTS } from '../defaults';
import { healthBand, latestHealth } from '../health';
import type { HealthSnapshot, HealthWeights } from '../health-snapshot';
import { IsoDateSchema } from '../primitives';
import { buildArrTimelines, firstChurn, type ArrChange, type ArrTimeline } from './arr-history';
import {
  AccountIdsSchema,
  AccountLists,
  accountPlaces,
  byText,
  groupByKey,
  MoneyByCurrencySchema,
  NotCountedSchema,
  sumByCurrency,
  placesOf,
  UNKNOWN_ACCOUNT,
  type AccountPlaces,
  type MetricDefinition,
  type NotCounted,
} from './common';
import { inPeriod, matchesAccountFilter, selectsAccounts, type DashboardFilter } from './filters';
import type { HealthIndex } from './health-index';

// A fall of this many points (or into the at-risk band) is a health drop:
// smaller moves are within the week-to-week noise of the inputs.
export const HEALTH_DROP_POINTS = 10;

export const PROMISE_LEDGER_DEFINITIONS = {
  ledger: {
    label: 'Promise ledger',
    definition:
      "Commitments made in the period (by the day made, else the day recorded), by the person who made them (else the account's owner AE), kind and outcome. Delivered, pushed back and broken are as recorded; an open or in-progress commitment past its due date is overdue, otherwise open.",
  },
  roadmapGaps: {
    label: 'Roadmap-gap promises',
    definition:
      'Integration or feature commitments made in the period that are neither live nor on the roadmap (including unconfirmed ones) and not delivered, with the ARR of the accounts they were made to (each account once).',
  },
  brokenThenTrouble: {
    label: 'Broken promise, then churn or health drop',
    definition: `Accounts where a commitment made in the period was broken (dated by when it was last updated) and afterwards the account churned (ARR history) or its health score fell by ${HEALTH_DROP_POINTS} points or more, or into at-risk, from the last reading on or before the break to the latest reading.`,
  },
} as const satisfies Record<string, MetricDefinition>;

export const PromiseOutcomeSchema = z.enum(['delivered', 'pushed-back', 'broken', 'overdue', 'open']);
export type PromiseOutcome = z.infer<typeof PromiseOutcomeSchema>;

const OutcomeCountsSchema = z.object(
  Object.fromEntries(PromiseOutcomeSchema.options.map((o) => [o, z.number().int().min(0)])) as Record<PromiseOutcome, z.ZodNumber>,
);

export const PromiseLedgerCellSchema = z.object({
  kind: CommitmentKindSchema,
  outcome: PromiseOutcomeSchema,
  count: z.number().int().min(1),
  commitmentIds: z.array(z.string()),
  accountIds: AccountIdsSchema,
});

export const PromiseLedgerRowSchema = z.object({
  // The person who made the promises; null on the row for everyone.
  ae: z.string().nullable(),
  total: z.number().int().min(0),
  byOutcome: OutcomeCountsSchema,
  cells: z.array(PromiseLedgerCellSchema),
  // The accounts behind each outcome count, whatever the kind of promise.
  outcomes: z.array(z.object({ outcome: PromiseOutcomeSchema, accountIds: AccountIdsSchema })),
});

export const PromiseLedgerSchema = z.object({
  // Every commitment in scope, including those attributed to no one.
  all: PromiseLedgerRowSchema,
  byAe: z.array(PromiseLedgerRowSchema),
  roadmapGaps: z.object({
    count: z.number().int().min(0),
    commitmentIds: z.array(z.string()),
    accountIds: AccountIdsSchema,
    arr: MoneyByCurrencySchema,
    items: z.array(
      z.object({
        commitmentId: z.string(),
        accountId: z.string().nullable(),
        text: z.string(),
        kind: CommitmentKindSchema,
        roadmapStatus: RoadmapStatusSchema,
        outcome: PromiseOutcomeSchema,
        madeBy: z.string().nullable(),
      }),
    ),
  }),
  brokenThenTrouble: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      commitmentId: z.string(),
      brokenOn: IsoDateSchema,
      churnedOn: IsoDateSchema.nullable(),
      healthBefore: z.number().int().nullable(),
      healthAfter: z.number().int().nullable(),
    }),
  ),
  notCounted: z.array(NotCountedSchema),
});

export type PromiseLedgerRow = z.infer<typeof PromiseLedgerRowSchema>;
export type PromiseLedger = z.infer<typeof PromiseLedgerSchema>;

export interface PromiseLedgerInput {
  accounts: readonly Pick<Account, 'id' | 'name' | 'segment' | 'ownerAe' | 'csm' | 'arr' | 'currency'>[];
  commitments: readonly Commitment[];
  snapshots?: readonly HealthSnapshot[];
  arrChanges?: readonly ArrChange[];
  weights?: HealthWeights;
  // Already computed for these accounts (computeDashboard shares them across sections).
  health?: HealthIndex;
  timelines?: ReadonlyMap<string, ArrTimeline>;
  // The accounts by id, when already built (computeDashboard keeps them between filter changes).
  accountsById?: ReadonlyMap<string, PromiseLedgerInput['accounts'][number]>;
}

/** The ledger's outcome for a commitment; overdue exactly as commitmentStatus has it, compared on ISO dates with `today`. */
export function promiseOutcome(c: Pick<Commitment, 'status' | 'dueDate'>, today: string): PromiseOutcome {
  if (c.status === 'delivered' || c.status === 'pushed-back' || c.status === 'broken') return c.status;
  return c.dueDate !== undefined && c.dueDate < today ? 'overdue' : 'open';
}

const zeroCounts = (): Record<PromiseOutcome, number> => ({ delivered: 0, 'pushed-back': 0, broken: 0, overdue: 0, open: 0 });

const KINDS = CommitmentKindSchema.options;
const OUTCOMES = PromiseOutcomeSchema.options;
const KIND_AT = new Map<string, number>(KINDS.map((k, i) => [k, i]));
const OUTCOME_AT = new Map<string, number>(OUTCOMES.map((o, i) => [o, i]));

/**
 * What the ledger reads of each commitment whatever the filter, worked out
 * once for a day's commitments and accounts and kept between filter changes:
 * its id, its account's place in the accounts list (placesOf, with the places), the day it was
 * made, its kind and outcome as positions in their lists, who it counts under
 * (who made it, else the account's owner AE) and whether it is an undelivered
 * roadmap gap. A filter then looks up no id and reads a commitment itself only
 * to list it among the roadmap gaps, the broken promises or what is not counted.
 */
export type CommitmentFacts = {
  places: AccountPlaces;
  ids: readonly string[];
  accountAt: Int32Array;
  madeOn: readonly string[];
  kindAt: Uint8Array;
  outcomeAt: Uint8Array;
  person: readonly (string | undefined)[];
  gap: Uint8Array;
};

export function commitmentFacts(
  accounts: readonly Pick<Account, 'ownerAe'>[],
  places: AccountPlaces,
  commitments: readonly Commitment[],
  today: string,
): CommitmentFacts {
  const size = commitments.length;
  const ids = new Array<string>(size);
  const accountAt = placesOf(commitments, places);
  const madeOn = new Array<string>(size);
  const kindAt = new Uint8Array(size);
  const outcomeAt = new Uint8Array(size);
  const person = new Array<string | undefined>(size);
  const gap = new Uint8Array(size);
  for (let n = 0; n < size; n++) {
    const c = commitments[n]!;
    ids[n] = c.id;
    madeOn[n] = (c.madeOn ?? c.createdAt).slice(0, 10);
    kindAt[n] = KIND_AT.get(c.kind)!;
    outcomeAt[n] = OUTCOME_AT.get(promiseOutcome(c, today))!;
    person[n] = c.madeBy ?? (accountAt[n]! >= 0 ? accounts[accountAt[n]!]!.ownerAe : undefined);
    gap[n] = isUndeliveredRoadmapGap(c) ? 1 : 0;
  }
  return { places, ids, accountAt, madeOn, kindAt, outcomeAt, person, gap };
}

const BROKEN_AT = OUTCOME_AT.get('broken')!;

/**
 * One row of the ledger: counts by outcome, and a cell per kind and outcome
 * that has any, in the order of the kind and outcome lists (so every table
 * reads the same way), each with its commitments and their accounts in the
 * order given; per outcome, the accounts of its cells in cell order. Each
 * commitment (by its place in the list) is placed in its cell by index, once: a
 * portfolio's ledger puts thousands of commitments in a row for everyone and
 * again in their maker's.
 */
function ledgerRowOf(ae: string | null, items: readonly number[], facts: CommitmentFacts, lists: AccountLists): PromiseLedgerRow {
  const counts = zeroCounts();
  const byCell: (number[] | undefined)[] = new Array(KINDS.length * OUTCOMES.length);
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const outcome = facts.outcomeAt[i]!;
    counts[OUTCOMES[outcome]!] += 1;
    const at = facts.kindAt[i]! * OUTCOMES.length + outcome;
    const list = byCell[at];
    if (list) list.push(i);
    else byCell[at] = [i];
  }
  const cells: PromiseLedgerRow['cells'] = [];
  const cellPlaces: number[][] = [];
  for (let k = 0; k < KINDS.length; k++) {
    for (let o = 0; o < OUTCOMES.length; o++) {
      const hits = byCell[k * OUTCOMES.length + o];
      if (!hits) continue;
      const commitmentIds = new Array<string>(hits.length);
      const places = new Array<number>(hits.length);
      for (let h = 0; h < hits.length; h++) {
        commitmentIds[h] = facts.ids[hits[h]!]!;
        places[h] = facts.accountAt[hits[h]!]!;
      }
      cells.push({ kind: KINDS[k]!, outcome: OUTCOMES[o]!, count: hits.length, commitmentIds, accountIds: lists.ids(places) });
      cellPlaces.push(places);
    }
  }
  const outcomes = OUTCOMES.map((outcome) => ({
    outcome,
    accountIds: lists.ids(cells.flatMap((cell, i) => (cell.outcome === outcome ? cellPlaces[i]! : []))),
  }));
  return { ae, total: items.length, byOutcome: counts, cells, outcomes };
}

/** The feedback loop from success to sales (see PROMISE_LEDGER_DEFINITIONS). */
export function promiseLedger(input: PromiseLedgerInput, now: Date, filter?: DashboardFilter): PromiseLedger {
  const { ledger, broken } = promisesMade(input, now, filter);
  const accountsById = input.accountsById ?? new Map(input.accounts.map((a) => [a.id, a]));
  return {
    all: ledger.all,
    byAe: ledger.byAe,
    roadmapGaps: roadmapGapArr(ledger.roadmapGaps, accountsById),
    brokenThenTrouble: brokenThenTrouble(broken, input, now),
    notCounted: ledger.notCounted,
  };
}

/** The broken promises of a ledger, with their accounts, to look for churn or a health drop after each. */
export type BrokenPromises = readonly { c: Commitment; account: Pick<Account, (typeof PROMISES_MADE_ACCOUNT_FIELDS)[number]> }[];

/**
 * The account fields promisesMade reads (see ACCOUNT_FIELDS in dashboard.ts):
 * not the ARR, so a changed ARR leaves the commitments' figures as they were
 * and only the roadmap gaps' ARR is summed again (roadmapGapArr).
 */
export const PROMISES_MADE_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm'] as const;
type MadeAccount = Pick<Account, (typeof PROMISES_MADE_ACCOUNT_FIELDS)[number]>;

/** The ledger's figures but the roadmap gaps' ARR, which roadmapGapArr adds. */
export type PromisesMade = {
  ledger: Omit<PromiseLedger, 'brokenThenTrouble' | 'roadmapGaps'> & { roadmapGaps: Omit<PromiseLedger['roadmapGaps'], 'arr'> };
  broken: BrokenPromises;
};

/** The roadmap gaps of promisesMade with their accounts' ARR, per currency. */
export function roadmapGapArr(
  gaps: PromisesMade['ledger']['roadmapGaps'],
  accountsById: ReadonlyMap<string, Pick<Account, 'arr' | 'currency'>>,
): PromiseLedger['roadmapGaps'] {
  const { count, commitmentIds, accountIds, items } = gaps;
  const arr = sumByCurrency(
    accountIds.map((id) => {
      const a = accountsById.get(id)!;
      return { currency: a.currency, amount: a.arr };
    }),
  );
  return { count, commitmentIds, accountIds, arr, items };
}

/**
 * The ledger's figures that read only commitments and accounts, and its
 * broken promises: the dashboard keeps them when a reading is logged and looks
 * at health again only for the broken ones (brokenThenTrouble).
 */
export function promisesMade(
  input: { accounts: readonly MadeAccount[]; commitments: readonly Commitment[] },
  now: Date,
  filter?: DashboardFilter,
  // commitmentFacts of these accounts and commitments today, when already worked out (kept between filter changes).
  facts: CommitmentFacts = commitmentFacts(input.accounts, accountPlaces(input.accounts), input.commitments, toIsoDate(now)),
): PromisesMade {
  const { accounts, commitments } = input;
  const accountFilterSet = selectsAccounts(filter);
  const notCounted: NotCounted[] = [];
  const skip = (c: Commitment, because: string) =>
    notCounted.push({ metric: 'promiseLedger', recordType: 'commitment', id: c.id, accountId: c.accountId, name: c.text, because });

  // The commitments in scope, by their place in the list; an account is read only when a filter selects accounts.
  const inScope: number[] = [];
  for (let n = 0; n < commitments.length; n++) {
    const at = facts.accountAt[n]!;
    if (accountFilterSet && (at < 0 || !matchesAccountFilter(accounts[at]!, filter))) continue;
    if (!inPeriod(facts.madeOn[n]!, filter)) continue;
    if (at === UNKNOWN_ACCOUNT) {
      skip(commitments[n]!, 'it belongs to no known account');
      continue;
    }
    inScope.push(n);
  }

  const byPerson = new Map<string, number[]>();
  for (let k = 0; k < inScope.length; k++) {
    const n = inScope[k]!;
    const person = facts.person[n];
    if (!person) {
      skip(commitments[n]!, 'nobody is recorded as having made it and its account has no owner AE, so it counts in the total but under no one');
      continue;
    }
    const list = byPerson.get(person);
    if (list) list.push(n);
    else byPerson.set(person, [n]);
  }
  const lists = new AccountLists(facts.places);
  const ledgerRow = (ae: string | null, items: readonly number[]): PromiseLedgerRow => ledgerRowOf(ae, items, facts, lists);
  const byAe = [...byPerson.entries()].sort(([a], [b]) => byText(a, b)).map(([ae, items]) => ledgerRow(ae, items));

  const gaps: number[] = [];
  const broken: { c: Commitment; account: MadeAccount }[] = [];
  for (let k = 0; k < inScope.length; k++) {
    const n = inScope[k]!;
    if (facts.gap[n] === 1) gaps.push(n);
    if (facts.outcomeAt[n] === BROKEN_AT && facts.accountAt[n]! >= 0) broken.push({ c: commitments[n]!, account: accounts[facts.accountAt[n]!]! });
  }
  const ledger = {
    all: ledgerRow(null, inScope),
    byAe,
    roadmapGaps: {
      count: gaps.length,
      commitmentIds: gaps.map((n) => facts.ids[n]!),
      accountIds: lists.ids(gaps.map((n) => facts.accountAt[n]!)),
      items: gaps.map((n) => {
        const c = commitments[n]!;
        return {
          commitmentId: c.id,
          accountId: c.accountId,
          text: c.text,
          kind: c.kind,
          roadmapStatus: c.roadmapStatus,
          outcome: OUTCOMES[facts.outcomeAt[n]!]!,
          madeBy: c.madeBy ?? null,
        };
      }),
    },
    notCounted,
  };
  return { ledger, broken };
}

/** Of the broken promises, those followed by churn or a health drop on their account. */
export function brokenThenTrouble(
  broken: BrokenPromises,
  input: Pick<PromiseLedgerInput, 'snapshots' | 'arrChanges' | 'weights' | 'health' | 'timelines'>,
  now: Date,
): PromiseLedger['brokenThenTrouble'] {
  const today = toIsoDate(now);
  const timelines = input.timelines ?? buildArrTimelines(input.arrChanges ?? []);
  const snapshotsBy = input.health ? null : groupByKey(input.snapshots ?? [], (s) => s.accountId);
  const weights = input.weights ?? DEFAULT_HEALTH_WEIGHTS;
  const found: PromiseLedger['brokenThenTrouble'] = [];
  for (let n = 0; n < broken.length; n++) {
    const { c, account } = broken[n]!;
    const brokenOn = c.updatedAt.slice(0, 10);
    const timeline = timelines.get(account.id);
    const churn = timeline ? firstChurn(timeline, brokenOn) : null;
    const health = input.health?.get(account.id) ?? latestHealth(snapshotsBy?.get(account.id) ?? [], weights, today);
    let healthBefore: number | null = null;
    let healthAfter: number | null = null;
    if (health.status === 'known') {
      const history = health.history();
      const before = history.filter((p) => p.date <= brokenOn).at(-1);
      const after = history.at(-1);
      if (before && after && after.date > brokenOn) {
        const dropped =
          before.score - after.score >= HEALTH_DROP_POINTS || (healthBand(after.score) === 'at-risk' && healthBand(before.score) !== 'at-risk');
        if (dropped) {
          healthBefore = before.score;
          healthAfter = after.score;
        }
      }
    }
    if (churn || healthAfter !== null) {
      found.push({
        accountId: account.id,
        name: account.name,
        commitmentId: c.id,
        brokenOn,
        churnedOn: churn?.date ?? null,
        healthBefore,
        healthAfter,
      });
    }
  }

  return found;
}
