import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { safeParseOf } from '../core/parse';
import { DataError, firstIssue, isDataError, type DataErrorInfo } from '../core/errors';
import { DATA_METHODS } from '../core/messages/data-methods';
import { bodyArgIndex, OutboxConflictSchema, OutboxEntrySchema, type OutboxConflict, type OutboxEntry, type OutboxMethod } from '../core/sync';

// Writes the team backend could not take (it was unreachable) wait here, in
// their own IndexedDB database so they outlive the service worker, and replay
// strictly in the order they were made. Each entry's idempotency key is fixed
// at enqueue time and reused on every replay, so a write whose response was
// lost is never applied twice.

export interface OutboxStatus {
  pending: number;
  conflicts: number;
  replaying: boolean;
  /** Set when the backend refused the token: replay waits for an explicit flush. */
  paused: DataErrorInfo | null;
  lastError: DataErrorInfo | null;
  nextRetryAt: number | null;
}

export interface FlushResult {
  sent: number;
  conflicted: number;
  stoppedBy: DataErrorInfo | null;
}

/** What the outbox replays into: the HTTP adapter, with a caller-chosen idempotency key. */
export interface OutboxTarget {
  send(method: OutboxMethod, args: unknown[], idempotencyKey: string): Promise<unknown>;
}

export interface OutboxOptions {
  target: OutboxTarget;
  dbName?: string;
  /**
   * The backend the queue belongs to (its URL). Each backend gets its own
   * queue, so switching backends never replays one team's writes into another.
   */
  scope?: string;
  /** Retry by itself after a network/timeout/5xx stop. Off in tests that drive flush by hand. */
  autoRetry?: boolean;
  retryBaseMs?: number;
  retryMaxMs?: number;
  now?: () => Date;
  random?: () => number;
}

export const OUTBOX_DB_NAME = 'seamline-outbox';
export const TEMP_ID_PREFIX = 'pending-';

export function newTempId(): string {
  return `${TEMP_ID_PREFIX}${crypto.randomUUID()}`;
}

export function isTempId(id: string): boolean {
  return id.startsWith(TEMP_ID_PREFIX);
}

/** Every provisional id anywhere inside a write's arguments. */
export function tempIdsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (isTempId(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) tempIdsIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) tempIdsIn(v, into);
  }
  return into;
}

// ---------------------------------------------------------------------------
// Per-method knowledge: which record an entry touches and where its expected
// version lives, so a conflicted change can be re-sent against the new version
// and later changes to the same record are held back instead of slipping in.
// ---------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const asRec = (v: unknown): Rec => (v && typeof v === 'object' ? (v as Rec) : {});

function versionedTarget(method: OutboxMethod, args: unknown[]): string | null {
  switch (method) {
    case 'updateAccount':
      return `account:${String(args[0])}`;
    case 'updateCommitment':
      return `commitment:${String(args[0])}`;
    case 'updateFlag':
      return `flag:${String(args[0])}`;
    case 'setHandoffAnswer': {
      const input = asRec(args[0]);
      return `handoff:${String(input.accountId)}:${String(input.itemId)}`;
    }
    case 'decideApproval':
      return `approval:${String(asRec(args[0]).accountId)}`;
    case 'updateMilestone':
      return `milestone:${String(args[0])}:${String(args[1])}`;
    // A stage move is a versioned write of the account.
    case 'changeStage':
      return `account:${String(asRec(args[0]).accountId)}`;
    default:
      return null;
  }
}

/**
 * Every record an entry's place in line is tied to: the versioned record it
 * changes, the account a link changes, and provisional ids it creates or
 * refers to. Entries sharing a key replay in the order they were made; an
 * entry waiting for a retry holds back only the entries that share one.
 */
function orderKeys(method: OutboxMethod, args: unknown[], tempId: string | undefined): string[] {
  const keys = new Set<string>();
  const target = versionedTarget(method, args);
  if (target) keys.add(target);
  if (method === 'linkRecord') keys.add(`account:${String(args[0])}`);
  if (tempId) keys.add(`temp:${tempId}`);
  for (const t of tempIdsIn(args)) keys.add(`temp:${t}`);
  return [...keys];
}

