import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Account, Commitment, HandoffAnswers, HealthSnapshot, IcpApproval, Milestone, RiskFlag, SuccessPlan } from '../../core/domain';
import { DataError } from '../../core/errors';
import type { AccountContext, StageChangeResult, Unassigned } from '../../core/model';

// The last good answer to each backend read, so the panel keeps showing data
// (marked offline) when the backend is unreachable. Records inside cached
// contexts are indexed by id so an offline edit has a base to apply to.

export const READ_CACHE_DB_NAME = 'seamline-backend-cache';

export interface CachedRead {
  value: unknown;
  cachedAt: string;
}

export type CachedRecord =
  | { kind: 'account'; record: Account }
  | { kind: 'commitment'; record: Commitment }
  | { kind: 'flag'; record: RiskFlag }
  | { kind: 'snapshot'; record: HealthSnapshot }
  | { kind: 'handoff'; record: HandoffAnswers }
  | { kind: 'approval'; record: IcpApproval }
  | { kind: 'milestone'; record: Milestone }
  // Written views that carry several records: each is indexed on its own.
  | { kind: 'plan'; record: SuccessPlan }
  | { kind: 'stage'; record: StageChangeResult };

interface Schema extends DBSchema {
  reads: { key: string; value: CachedRead };
  records: { key: string; value: unknown };
}

export const contextKey = (accountId: string) => `context:${accountId}`;
export const UNASSIGNED_KEY = 'unassigned';

function recordKey(r: CachedRecord): string {
  switch (r.kind) {
    case 'handoff':
    case 'approval':
    case 'plan':
      return `${r.kind}:${r.record.accountId}`;
    case 'milestone':
      return milestoneKey(r.record.accountId, r.record.id);
    case 'stage':
      return `account:${r.record.account.id}`;
    default:
      return `${r.kind}:${r.record.id}`;
  }
}

/** Milestone ids are unique per account only, so their cache key names both. */
export function milestoneKey(accountId: string, id: string): string {
  return `milestone:${accountId}/${id}`;
}

function upsertById<T extends { id: string }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  return i === -1 ? [...list, item] : list.map((x, j) => (j === i ? item : x));
}

export class ReadCache {
  private readonly dbName: string;
  private readonly now: () => Date;
  private dbPromise: Promise<IDBPDatabase<Schema>> | null = null;

  /** scope: the backend URL, so one backend's data is never shown for another's. */
  constructor(opts: { dbName?: string; scope?: string; now?: () => Date } = {}) {
    this.dbName = opts.dbName ?? (opts.scope ? `${READ_CACHE_DB_NAME}:${opts.scope}` : READ_CACHE_DB_NAME);
    this.now = opts.now ?? (() => new Date());
  }

  private db(): Promise<IDBPDatabase<Schema>> {
    this.dbPromise ??= openDB<Schema>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('reads');
        db.createObjectStore('records');
      },
    }).catch((e: unknown) => {
      this.dbPromise = null;
      throw new DataError({ kind: 'storage', message: `the offline cache could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    });
    return this.dbPromise;
  }

  async get(key: string): Promise<CachedRead | undefined> {
    return (await this.db()).get('reads', key);
  }

  async put(key: string, value: unknown): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['reads', 'records'], 'readwrite');
    await tx.objectStore('reads').put({ value, cachedAt: this.now().toISOString() }, key);
    for (const r of this.recordsIn(key, value)) await tx.objectStore('records').put(r.record, recordKey(r));
    await tx.done;
  }

  async record(kind: CachedRecord['kind'], id: string): Promise<unknown> {
    return (await this.db()).get('records', `${kind}:${id}`);
  }

  /** Writes a changed record into the index and into every cached view that shows it. */
  async upsert(r: CachedRecord): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['reads', 'records'], 'readwrite');
    const reads = tx.objectStore('reads');
    if (r.kind === 'plan') {
      for (const m of r.record.milestones) await tx.objectStore('records').put(m, milestoneKey(m.accountId, m.id));
    } else if (r.kind === 'stage') {
      await tx.objectStore('records').put(r.record.account, recordKey(r));
    } else {
      await tx.objectStore('records').put(r.record, recordKey(r));
    }

    const accountId = r.kind === 'account' ? r.record.id : r.kind === 'stage' ? r.record.account.id : r.record.accountId;
    const ctxRead = accountId ? await reads.get(contextKey(accountId)) : undefined;
    if (ctxRead?.value) {
      const ctx = ctxRead.value as AccountContext;
      const milestones = ctx.milestones ?? [];
      const next: AccountContext =
        r.kind === 'account'
          ? { ...ctx, account: r.record }
          : r.kind === 'milestone'
            ? { ...ctx, milestones: upsertById(milestones, r.record) }
            : r.kind === 'plan'
              ? { ...ctx, milestones: r.record.milestones }
              : r.kind === 'stage'
                ? { ...ctx, account: r.record.account, stageChanges: [...(ctx.stageChanges ?? []), r.record.change] }
                : r.kind === 'commitment'
                  ? { ...ctx, commitments: upsertById(ctx.commitments, r.record) }
                  : r.kind === 'flag'
                    ? { ...ctx, flags: upsertById(ctx.flags, r.record) }
                    : r.kind === 'snapshot'
                      ? { ...ctx, snapshots: upsertById(ctx.snapshots, r.record) }
                      : r.kind === 'handoff'
                        ? { ...ctx, handoff: r.record }
                        : { ...ctx, approval: r.record };
      await reads.put({ ...ctxRead, value: next }, contextKey(accountId!));
    }
    if ((r.kind === 'commitment' || r.kind === 'flag') && r.record.accountId === null) {
      const un = await reads.get(UNASSIGNED_KEY);
      if (un?.value) {
        const u = un.value as Unassigned;
        const next: Unassigned =
          r.kind === 'commitment' ? { ...u, commitments: upsertById(u.commitments, r.record) } : { ...u, flags: upsertById(u.flags, r.record) };
        await reads.put({ ...un, value: next }, UNASSIGNED_KEY);
      }
    }
    await tx.done;
  }

  close(): void {
    void this.dbPromise?.then((db) => db.close()).catch(() => undefined);
    this.dbPromise = null;
  }

  private recordsIn(key: string, value: unknown): CachedRecord[] {
    if (!value || typeof value !== 'object') return [];
    if (key.startsWith('context:')) {
      const ctx = value as AccountContext;
      return [
        { kind: 'account', record: ctx.account },
        { kind: 'handoff', record: ctx.handoff },
        ...(ctx.approval ? [{ kind: 'approval' as const, record: ctx.approval }] : []),
        ...ctx.commitments.map((record) => ({ kind: 'commitment' as const, record })),
        ...ctx.flags.map((record) => ({ kind: 'flag' as const, record })),
        ...(ctx.milestones ?? []).map((record) => ({ kind: 'milestone' as const, record })),
      ];
    }
    if (key === UNASSIGNED_KEY) {
      const u = value as Unassigned;
      return [
        ...u.commitments.map((record) => ({ kind: 'commitment' as const, record })),
        ...u.flags.map((record) => ({ kind: 'flag' as const, record })),
      ];
    }
    return [];
  }
}
