import {
  dashboardDataOf,
  insertionPoint,
  preparedForAccounts,
  preparePortfolio,
  toIsoDate,
  type DashboardSettings,
  type PreparedPortfolio,
} from '../../lib/core/domain';
import type { LiveKind } from '../../lib/core/live';
import type { Queryable } from '../base/db';
import { dashboardMarksHold } from '../base/dashboard-marks';
import * as store from '../store';
import type { DashboardRecords } from '../store';

// A workspace's dashboard records, read once and then kept current from the
// change log: a write names the accounts it changed (store/events.ts), so a
// dashboard after a reading logged on one account reads that account's
// records again, not the workspace's. Kept per app, bound to one database;
// any process's writes reach the log, so several servers on one database
// each stay current.

// Kinds whose changes name every account they touch (a record link moved
// from one account to another names both), so reading those accounts again
// brings the records up to date. An import writes many accounts: a merging
// one lists every account it touched (those it moved records from too) on
// its change, read by `changedAccounts`; a replacing one lists none, and the
// whole workspace is read.
const BY_ACCOUNT: ReadonlySet<LiveKind> = new Set(['account', 'commitment', 'flag', 'handoff', 'approval', 'snapshot', 'milestone', 'link']);
// The dashboard's settings come with each request, never from the workspace.
const NO_RECORDS: ReadonlySet<LiveKind> = new Set(['settings']);
// Beyond this many accounts changed, one read of the workspace is cheaper than a read per account.
const MAX_ACCOUNTS_READ_AGAIN = 2_000;
// A large workspace's records take much of the server's memory: few are kept.
const KEPT_WORKSPACES = 2;

interface Held {
  seq: number;
  day: string;
  readAll: boolean;
  records: DashboardRecords;
  // Health and ARR timelines of these records, per set of health weights (the last one asked).
  prepared?: { weights: string; value: PreparedPortfolio };
}

// Code-unit order, as the extension's local store lists records (a database's collation may order otherwise).
const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function sortedBy<T>(items: readonly T[], key: (item: T) => string | number): T[] {
  return [...items].sort((a, b) => compare(key(a), key(b)));
}

// Whether records read again are those kept, as the database gives them (so as JSON, in the same order).
const sameRecords = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));

/**
 * How a kept list of `length` items becomes the patched one: its runs
 * between the `gone` indices, each incoming item (by index) placed before
 * the kept index in `at` (both ascending), found by binary search: a write
 * changes a few of a large workspace's records, and comparing the key of
 * every kept record cost more than the dashboard it fed.
 */
type Plan = ({ from: number; to: number } | number)[];
function planOf(length: number, gone: readonly number[], at: readonly number[]): Plan {
  const plan: Plan = [];
  let from = 0;
  let g = 0;
  let n = 0;
  for (;;) {
    const nextGone = g < gone.length ? gone[g]! : Number.POSITIVE_INFINITY;
    const nextIn = n < at.length ? at[n]! : Number.POSITIVE_INFINITY;
    const stop = Math.min(nextGone, nextIn, length);
    if (stop > from) plan.push({ from, to: stop });
    from = stop;
    if (nextIn !== Number.POSITIVE_INFINITY && nextIn <= nextGone) plan.push(n++);
    else if (nextGone === from) {
      from++;
      g++;
    } else return plan;
  }
}

function applied<T>(plan: Plan, kept: readonly T[], incoming: readonly T[]): T[] {
  // Item by item: a plan of thousands of parts, or a run of a million items, is too many arguments for one call.
  const out: T[] = [];
  for (const p of plan) {
    if (typeof p === 'number') out.push(incoming[p]!);
    else for (let i = p.from; i < p.to; i++) out.push(kept[i]!);
  }
  return out;
}

/**
 * `kept` without the items `drop` names, and with `incoming` (in `key` order,
 * as `ordered` leaves them) merged in; `kept` itself when `incoming` are the
 * very items it drops, so the figures worked out from a list no write changed
 * are kept with it (preparedForAccounts).
 */