/** The write with some of its text fields replaced, as the person corrected them. */
export function withEdits(method: OutboxMethod, args: unknown[], edits: Record<string, string>): unknown[] {
  const i = bodyArgIndex(method);
  const body = asRec(args[i]);
  for (const key of Object.keys(edits)) {
    if (typeof body[key] !== 'string') {
      throw new DataError({ kind: 'validation', message: `${key}: only text fields of this change can be edited`, field: key });
    }
  }
  return args.map((a, j) => (j === i ? { ...body, ...edits } : a));
}

function currentVersion(method: OutboxMethod, args: unknown[], theirs: unknown): number | null {
  const cur = asRec(theirs);
  if (method === 'setHandoffAnswer') {
    const itemId = String(asRec(args[0]).itemId);
    const answer = 'answers' in cur ? asRec(asRec(cur.answers)[itemId]) : cur;
    return typeof answer.version === 'number' ? answer.version : null;
  }
  return typeof cur.version === 'number' ? cur.version : null;
}

function withVersion(method: OutboxMethod, args: unknown[], version: number | null): unknown[] {
  switch (method) {
    case 'updateAccount':
    case 'updateCommitment':
    case 'updateFlag':
      if (version === null) return args;
      return [args[0], args[1], version];
    case 'setHandoffAnswer':
      return [{ ...asRec(args[0]), expectedVersion: version }];
    case 'decideApproval':
    case 'changeStage':
      if (version === null) return args;
      return [{ ...asRec(args[0]), expectedVersion: version }];
    case 'updateMilestone':
      if (version === null) return args;
      return [args[0], args[1], args[2], version];
    case 'requestApproval':
      // The request itself has no version; the transport sends this one as If-Match.
      return version === null ? [args[0]] : [args[0], version];
    default:
      return args;
  }
}

export function replaceIds(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => replaceIds(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v, ids)]));
  }
  return value;
}

function errorInfo(e: unknown): DataErrorInfo {
  if (isDataError(e)) return e.info;
  return { kind: 'network', message: e instanceof Error ? e.message : String(e) };
}

// The backend cannot be reached at all: nothing else will get through either.
const UNREACHABLE = new Set(['network', 'timeout']);
// Transient for this one write: a 5xx, a key still in flight, or a 2xx answer
// this build cannot read (the write most likely landed, and a replay under the
// same key only fetches the stored answer again). Retried with backoff while
// writes to other records keep flowing.
const RETRY_LATER = new Set(['server', 'schema']);

/**
 * A refusal no retry will change: the write goes to "needs attention" with the
 * server's reason, instead of blocking every later write behind it. A 401
 * (token missing, expired or revoked) is not one: fixing the token lets the
 * same write through, so the whole queue pauses instead.
 */
function isPermanentRefusal(info: DataErrorInfo): boolean {
  return info.kind === 'validation' || info.kind === 'not-found' || (info.kind === 'auth' && info.status === 403);
}

interface Schema extends DBSchema {
  entries: { key: number; value: Omit<OutboxEntry, 'seq'> & { seq?: number } };
  conflicts: { key: number; value: OutboxConflict };
  idmap: { key: string; value: string };
}

export class Outbox {
  private readonly target: OutboxTarget;
  private readonly dbName: string;
  private readonly autoRetry: boolean;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private dbPromise: Promise<IDBPDatabase<Schema>> | null = null;
  private inFlight: Promise<FlushResult> | null = null;
  private listeners = new Set<(s: OutboxStatus) => void>();
  private paused: DataErrorInfo | null = null;
  private lastError: DataErrorInfo | null = null;
  private failuresInARow = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private nextRetryAt: number | null = null;
  private disposed = false;

