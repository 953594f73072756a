import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { safeParseOf } from '../../core/parse';
import { z } from 'zod';
import { dashboardReadings } from '../../core/domain/dashboard/readings';
import { toIsoDate } from '../../core/domain/dates';
import { HealthSnapshotSchema } from '../../core/domain/health-snapshot';
import { recordIdentity } from '../../core/sites/identity';

export const DB_NAME = 'seamline';

export const STORE = {
  accounts: 'accounts',
  snapshots: 'snapshots',
  commitments: 'commitments',
  flags: 'flags',
  handoff: 'handoff',
  approvals: 'approvals',
  arrChanges: 'arrChanges',
  milestones: 'milestones',
  stageChanges: 'stageChanges',
  meta: 'meta',
} as const;

export type StoreName = (typeof STORE)[keyof typeof STORE];
export const DATA_STORES = [
  STORE.accounts,
  STORE.snapshots,
  STORE.commitments,
  STORE.flags,
  STORE.handoff,
  STORE.approvals,
  STORE.arrChanges,
  STORE.milestones,
  STORE.stageChanges,
] as const;

export const INDEX = {
  accountsByRecordKey: 'byRecordKey',
  accountsByDomain: 'byDomain',
  accountsByName: 'byName',
  snapshotsByAccountDate: 'byAccountDate',
  snapshotsForDashboard: 'forDashboard',
  byAccount: 'byAccount',
  unassigned: 'unassigned',
  milestonesByKind: 'byKind',
} as const;

// Index keys live under `_k` beside the domain fields: zod strips the unknown
// key on read, so the derived values never leak into the domain objects, and
// a schema change never has to move them.
export interface AccountIndexKeys {
  // `platform:recordId`. The host is left out on purpose: one org is served on
  // several hosts (Salesforce Classic and Lightning) and must match on both.
  records: string[];
  domain?: string;
  name?: string;
}

export interface ChildIndexKeys {
  // Present (as 1) only while the row has no account: IndexedDB leaves rows
  // whose key path is missing out of an index, so the index holds exactly the
  // unassigned rows.
  unassigned?: 1;
}

export interface SnapshotIndexKeys {
  // Present (as 1) only on the readings the dashboard reads (dashboardReadings),
  // so the index holds exactly those; the meta store's MARKED_DAY says from
  // which day on the marks hold.
  dashboard?: 1;
}

// In the meta store: the latest day readings were marked on. Marks made on a
// day hold on every later one; a dashboard for an earlier day reads every reading.
export const MARKED_DAY = 'dashboardReadingsMarkedOn';

/** Whether marks noted by MARKED_DAY (as stored) hold for a dashboard on `day`. */
export const marksHoldOn = (markedOn: unknown, day: string): boolean => typeof markedOn === 'string' && markedOn <= day;

// In the meta store: the dashboard figures kept (LocalStore.keepDashboardView). KEPT_VIEWS is their list, latest
// first (each one's key, the count of writes and the day it was computed at, its marks); each one's figures are a
// record of their own (keptViewKey), so a worker's lookup and every keep read and write one view's figures, not all.
// The bench and the update test make them another day's, as the browser's clock cannot be moved.
export const KEPT_VIEWS = 'dashboardViews';
export const keptViewKey = (key: string): [string, string] => ['dashboardView', key];
/** Every kept view's figures: the keys of keptViewKey, whatever their filter. */
export const keptViewRecords = (): IDBKeyRange => IDBKeyRange.bound(['dashboardView'], ['dashboardView', []]);

// In the meta store: the dashboard's inputs as the whole read gave them on a day at a count of writes, packed
// (packDashboardData), so a worker Chrome has just started reads one record rather than every row
// (LocalStore.keepDashboardRead). KEPT_READ says the day and count, so whether they are current is known without
// reading them; KEPT_READ_DATA holds them. An update of the extension deletes both.
export const KEPT_READ = 'dashboardRead';
export const KEPT_READ_DATA = 'dashboardReadData';

/** One account's readings in the `byAccountDate` index: [id] sorts before every [id, date] and [id, []] after them. */
export const readingsOfAccount = (accountId: string): IDBKeyRange => IDBKeyRange.bound([accountId], [accountId, []]);

type StoredRow = Record<string, unknown> & { _k?: Record<string, unknown> };

/**
 * One account's stored readings whose dashboard mark changes on `day`, with
 * the mark set as it should be. A reading that does not parse stays marked:
 * the dashboard's read then reports it, as it would with no marks.
 */