function replaced<T>(kept: T[], incoming: readonly T[], key: (item: T) => string | number, drop: (item: T) => boolean): T[] {
  const gone: number[] = [];
  for (let i = 0; i < kept.length; i++) if (drop(kept[i]!)) gone.push(i);
  if (
    sameRecords(
      gone.map((i) => kept[i]),
      incoming,
    )
  )
    return kept;
  return applied(
    planOf(
      kept.length,
      gone,
      incoming.map((x) => insertionPoint(kept, (k) => compare(key(k), key(x)) < 0)),
    ),
    kept,
    incoming,
  );
}

// Each list's order, and which account a record belongs to.
const idOf = (x: { id: string }) => x.id;
const accountOf = (x: { accountId: string | null }) => x.accountId;
const accountKey = (x: { accountId: string }) => x.accountId;
const milestoneKey = (m: { accountId: string; id: string }) => `${m.accountId}\u0000${m.id}`;

/** The records in the order a patch keeps them in. */
function ordered(records: DashboardRecords): DashboardRecords {
  const s = records.source;
  return {
    source: {
      accounts: sortedBy(s.accounts, idOf),
      snapshots: sortedBy(s.snapshots, idOf),
      commitments: sortedBy(s.commitments, idOf),
      flags: sortedBy(s.flags, idOf),
      handoff: sortedBy(s.handoff, accountKey),
      approvals: sortedBy(s.approvals, accountKey),
      arrChanges: s.arrChanges,
      milestones: sortedBy(s.milestones, milestoneKey),
    },
    arrSeqs: records.arrSeqs,
  };
}

/** `kept` with every record of `accounts` replaced by `fresh` (the records of those accounts read again, `ordered`). */
function patched(kept: DashboardRecords, fresh: DashboardRecords, accounts: ReadonlySet<string>): DashboardRecords {
  const k = kept.source;
  const f = fresh.source;
  const of = (accountId: string | null) => accountId !== null && accounts.has(accountId);
  const swap = <T>(a: T[], b: readonly T[], key: (item: T) => string, account: (item: T) => string | null) =>
    replaced(a, b, key, (item) => of(account(item)));
  // ARR changes are in the order they were made: their sequence numbers go along.
  const gone: number[] = [];
  k.arrChanges.forEach((c, i) => {
    if (of(c.accountId)) gone.push(i);
  });
  const arrKept = sameRecords(
    gone.map((i) => [kept.arrSeqs[i], k.arrChanges[i]]),
    f.arrChanges.map((c, i) => [fresh.arrSeqs[i], c]),
  );
  const arrPlan = arrKept
    ? null
    : planOf(
        k.arrChanges.length,
        gone,
        fresh.arrSeqs.map((seq) => insertionPoint(kept.arrSeqs, (k) => k < seq)),
      );
  return {
    source: {
      accounts: swap(k.accounts, f.accounts, idOf, idOf),
      snapshots: swap(k.snapshots, f.snapshots, idOf, accountOf),
      commitments: swap(k.commitments, f.commitments, idOf, accountOf),
      flags: swap(k.flags, f.flags, idOf, accountOf),
      handoff: swap(k.handoff, f.handoff, accountKey, accountOf),
      approvals: swap(k.approvals, f.approvals, accountKey, accountOf),
      arrChanges: arrPlan ? applied(arrPlan, k.arrChanges, f.arrChanges) : k.arrChanges,
      milestones: swap(k.milestones, f.milestones, milestoneKey, accountOf),
    },
    arrSeqs: arrPlan ? applied(arrPlan, kept.arrSeqs, fresh.arrSeqs) : kept.arrSeqs,
  };
}

export class KeptDashboardRecords {
  readonly #held = new Map<string, Held>();
  // The last call under way per workspace; the next waits for it.
  readonly #turns = new Map<string, Promise<void>>();

