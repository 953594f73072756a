import type { IDBPDatabase, IDBPTransaction } from 'idb';
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

export type Tx = IDBPTransaction<unknown, string[], 'versionchange'>;

/**
 * One step per schema version: MIGRATIONS[n] upgrades a database at version n
 * to n + 1. Steps only ever add to the layout and rewrite rows in place; a
 * step that cannot carry a row forward must fail the upgrade (which IndexedDB
 * rolls back) rather than drop it.
 */
export type Migration = (db: IDBPDatabase, tx: Tx) => void | Promise<void>;

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

export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5];

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
): void | Promise<void> {
  let v = oldVersion;
  const next = (): void | Promise<void> => {
    while (v < newVersion) {
      const step = migrations[v];
      if (!step) throw new Error(`no migration from schema version ${v} to ${v + 1}`);
      v++;
      const result = step(db, tx);
      if (result && typeof (result as Promise<void>).then === 'function') return (result as Promise<void>).then(next);
    }
  };
  return next();
}