export function remarkedReadings(rows: readonly StoredRow[], day: string, wholeHistory: boolean): StoredRow[] {
  const parsed = rows.map((row) => safeParseOf(HealthSnapshotSchema, row));
  const readable = parsed.flatMap((p) => (p.success ? [p.data] : []));
  const kept = new Set(dashboardReadings(readable, day, wholeHistory).map((s) => s.id));
  const changed: StoredRow[] = [];
  rows.forEach((row, i) => {
    const p = parsed[i]!;
    const marked = !p.success || kept.has(p.data.id);
    if (marked === (row._k?.dashboard === 1)) return;
    const { dashboard: _, ...keys } = row._k ?? {};
    changed.push({ ...row, _k: marked ? { ...keys, dashboard: 1 } : keys });
  });
  return changed;
}

/** The accounts of the given stored commitments that have a broken one. */
export function accountsWithBrokenCommitments(rows: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows as { status?: unknown; accountId?: unknown }[])
    if (r.status === 'broken' && typeof r.accountId === 'string') out.add(r.accountId);
  return out;
}

/** remarkedReadings over the readings of many accounts at once. */
export function remarkedPortfolio(rows: readonly StoredRow[], broken: ReadonlySet<string>, day: string): StoredRow[] {
  const byAccount = new Map<string, StoredRow[]>();
  for (const row of rows) {
    const id = String(row.accountId);
    const mine = byAccount.get(id);
    if (mine) mine.push(row);
    else byAccount.set(id, [row]);
  }
  return [...byAccount].flatMap(([id, mine]) => remarkedReadings(mine, day, broken.has(id)));
}

/** Notes in the meta store that marks were made on `day`. */
export async function noteMarkedDay(tx: IDBPTransaction<unknown, string[], 'readwrite' | 'versionchange'>, day: string): Promise<void> {
  const meta = tx.objectStore(STORE.meta);
  const before = await meta.get(MARKED_DAY);
  if (typeof before !== 'string' || before < day) await meta.put(day, MARKED_DAY);
}

/** The dashboard marks of the given accounts' readings, set again on `day` from what the transaction holds. */
export async function markDashboardReadings(
  tx: IDBPTransaction<unknown, string[], 'readwrite' | 'versionchange'>,
  accountIds: Iterable<string>,
  day: string,
): Promise<void> {
  const snapshots = tx.objectStore(STORE.snapshots);
  const readings = snapshots.index(INDEX.snapshotsByAccountDate);
  const promises = tx.objectStore(STORE.commitments).index(INDEX.byAccount);
  await Promise.all(
    [...new Set(accountIds)].map(async (id) => {
      const [rows, commitments] = await Promise.all([readings.getAll(readingsOfAccount(id)), promises.getAll(id)]);
      const wholeHistory = accountsWithBrokenCommitments(commitments).has(id);
      await Promise.all(remarkedReadings(rows as StoredRow[], day, wholeHistory).map((row) => snapshots.put(row)));
    }),
  );
  await noteMarkedDay(tx, day);
}

/** Every stored reading's dashboard mark, set on `day`: one read of the readings and commitments rather than one per account. */
export async function markAllDashboardReadings(tx: IDBPTransaction<unknown, string[], 'readwrite' | 'versionchange'>, day: string): Promise<void> {
  const snapshots = tx.objectStore(STORE.snapshots);
  const [rows, commitments] = await Promise.all([snapshots.getAll(), tx.objectStore(STORE.commitments).getAll()]);
  await Promise.all(remarkedPortfolio(rows as StoredRow[], accountsWithBrokenCommitments(commitments), day).map((row) => snapshots.put(row)));
  await noteMarkedDay(tx, day);
}

export type Tx = IDBPTransaction<unknown, string[], 'versionchange'>;

/**
 * One step per schema version: MIGRATIONS[n] upgrades a database at version n
 * to n + 1. Steps only ever add to the layout and rewrite rows in place; a
 * step that cannot carry a row forward must fail the upgrade (which IndexedDB
 * rolls back) rather than drop it.
 */
export type Migration = (db: IDBPDatabase, tx: Tx, now: Date) => void | Promise<void>;

const v1: Migration = (db) => {
  const accounts = db.createObjectStore(STORE.accounts, { keyPath: 'id' });
  accounts.createIndex(INDEX.accountsByRecordKey, '_k.records', { multiEntry: true });
  accounts.createIndex(INDEX.accountsByDomain, '_k.domain');
  accounts.createIndex(INDEX.accountsByName, '_k.name');

  const snapshots = db.createObjectStore(STORE.snapshots, { keyPath: 'id' });
  snapshots.createIndex(INDEX.snapshotsByAccountDate, ['accountId', 'date']);

  for (const name of [STORE.commitments, STORE.flags]) {
    const store = db.createObjectStore(name, { keyPath: 'id' });
    // accountId null is not a valid key, so unassigned rows stay out of this index.
    store.createIndex(INDEX.byAccount, 'accountId');
    store.createIndex(INDEX.unassigned, '_k.unassigned');
  }

  db.createObjectStore(STORE.handoff, { keyPath: 'accountId' });
  db.createObjectStore(STORE.approvals, { keyPath: 'accountId' });
  db.createObjectStore(STORE.meta);
};

