import {
  dashboardDataOf,
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
// brings the records up to date. An import replaces or moves records across
// accounts and names none: the whole workspace is read.
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

/** `kept` without the items `drop` names, and with `fresh` merged in, all in `key` order. */
function replaced<T>(kept: readonly T[], fresh: readonly T[], key: (item: T) => string | number, drop: (item: T) => boolean): T[] {
  const out: T[] = [];
  const incoming = sortedBy(fresh, key);
  let j = 0;
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    if (drop(k)) continue;
    const at = key(k);
    while (j < incoming.length && compare(key(incoming[j]!), at) < 0) out.push(incoming[j++]!);
    out.push(k);
  }
  while (j < incoming.length) out.push(incoming[j++]!);
  return out;
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

/** `kept` with every record of `accounts` replaced by `fresh` (the records of those accounts read again). */
function patched(kept: DashboardRecords, fresh: DashboardRecords, accounts: ReadonlySet<string>): DashboardRecords {
  const k = kept.source;
  const f = fresh.source;
  const of = (accountId: string | null) => accountId !== null && accounts.has(accountId);
  const swap = <T>(a: readonly T[], b: readonly T[], key: (item: T) => string, account: (item: T) => string | null) =>
    replaced(a, b, key, (item) => of(account(item)));
  // ARR changes are in the order they were made: their sequence numbers go along.
  const withSeq = (r: DashboardRecords) => r.source.arrChanges.map((change, i) => ({ seq: r.arrSeqs[i]!, change }));
  const arr = replaced(
    withSeq(kept),
    withSeq(fresh),
    (c) => c.seq,
    (c) => of(c.change.accountId),
  );
  return {
    source: {
      accounts: swap(k.accounts, f.accounts, idOf, idOf),
      snapshots: swap(k.snapshots, f.snapshots, idOf, accountOf),
      commitments: swap(k.commitments, f.commitments, idOf, accountOf),
      flags: swap(k.flags, f.flags, idOf, accountOf),
      handoff: swap(k.handoff, f.handoff, accountKey, accountOf),
      approvals: swap(k.approvals, f.approvals, accountKey, accountOf),
      arrChanges: arr.map((c) => c.change),
      milestones: swap(k.milestones, f.milestones, milestoneKey, accountOf),
    },
    arrSeqs: arr.map((c) => c.seq),
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
    const accounts = new Set<string>();
    for (const c of changes) {
      if (NO_RECORDS.has(c.kind)) continue;
      if (!BY_ACCOUNT.has(c.kind) || c.accountId === null) return null;
      accounts.add(c.accountId);
    }
    if (accounts.size > MAX_ACCOUNTS_READ_AGAIN) return null;
    if (accounts.size === 0) return { ...held, seq };
    const fresh = ordered(await store.dashboardRecordsOf(q, workspace, [...accounts], now, held.readAll));
    const records = patched(held.records, fresh, accounts);
    const next: Held = { seq, day: held.day, readAll: held.readAll, records };
    if (held.prepared) {
      const value = preparedForAccounts(held.prepared.value, dashboardDataOf(records.source), fresh.source, accounts);
      next.prepared = { weights: held.prepared.weights, value };
    }
    return next;
  }
}