  constructor(opts: OutboxOptions) {
    this.target = opts.target;
    this.dbName = opts.dbName ?? (opts.scope ? `${OUTBOX_DB_NAME}:${opts.scope}` : OUTBOX_DB_NAME);
    this.autoRetry = opts.autoRetry ?? true;
    this.retryBaseMs = opts.retryBaseMs ?? 2_000;
    this.retryMaxMs = opts.retryMaxMs ?? 5 * 60_000;
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  private db(): Promise<IDBPDatabase<Schema>> {
    this.dbPromise ??= openDB<Schema>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('entries', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('conflicts', { keyPath: 'id' });
        db.createObjectStore('idmap');
      },
    }).catch((e: unknown) => {
      this.dbPromise = null;
      throw new DataError({ kind: 'storage', message: `the offline outbox could not be opened: ${errorInfo(e).message}` });
    });
    return this.dbPromise;
  }

  /**
   * Queues a write. Its idempotency key is fixed here, once; pass the key of a
   * direct attempt that may have reached the server before the connection
   * failed, so the replay cannot apply it a second time.
   */
  async enqueue(method: OutboxMethod, args: unknown[], opts: { tempId?: string; idempotencyKey?: string } = {}): Promise<OutboxEntry> {
    const db = await this.db();
    const value = {
      idempotencyKey: opts.idempotencyKey ?? crypto.randomUUID(),
      method,
      // Stored as plain JSON: what the person wrote must survive exactly.
      args: JSON.parse(JSON.stringify(args)) as unknown[],
      createdAt: this.now().toISOString(),
      attempts: 0,
      ...(opts.tempId ? { tempId: opts.tempId } : {}),
    };
    const seq = await db.add('entries', value);
    await this.emit();
    return { ...value, seq };
  }

  async entries(): Promise<OutboxEntry[]> {
    const db = await this.db();
    const raw = await db.getAll('entries');
    return raw.map((r) => this.parseEntry(r));
  }

  async pendingCount(): Promise<number> {
    return (await this.db()).count('entries');
  }

  async conflicts(): Promise<OutboxConflict[]> {
    const db = await this.db();
    const raw = await db.getAll('conflicts');
    return raw.map((r) => {
      const parsed = safeParseOf(OutboxConflictSchema, r);
      if (!parsed.success) throw new DataError({ kind: 'storage', message: `an outbox conflict record is unreadable (id ${String(asRec(r).id)})` });
      return parsed.data;
    });
  }

  /** The server id a provisional id became, once its create has replayed. */
  async realId(id: string): Promise<string | undefined> {
    if (!isTempId(id)) return id;
    return (await this.db()).get('idmap', id);
  }

  async status(): Promise<OutboxStatus> {
    const db = await this.db();
    const [pending, conflicts] = await Promise.all([db.count('entries'), db.count('conflicts')]);
    return {
      pending,
      conflicts,
      replaying: this.inFlight !== null,
      paused: this.paused,
      lastError: this.lastError,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /** Called with the new status whenever the queue or conflict list changes. */
  onChange(listener: (s: OutboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replays the queue in order. Single-flight: a call during a replay joins it.
   * An explicit flush also lifts an auth pause (the token may have been fixed).
   */
  flush(): Promise<FlushResult> {
    if (this.inFlight) return this.inFlight;
    this.paused = null;
    this.clearRetry();
    this.inFlight = this.replay().finally(() => {
      this.inFlight = null;
      void this.emit();
    });
    void this.emit();
    return this.inFlight;
  }

  /**
   * 'mine' re-queues the write against the server's current version (a fresh
   * idempotency key: it is a different request now), with the text fields the
   * person corrected (`edits`, by field name); 'theirs' discards it.
   */
  async resolveConflict(id: number, choice: 'mine' | 'theirs', edits?: Record<string, string>): Promise<void> {
    const db = await this.db();
    const raw = await db.get('conflicts', id);
    if (!raw) throw new DataError({ kind: 'not-found', message: `no outbox conflict ${id}` });
    const conflict = OutboxConflictSchema.parse(raw);
    const { entry } = conflict;
    // Worked out before the transaction: a refused edit leaves the conflict as it was.
    let args: unknown[] | null = null;
    if (choice === 'mine') {
      const sent =
        conflict.reason === 'conflict'
          ? withVersion(entry.method, entry.args, currentVersion(entry.method, entry.args, conflict.theirs))
          : entry.args;
      args = edits && Object.keys(edits).length ? withEdits(entry.method, sent, edits) : sent;
      if (edits && Object.keys(edits).length) {
        // The corrected text is checked by the same schema the backend uses: a NUL byte or an over-long text is refused here.
        const bodySchema = DATA_METHODS[entry.method].args.def.items[bodyArgIndex(entry.method)];
        const valid = bodySchema && safeParseOf(bodySchema, args[bodyArgIndex(entry.method)]);
        if (valid && !valid.success) {
          const { field, message } = firstIssue(valid.error);
          throw new DataError({ kind: 'validation', message: `${field}: ${message}`, field });
        }
      }
    }
    const tx = db.transaction(['conflicts', 'entries'], 'readwrite');
    await tx.objectStore('conflicts').delete(id);
    if (args) {
      await tx.objectStore('entries').add({
        idempotencyKey: crypto.randomUUID(),
        method: entry.method,
        args,
        createdAt: entry.createdAt,
        attempts: 0,
        ...(entry.tempId ? { tempId: entry.tempId } : {}),
        resent: true,
      });
    }
    await tx.done;
    await this.emit();
    if (choice === 'mine' && !this.disposed) void this.flush().catch(() => undefined);
  }

  /** Drops every queued write and every write waiting for a decision: only on the person's explicit word. */
  async discardAll(): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['entries', 'conflicts'], 'readwrite');
    await tx.objectStore('entries').clear();
    await tx.objectStore('conflicts').clear();
    await tx.done;
    await this.emit();
  }

  /** Stops the retry timer; the queue itself stays on disk. */
  dispose(): void {
    this.disposed = true;
    this.clearRetry();
    this.listeners.clear();
    void this.dbPromise?.then((db) => db.close()).catch(() => undefined);
    this.dbPromise = null;
  }

  // -------------------------------------------------------------------------

  private parseEntry(raw: unknown): OutboxEntry {
    const parsed = safeParseOf(OutboxEntrySchema, raw);
    // Never dropped: an unreadable entry stops the replay and says which one.
    if (!parsed.success) throw new DataError({ kind: 'storage', message: `outbox entry ${String(asRec(raw).seq)} is unreadable` });
    return parsed.data;
  }

  private async replay(): Promise<FlushResult> {
    const db = await this.db();
    const result: FlushResult = { sent: 0, conflicted: 0, stoppedBy: null };
    const ids = new Map<string, string>();
    const [tempIds, realIds] = await Promise.all([db.getAllKeys('idmap'), db.getAll('idmap')]);
    tempIds.forEach((t, i) => ids.set(t, realIds[i]!));
    const conflictedTargets = new Set<string>();
    for (const c of await this.conflicts()) {
      const t = versionedTarget(c.entry.method, c.entry.args);
      if (t) conflictedTargets.add(t);
    }

    // Keys of records whose entry waits for a retry: their later entries wait
    // too (order within a record), everything else keeps going.
    const waiting = new Set<string>();
    let after = 0;
    for (;;) {
      if (this.disposed) break;
      // One entry at a time, read fresh: entries enqueued during the replay
      // join the end of the line, and a crash loses at most the in-flight one
      // (whose idempotency key makes resending it harmless).
      const cursor = await db.transaction('entries').store.openCursor(after ? IDBKeyRange.lowerBound(after, true) : undefined);
      if (!cursor) break;
      const entry = this.parseEntry(cursor.value);
      after = entry.seq;
      const args = ids.size ? (replaceIds(entry.args, ids) as unknown[]) : entry.args;
      const target = versionedTarget(entry.method, args);
      const keys = orderKeys(entry.method, args, entry.tempId);
      if (keys.some((k) => waiting.has(k))) {
        for (const k of keys) waiting.add(k);
        continue;
      }

      // Queued after a change to the same record that is waiting for a decision:
      // its expected version may match the other person's version by accident.
      if (target && !entry.resent && conflictedTargets.has(target)) {
        const theirs = (await this.conflicts()).find((c) => versionedTarget(c.entry.method, c.entry.args) === target)?.theirs;
        result.conflicted += await this.holdFollowers(target, ids, theirs);
        continue;
      }

      try {
        const response = await this.target.send(entry.method, args, entry.idempotencyKey);
        const tx = db.transaction(['entries', 'idmap'], 'readwrite');
        const realId = asRec(response).id;
        if (entry.tempId && typeof realId === 'string') {
          ids.set(entry.tempId, realId);
          await tx.objectStore('idmap').put(realId, entry.tempId);
        }
        await tx.objectStore('entries').delete(entry.seq);
        await tx.done;
        result.sent++;
        await this.emit();
      } catch (e) {
        const info = errorInfo(e);
        if (info.kind === 'conflict' || isPermanentRefusal(info)) {
          const conflict: OutboxConflict = {
            id: entry.seq,
            reason: info.kind === 'conflict' ? 'conflict' : 'rejected',
            entry: { ...entry, args, attempts: entry.attempts + 1, lastError: info },
            mine: args,
            theirs: info.current,
            error: info,
            at: this.now().toISOString(),
          };
          await this.moveToConflicts(entry.seq, conflict);
          result.conflicted++;
          if (target && info.kind === 'conflict') {
            conflictedTargets.add(target);
            // At once, not as the replay reaches them: if it stops before
            // then and "keep mine" re-queues this change at the end, they
            // would otherwise overtake it.
            result.conflicted += await this.holdFollowers(target, ids, info.current);
          }
          continue;
        }
        await db.put('entries', { ...entry, attempts: entry.attempts + 1, lastError: info });
        this.lastError = info;
        result.stoppedBy ??= info;
        // A rate limit applies to every write, like an unreachable backend.
        if (RETRY_LATER.has(info.kind) && info.status !== 429) {
          for (const k of keys.length ? keys : [`seq:${entry.seq}`]) waiting.add(k);
          continue;
        }
        if (info.kind === 'auth') this.paused = info;
        result.stoppedBy = info;
        break;
      }
    }
    if (result.stoppedBy && (UNREACHABLE.has(result.stoppedBy.kind) || RETRY_LATER.has(result.stoppedBy.kind))) {
      this.scheduleRetry();
    } else if (!result.stoppedBy) {
      this.failuresInARow = 0;
      this.lastError = null;
    }
    return result;
  }

  private async holdFollowers(target: string, ids: Map<string, string>, theirs: unknown): Promise<number> {
    let held = 0;
    for (const raw of await (await this.db()).getAll('entries')) {
      const entry = this.parseEntry(raw);
      const args = ids.size ? (replaceIds(entry.args, ids) as unknown[]) : entry.args;
      if (entry.resent || versionedTarget(entry.method, args) !== target) continue;
      await this.moveToConflicts(entry.seq, {
        id: entry.seq,
        reason: 'conflict',
        entry: { ...entry, args },
        mine: args,
        theirs,
        error: { kind: 'conflict', message: 'an earlier change to this record is waiting for a decision' },
        at: this.now().toISOString(),
      });
      held++;
    }
    return held;
  }

  private async moveToConflicts(seq: number, conflict: OutboxConflict): Promise<void> {
    const db = await this.db();
    const tx = db.transaction(['entries', 'conflicts'], 'readwrite');
    await tx.objectStore('conflicts').put(conflict);
    await tx.objectStore('entries').delete(seq);
    await tx.done;
    await this.emit();
  }

  private scheduleRetry(): void {
    this.failuresInARow++;
    if (!this.autoRetry || this.disposed) return;
    const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (this.failuresInARow - 1));
    // Full jitter keeps many clients from returning in lockstep.
    const delay = Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    this.nextRetryAt = this.now().getTime() + delay;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.nextRetryAt = null;
      void this.flush().catch(() => undefined);
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
  }

  private async emit(): Promise<void> {
    if (this.listeners.size === 0) return;
    const s = await this.status();
    for (const l of this.listeners) l(s);
  }
}