// ARR history: one row per change, found by account. Existing rows are left
// as they are; accounts stored before this step simply have no history yet.
const v2: Migration = (db) => {
  db.createObjectStore(STORE.arrChanges, { keyPath: 'id' }).createIndex(INDEX.byAccount, 'accountId');
};

// Records are matched by platform, tenant and normalised id (recordIdentity)
// rather than platform and id: every account's record keys are recomputed
// from the links it holds. The links themselves are left exactly as stored.
const v3: Migration = async (_db, tx) => {
  let cursor = await tx.objectStore(STORE.accounts).openCursor();
  while (cursor) {
    const row = cursor.value as { crmRefs?: unknown; _k?: Record<string, unknown> };
    if (Array.isArray(row.crmRefs)) {
      const refs = row.crmRefs.filter(
        (r): r is Parameters<typeof recordIdentity>[0] =>
          typeof r === 'object' && r !== null && typeof r.platform === 'string' && typeof r.host === 'string' && typeof r.recordId === 'string',
      );
      await cursor.update({ ...row, _k: { ...row._k, records: recordKeysOf(refs) } });
    }
    cursor = await cursor.continue();
  }
};

// Success plans and stage history. A milestone keeps its template's id, which
// is unique only within its account, so milestones are keyed by both. Every
// existing row is left as it is: accounts simply have no plan yet.
const v4: Migration = (db) => {
  db.createObjectStore(STORE.milestones, { keyPath: ['accountId', 'id'] }).createIndex(INDEX.byAccount, 'accountId');
  db.createObjectStore(STORE.stageChanges, { keyPath: 'id' }).createIndex(INDEX.byAccount, 'accountId');
};

// Milestones by kind: a plan's milestone keeps its template's id, so the
// dashboard reads every account's "first value achieved" without the rest of
// every plan. IndexedDB fills the new index from the rows already stored.
const v5: Migration = (_db, tx) => {
  tx.objectStore(STORE.milestones).createIndex(INDEX.milestonesByKind, 'id');
};

// The readings the dashboard reads, marked for it: every account's are marked
// as of the upgrade, from the readings and commitments already stored.
const v6: Migration = async (_db, tx, now) => {
  tx.objectStore(STORE.snapshots).createIndex(INDEX.snapshotsForDashboard, '_k.dashboard');
  await markAllDashboardReadings(tx, toIsoDate(now));
};

// The kept views' list as builds before v7 stored it: each view's figures inside it.
const ListedViewsSchema = z.object({ views: z.array(z.looseObject({ key: z.string(), view: z.looseObject({ asOf: z.string() }) })) });

// The kept dashboard figures leave their list for records of their own
// (keptViewKey), each view's day going into the list. A list in another form is
// left as it is: the store takes it for none and keeps figures anew over it.
const v7: Migration = async (_db, tx) => {
  const meta = tx.objectStore(STORE.meta);
  const listed = safeParseOf(ListedViewsSchema, await meta.get(KEPT_VIEWS));
  if (!listed.success) return;
  const list = [];
  for (const { view, ...entry } of listed.data.views) {
    await meta.put(view, keptViewKey(entry.key));
    list.push({ ...entry, asOf: view.asOf });
  }
  await meta.put({ views: list }, KEPT_VIEWS);
};

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7];

/** The keys an account is found by from its CRM links: each link's identity. */
export function recordKeysOf(refs: readonly Parameters<typeof recordIdentity>[0][]): string[] {
  return [...new Set(refs.map(recordIdentity))];
}

// Synchronous steps run inside the upgrade callback itself; only a step that
// returns a promise (one walking rows with a cursor) defers the next step.
export function runMigrations(
  migrations: readonly Migration[],
  db: IDBPDatabase,
  oldVersion: number,
  newVersion: number,
  tx: Tx,
  now: Date,
): void | Promise<void> {
  let v = oldVersion;
  const next = (): void | Promise<void> => {
    while (v < newVersion) {
      const step = migrations[v];
      if (!step) throw new Error(`no migration from schema version ${v} to ${v + 1}`);
      v++;
      const result = step(db, tx, now);
      if (result && typeof (result as Promise<void>).then === 'function') return (result as Promise<void>).then(next);
    }
  };
  return next();
}
