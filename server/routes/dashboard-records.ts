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
export const KEPT_RECORD_WORKSPACES = 2;

interface Held {
  seq: number;
  day: string;
  readAll: boolean;
  records: DashboardRecords;
  // Where each account's records are in them. Made with the records read
  // whole (mostly ahead of a person's request, KeptDashboards), not on the
  // first patch: at 100,000 accounts it took 0.7 s of that write's dashboard.
  index: AccountIndex;
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
 * `kept` without the items at the `gone` indices (ascending), and with
 * `incoming` (in `key` order, as `ordered` leaves them) merged in; `kept`
 * itself when `incoming` are the very items it drops, so the figures worked
 * out from a list no write changed are kept with it (preparedForAccounts).
 */
function replaced<T>(kept: T[], incoming: readonly T[], key: (item: T) => string | number, gone: readonly number[]): T[] {
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

/** The indices, ascending, of the items of `list` (in `key` order) whose keys are `keys`; a key not there has none. */
function indicesOf<T, K extends string | number>(list: readonly T[], key: (item: T) => K, keys: Iterable<K>): number[] {
  const out = new Set<number>();
  for (const k of keys) {
    const i = insertionPoint(list, (x) => compare(key(x), k) < 0);
    if (i < list.length && key(list[i]!) === k) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
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

/**
 * The keys of each account's records in the lists that hold several per
 * account (ARR changes by sequence number): a patch finds the records it
 * replaces from there, not by testing every record of a large workspace.
 */
interface AccountIndex {
  snapshots: Map<string, string[]>;
  commitments: Map<string, string[]>;
  flags: Map<string, string[]>;
  milestones: Map<string, string[]>;
  arrChanges: Map<string, number[]>;
}

function keysByAccount<T, K>(
  items: readonly T[],
  account: (item: T) => string | null,
  key: (item: T, i: number) => K,
  into = new Map<string, K[]>(),
) {
  for (let i = 0; i < items.length; i++) {
    const a = account(items[i]!);
    if (a === null) continue;
    const keys = into.get(a);
    if (keys) keys.push(key(items[i]!, i));
    else into.set(a, [key(items[i]!, i)]);
  }
  return into;
}

/** The index of `records`, or `records`' entries added to `into`. */
function indexOf(records: DashboardRecords, into?: AccountIndex): AccountIndex {
  const s = records.source;
  return {
    snapshots: keysByAccount(s.snapshots, accountOf, idOf, into?.snapshots),
    commitments: keysByAccount(s.commitments, accountOf, idOf, into?.commitments),
    flags: keysByAccount(s.flags, accountOf, idOf, into?.flags),
    milestones: keysByAccount(s.milestones, accountOf, milestoneKey, into?.milestones),
    arrChanges: keysByAccount(s.arrChanges, accountOf, (_, i) => records.arrSeqs[i]!, into?.arrChanges),
  };
}

/**
 * Makes the entries of `accounts` in `index` again from `fresh`, their records
 * read again. In place: the index goes from the kept records to the patched
 * ones, never shared, and a copy would cost a pass over every account.
 */
function reindex(index: AccountIndex, fresh: DashboardRecords, accounts: ReadonlySet<string>): AccountIndex {
  for (const map of Object.values(index)) for (const a of accounts) map.delete(a);
  return indexOf(fresh, index);
}

/** `kept` with every record of `accounts` replaced by `fresh` (the records of those accounts read again, `ordered`). */
function patched(kept: DashboardRecords, index: AccountIndex, fresh: DashboardRecords, accounts: ReadonlySet<string>): DashboardRecords {
  const k = kept.source;
  const f = fresh.source;
  const keysOf = <K>(map: Map<string, K[]>) => [...accounts].flatMap((a) => map.get(a) ?? []);
  // ARR changes are in the order they were made: their sequence numbers go along.
  const gone = indicesOf(kept.arrSeqs, (seq) => seq, keysOf(index.arrChanges));
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
      accounts: replaced(k.accounts, f.accounts, idOf, indicesOf(k.accounts, idOf, accounts)),
      snapshots: replaced(k.snapshots, f.snapshots, idOf, indicesOf(k.snapshots, idOf, keysOf(index.snapshots))),
      commitments: replaced(k.commitments, f.commitments, idOf, indicesOf(k.commitments, idOf, keysOf(index.commitments))),
      flags: replaced(k.flags, f.flags, idOf, indicesOf(k.flags, idOf, keysOf(index.flags))),
      handoff: replaced(k.handoff, f.handoff, accountKey, indicesOf(k.handoff, accountKey, accounts)),
      approvals: replaced(k.approvals, f.approvals, accountKey, indicesOf(k.approvals, accountKey, accounts)),
      arrChanges: arrPlan ? applied(arrPlan, k.arrChanges, f.arrChanges) : k.arrChanges,
      milestones: replaced(k.milestones, f.milestones, milestoneKey, indicesOf(k.milestones, milestoneKey, keysOf(index.milestones))),
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
      // The index covers no checklist, so it holds for the rows with the new day's.
      held = { seq: held.seq, day, readAll, records: { ...held.records, source: { ...held.records.source, handoff } }, index: held.index };
    }
    // Kept records newer than `seq` (another request read after a later write) stand: as fresh a read would be.
    if (!held || held.day !== day || held.readAll !== readAll) held = undefined;
    else if (held.seq < seq) held = (await this.#caughtUp(q, workspace, held, seq, now)) ?? undefined;
    if (!held) {
      const records = ordered(await store.dashboardRecordsOfWorkspace(q, workspace, now, readAll));
      held = { seq, day, readAll, records, index: indexOf(records) };
    }
    this.#held.delete(workspace);
    this.#held.set(workspace, held);
    if (this.#held.size > KEPT_RECORD_WORKSPACES) this.#held.delete(this.#held.keys().next().value!);
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
    const records = patched(held.records, held.index, fresh, accounts);
    let prepared: Held['prepared'];
    if (held.prepared) {
      const kept = held.prepared.value;
      const data = dashboardDataOf(records.source);
      // First values come from the success plans' milestones: the same list gives the same ones, kept as the same list.
      if (records.source.milestones === held.records.source.milestones) data.firstValues = kept.data.firstValues;
      prepared = { weights: held.prepared.weights, value: preparedForAccounts(kept, data, fresh.source, accounts) };
    }
    // Last: from here on the index describes the patched records, not the kept ones.
    const index = reindex(held.index, fresh, accounts);
    return { seq, day: held.day, readAll: held.readAll, records, index, ...(prepared && { prepared }) };
  }
}