  /**
   * The workspace's records as of change `seq` (read before calling, so a
   * write landing meanwhile is read again next time), prepared for `settings`'
   * health weights on the day of `now`.
   */
  prepared(q: Queryable, workspace: string, seq: number, settings: DashboardSettings, now: Date): Promise<PreparedPortfolio> {
    // One call per workspace at a time: a page's first calls arrive together,
    // and each would otherwise read a cold workspace whole.
    const run = (this.#turns.get(workspace) ?? Promise.resolve()).then(async () => {
      const held = await this.#current(q, workspace, seq, now);
      const weights = JSON.stringify(settings.healthWeights);
      if (held.prepared?.weights !== weights) {
        held.prepared = { weights, value: preparePortfolio(dashboardDataOf(held.records.source), settings.healthWeights, now) };
      }
      return held.prepared.value;
    });
    const turn = run.then(
      () => {},
      () => {},
    );
    this.#turns.set(workspace, turn);
    void turn.then(() => {
      if (this.#turns.get(workspace) === turn) this.#turns.delete(workspace);
    });
    return run;
  }

  async #current(q: Queryable, workspace: string, seq: number, now: Date): Promise<Held> {
    const day = toIsoDate(now);
    const readAll = !(await dashboardMarksHold(q, workspace, day));
    let held = this.#held.get(workspace);
    if (held && held.readAll === readAll && held.day < day) {
      // Marks hold on every day after the one they were made on: of the rows,
      // only the checklists of accounts closing in the handoff window move with the day.
      const handoff = sortedBy(await store.dashboardHandoffOfWorkspace(q, workspace, now), accountKey);
      held = { seq: held.seq, day, readAll, records: { ...held.records, source: { ...held.records.source, handoff } } };
    }
    // Kept records newer than `seq` (another request read after a later write) stand: as fresh a read would be.
    if (!held || held.day !== day || held.readAll !== readAll) held = undefined;
    else if (held.seq < seq) held = (await this.#caughtUp(q, workspace, held, seq, now)) ?? undefined;
    held ??= { seq, day, readAll, records: ordered(await store.dashboardRecordsOfWorkspace(q, workspace, now, readAll)) };
    this.#held.delete(workspace);
    this.#held.set(workspace, held);
    if (this.#held.size > KEPT_WORKSPACES) this.#held.delete(this.#held.keys().next().value!);
    return held;
  }

  /** `held` brought to `seq` by reading again the accounts changed since, or null when the log cannot say which. */
  async #caughtUp(q: Queryable, workspace: string, held: Held, seq: number, now: Date): Promise<Held | null> {
    // The log's numbers have no gaps and it is pruned from the oldest: the
    // changes up to `seq` are all there when the first is the one after `held`'s.
    const changes = await store.changesSince(q, workspace, held.seq, seq - held.seq);
    if (changes.length !== seq - held.seq || changes[0]!.seq !== held.seq + 1) return null;
    const imports = changes.filter((c) => c.kind === 'import').map((c) => c.seq);
    const imported = imports.length > 0 ? await store.changedAccounts(q, workspace, imports) : new Map<number, string[]>();
    const accounts = new Set<string>();
    for (const c of changes) {
      if (NO_RECORDS.has(c.kind)) continue;
      const many = imported.get(c.seq);
      if (many) for (const id of many) accounts.add(id);
      else if (!BY_ACCOUNT.has(c.kind) || c.accountId === null) return null;
      else accounts.add(c.accountId);
    }
    if (accounts.size > MAX_ACCOUNTS_READ_AGAIN) return null;
    if (accounts.size === 0) return { ...held, seq };
    const fresh = ordered(await store.dashboardRecordsOf(q, workspace, [...accounts], now, held.readAll));
    const records = patched(held.records, fresh, accounts);
    const next: Held = { seq, day: held.day, readAll: held.readAll, records };
    if (held.prepared) {
      const kept = held.prepared.value;
      const data = dashboardDataOf(records.source);
      // First values come from the success plans' milestones: the same list gives the same ones, kept as the same list.
      if (records.source.milestones === held.records.source.milestones) data.firstValues = kept.data.firstValues;
      const value = preparedForAccounts(kept, data, fresh.source, accounts);
      next.prepared = { weights: held.prepared.weights, value };
    }
    return next;
  }
}
