import { openDB, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { safeParseOf } from '../../core/parse';
import { z } from 'zod';
import {
  AccountSchema,
  ArrChangeSchema,
  arrChangeOnSave,
  CommitmentSchema,
  CrmLinkSchema,
  CrmRecordRefSchema,
  computeDashboard,
  dashboardDataOf,
  packDashboardData,
  packedReader,
  type Unpacked,
  closesInWindow,
  dashboardRows,
  dashboardView,
  DashboardViewSchema,
  handoffWindow,
  HandoffAnswersSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  IdSchema,
  MilestoneSchema,
  RiskFlagSchema,
  StageChangeSchema,
  type Account,
  type Commitment,
  type CrmLink,
  type CrmRecordRef,
  type DashboardData,
  type DashboardFilter,
  type DashboardSettings,
  type DashboardRows,
  type DashboardRowsRequest,
  type DashboardView,
  FIRST_VALUE_MILESTONE_ID,
  type HandoffAnswers,
  type HealthSnapshot,
  type IcpApproval,
  type Milestone,
  type ReviewAgenda,
  type RiskFlag,
  type StageChange,
  type SuccessPlan,
} from '../../core/domain';
import { toIsoDate } from '../../core/domain/dates';
import { normaliseAccountName, normaliseDomain } from '../../core/domain/linking';
import { legacyIdentity, recordIdentity } from '../../core/sites/identity';
import { DataError, firstIssue, isDataError, schemaError } from '../../core/errors';
import {
  AccountDraftSchema,
  AccountPatchSchema,
  AccountQuerySchema,
  AccountSummarySchema,
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  CommitmentDraftSchema,
  CommitmentPatchSchema,
  EXPORT_FORMAT,
  EXPORT_SCHEMA_VERSION,
  ExportBundleSchema,
  FlagDraftSchema,
  FlagPatchSchema,
  HandoffAnswerInputSchema,
  HealthSnapshotDraftSchema,
  ImportModeSchema,
  MilestoneDraftSchema,
  MilestonePatchSchema,
  PlanCreateSchema,
  StageChangeInputSchema,
  applyMilestonePatch,
  type AccountContext,
  type AccountDraft,
  type AccountPage,
  type AccountPatch,
  type AccountQuery,
  type AccountSummary,
  type ApprovalDecision,
  type ApprovalRequest,
  type CommitmentDraft,
  type CommitmentPatch,
  type DataPort,
  type ExportBundle,
  type FlagDraft,
  type FlagPatch,
  type HandoffAnswerInput,
  type HealthSnapshotDraft,
  type ImportMode,
  type ImportSummary,
  type MilestoneDraft,
  type MilestonePatch,
  type PlanCreate,
  type ReminderInputs,
  type ResolveResult,
  type StageChangeInput,
  type StageChangeResult,
  type Unassigned,
} from '../../core/model';
import { newId, newOrderedId } from './ids';
import {
  DATA_STORES,
  DB_NAME,
  INDEX,
  KEPT_READ,
  KEPT_READ_DATA,
  KEPT_VIEWS,
  MARKED_DAY,
  MIGRATIONS,
  STORE,
  accountsWithBrokenCommitments,
  keptViewKey,
  keptViewRecords,
  markDashboardReadings,
  marksHoldOn,
  noteMarkedDay,
  readingsOfAccount,
  remarkedPortfolio,
  recordKeysOf,
  runMigrations,
  type AccountIndexKeys,
  type ChildIndexKeys,
  type Migration,
  type SnapshotIndexKeys,
  type StoreName,
} from './schema';

export interface LocalStoreOptions {
  dbName?: string;
  now?: () => Date;
  /** Schema steps; tests pass a longer list to exercise an upgrade. */
  migrations?: readonly Migration[];
}

function accountIndexKeys(a: Account): AccountIndexKeys {
  const keys: AccountIndexKeys = { records: recordKeysOf(a.crmRefs) };
  const domain = a.websiteDomain ? normaliseDomain(a.websiteDomain) : '';
  if (domain) keys.domain = domain;
  const name = normaliseAccountName(a.name);
  if (name) keys.name = name;
  return keys;
}

function childIndexKeys(row: { accountId: string | null }): ChildIndexKeys {
  return row.accountId === null ? { unassigned: 1 } : {};
}

const accountRow = (a: Account) => ({ ...a, _k: accountIndexKeys(a) });
const childRow = <T extends { accountId: string | null }>(r: T) => ({ ...r, _k: childIndexKeys(r) });

// A broken commitment has its account's whole health history read for the dashboard (dashboardReadings).
const readingsMarkedBy = (storeName: StoreName): StoreName[] => (storeName === STORE.commitments ? [STORE.snapshots] : []);

// A row that no longer parses is reported and left exactly as it is: the
// person can export it, fix it or ask for help, and nothing is lost.
function readRow<S extends z.ZodType>(schema: S, store: StoreName, row: unknown): z.infer<S> {
  const parsed = safeParseOf(schema, row);
  if (parsed.success) return parsed.data;
  const key = row && typeof row === 'object' ? ((row as Record<string, unknown>).id ?? (row as Record<string, unknown>).accountId) : undefined;
  const { field, message } = firstIssue(parsed.error);
  throw new DataError({
    kind: 'storage',
    message: `Stored ${store} record ${JSON.stringify(String(key ?? '?'))} is unreadable: ${field ? `${field}: ` : ''}${message}. It has been kept unchanged.`,
    field: `${store}[${String(key ?? '?')}]${field ? `.${field}` : ''}`,
  });
}

function validate<S extends z.ZodType>(schema: S, what: string, input: unknown): z.infer<S> {
  const parsed = safeParseOf(schema, input);
  if (!parsed.success) throw schemaError('validation', what, parsed.error);
  return parsed.data;
}

// zod fills defaults, so only the keys the caller actually sent are applied.
function sentKeys<T extends object>(parsed: T, raw: unknown): Partial<T> {
  const out: Partial<T> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const k of Object.keys(parsed) as (keyof T)[]) {
    if (Object.prototype.hasOwnProperty.call(raw, k)) out[k] = parsed[k];
  }
  return out;
}

function notFound(what: string, id: string): DataError {
  return new DataError({ kind: 'not-found', message: `${what} ${JSON.stringify(id)} does not exist.` });
}

function conflict(what: string, current: unknown, yours: number | null, theirs: number | null): DataError {
  const message =
    yours === null
      ? `${what} was created by someone else meanwhile (now version ${theirs}).`
      : theirs === null
        ? `${what} does not exist yet, but an edit of version ${yours} was sent.`
        : `${what} changed since you loaded it (you had version ${yours}, it is now version ${theirs}).`;
  return new DataError({ kind: 'conflict', message, current });
}

async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDataError(e)) throw e;
    const name = e instanceof Error ? e.name : 'Error';
    const detail = e instanceof Error ? e.message : String(e);
    throw new DataError({
      kind: 'storage',
      message: `${what} failed in browser storage (${name}${detail ? `: ${detail}` : ''}).`,
    });
  }
}

const SUMMARY_CURSOR_NAME = 120;
const sortName = (row: { _k?: { name?: string } }) => (row._k?.name ?? '').slice(0, SUMMARY_CURSOR_NAME);

interface DirectoryEntry {
  id: string;
  sort: string;
  name: string;
  domain: string;
  lower: string;
}

type RawAccountRow = Record<string, unknown> & { id: string; name?: unknown; websiteDomain?: unknown; _k?: AccountIndexKeys };

export class LocalStore implements DataPort {
  readonly source = 'local' as const;
  private readonly dbName: string;
  private readonly now: () => Date;
  private readonly migrations: readonly Migration[];
  private dbPromise: Promise<IDBPDatabase> | null = null;
  private generation = 0;
  private directory: { generation: number; entries: DirectoryEntry[] } | null = null;

  constructor(options: LocalStoreOptions = {}) {
    this.dbName = options.dbName ?? DB_NAME;
    this.now = options.now ?? (() => new Date());
    this.migrations = options.migrations ?? MIGRATIONS;
  }

  get schemaVersion(): number {
    return this.migrations.length;
  }

  private db(): Promise<IDBPDatabase> {
    if (!this.dbPromise) {
      // A new connection may follow someone else's upgrade: forget what was cached.
      this.generation++;
      const migrations = this.migrations;
      const opening = openDB(this.dbName, migrations.length, {
        upgrade: (db, oldVersion, newVersion, tx) => {
          // A failed step aborts the upgrade, which rolls the database back
          // to its old version with every row intact; openDB then rejects.
          tx.done.catch(() => undefined);
          try {
            const pending = runMigrations(migrations, db, oldVersion, newVersion ?? migrations.length, tx as never, this.now());
            if (pending) pending.catch(() => tx.abort());
          } catch {
            tx.abort();
          }
        },
        // Another context (a newer build after an update) wants to upgrade:
        // let it, and reopen on next use.
        blocking: () => {
          void opening.then((db) => db.close());
          this.dbPromise = null;
        },
        // The browser closed the connection (storage cleared, disk error): reopen on next use.
        terminated: () => {
          if (this.dbPromise === opening) this.dbPromise = null;
        },
      });
      this.dbPromise = opening;
      opening.catch(() => {
        if (this.dbPromise === opening) this.dbPromise = null;
      });
    }
    return this.dbPromise;
  }

  async close(): Promise<void> {
    const p = this.dbPromise;
    this.dbPromise = null;
    if (p) (await p.catch(() => null))?.close();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private markReadings(tx: IDBPTransaction<unknown, string[], 'readwrite'>, accountIds: Iterable<string>): Promise<void> {
    return markDashboardReadings(tx, accountIds, toIsoDate(this.now()));
  }

  private async tx<M extends IDBTransactionMode>(stores: StoreName[], mode: M): Promise<IDBPTransaction<unknown, string[], M>> {
    const db = await this.db();
    if (mode === 'readonly') return db.transaction(stores, mode);
    this.generation++;
    // Every write counts itself in its own transaction (an aborted one does
    // not): figures kept under an older count are never shown again.
    const tx = db.transaction([...stores, STORE.meta], mode) as IDBPTransaction<unknown, string[], 'readwrite'>;
    const meta = tx.objectStore(STORE.meta);
    meta
      .get(REVISION)
      .then((n) => meta.put(revisionOf(n) + 1, REVISION))
      .catch(() => undefined);
    return tx as IDBPTransaction<unknown, string[], M>;
  }

  /** The dashboard figures last kept for `key`, computed on `asOf`, if nothing has been written since. */
  keptDashboardView(key: string, asOf: string): Promise<DashboardView | null> {
    return this.keptDashboardViewWhere((kept) => kept.key === key && kept.asOf === asOf && kept.current).then((found) => found?.view ?? null);
  }

  /**
   * The latest figures kept that `accept` takes (it is given their key, the
   * day they were computed on and whether they are current: nothing written
   * since, by this build), with that last and whether an older build computed
   * them: the current figures a woken worker answers with, or earlier ones a
   * page shows, marked, while the current ones are computed. Only the one
   * taken is checked against the view's schema; one that no longer parses
   * (an older build's) is computed again rather than reported.
   */
  keptDashboardViewWhere(
    accept: (kept: { key: string; asOf: string; current: boolean }) => boolean,
  ): Promise<{ view: DashboardView; current: boolean; olderBuild: boolean } | null> {
    return guard('Reading the kept dashboard', async () => {
      const tx = await this.tx([STORE.meta], 'readonly');
      const found = (await this.keptViews(tx)).find((v) => accept({ key: v.key, asOf: v.asOf, current: v.current }));
      if (!found) return null;
      const view = safeParseOf(DashboardViewSchema, await tx.objectStore(STORE.meta).get(keptViewKey(found.key)));
      return view.success ? { view: view.data, current: found.current, olderBuild: found.olderBuild === true } : null;
    });
  }

  /**
   * The keys of the figures kept for `asOf`, latest first (the filters someone
   * looked at today, for the background to compute again once the writes are
   * over), each with whether it is current (nothing written since it was
   * kept, by this build).
   */
  keptDashboardKeys(asOf: string): Promise<{ key: string; current: boolean }[]> {
    return guard('Reading the kept dashboard', async () =>
      (await this.keptViews(await this.tx([STORE.meta], 'readonly'))).filter((v) => v.asOf === asOf).map((v) => ({ key: v.key, current: v.current })),
    );
  }

  /**
   * The kept views, latest first, each with whether it is current: kept at
   * the store's count of writes, by this build. None when the list no longer
   * parses.
   */
  private async keptViews(tx: IDBPTransaction<unknown, string[], 'readonly'>) {
    const meta = tx.objectStore(STORE.meta);
    const [revision, kept] = await Promise.all([meta.get(REVISION), meta.get(KEPT_VIEWS)]);
    const parsed = safeParseOf(KeptViewsSchema, kept);
    if (!parsed.success) return [];
    const count = revisionOf(revision);
    return parsed.data.views.map((v) => ({ ...v, current: v.olderBuild !== true && v.revision === count }));
  }

  /**
   * The keys of the figures kept on the latest day before `day`, latest
   * first: the filters looked at on the dashboard's last day of use, until
   * figures are kept on a later day (keepDashboardView keeps one day's).
   */
  keptDashboardKeysBefore(day: string): Promise<string[]> {
    return guard('Reading the kept dashboard', async () => {
      const parsed = safeParseOf(KeptViewsSchema, await (await this.db()).get(STORE.meta, KEPT_VIEWS));
      if (!parsed.success) return [];
      const earlier = parsed.data.views.filter((v) => v.asOf < day);
      const last = earlier.reduce((latest, v) => (v.asOf > latest ? v.asOf : latest), '');
      return earlier.filter((v) => v.asOf === last).map((v) => v.key);
    });
  }

  /**
   * Keeps figures computed from the data read at `revision`, unless a write
   * has been made since. The latest few keys are kept: the filters a person
   * moves between, those a write made stale too, for the background to
   * compute again. Those of the filter the page opens on (`opensOn`) stay
   * while others come and go: a person who looked at more filters than are
   * kept still opens the dashboard on kept figures.
   */
  keepDashboardView(key: string, view: DashboardView, revision: number, opensOn = false): Promise<boolean> {
    return guard('Keeping the dashboard', async () => {
      const db = await this.db();
      // Not through tx(): keeping figures is no write of data.
      const tx = db.transaction([STORE.meta], 'readwrite');
      const meta = tx.objectStore(STORE.meta);
      const [current, kept] = await Promise.all([meta.get(REVISION), meta.get(KEPT_VIEWS)]);
      if (revisionOf(current) !== revision) return false;
      const parsed = safeParseOf(KeptViewsSchema, kept);
      // A list that no longer parses says nothing of the figures stored beside it: none is left behind.
      if (!parsed.success) await meta.delete(keptViewRecords());
      const before = parsed.success ? parsed.data.views : [];
      const others = before.filter((v) => v.key !== key && v.asOf === view.asOf);
      const views = [{ key, revision, asOf: view.asOf, ...(opensOn ? { opensOn: true as const } : {}) }, ...others];
      const latest = views.slice(0, KEPT_VIEWS_MAX);
      const opening = views.find((v) => v.opensOn);
      if (opening && !latest.includes(opening)) latest[KEPT_VIEWS_MAX - 1] = opening;
      const gone = before.filter((v) => !latest.some((l) => l.key === v.key));
      await Promise.all([
        meta.put(view, keptViewKey(key)),
        ...gone.map((v) => meta.delete(keptViewKey(v.key))),
        meta.put({ views: latest }, KEPT_VIEWS),
        tx.done,
      ]);
      return true;
    });
  }

  /**
   * Keeps the dashboard's inputs as `dashboardDataAt` read them on `day` at
   * `revision`, packed, unless a write has been made since: derived data, like
   * the kept views, for a woken worker to read in one record.
   */
  keepDashboardRead(data: DashboardData, revision: number, day: string): Promise<boolean> {
    return guard('Keeping the dashboard', async () => {
      const db = await this.db();
      // Packing costs the worker about half a second, so inputs a write has overtaken are not packed; the count is
      // checked again where they are kept, as a write may land while they are packed.
      if (revisionOf(await db.get(STORE.meta, REVISION)) !== revision) return false;
      const packed = packDashboardData(data);
      // Not through tx(): keeping them is no write of data.
      const tx = db.transaction([STORE.meta], 'readwrite');
      const meta = tx.objectStore(STORE.meta);
      if (revisionOf(await meta.get(REVISION)) !== revision) return false;
      await Promise.all([meta.put(packed, KEPT_READ_DATA), meta.put({ revision, day }, KEPT_READ), tx.done]);
      return true;
    });
  }

  /** Whether inputs are kept (keepDashboardRead) for `day` at the store's count of writes, without reading them. */
  dashboardReadKept(day: string): Promise<boolean> {
    return guard('Reading the kept dashboard', async () => {
      const tx = await this.tx([STORE.meta], 'readonly');
      return (await this.keptReadCurrent(tx, day)) !== null;
    });
  }

  // The store's count of writes, when the inputs kept are current on `day`.
  private async keptReadCurrent(tx: IDBPTransaction<unknown, string[], 'readonly'>, day: string): Promise<number | null> {
    const meta = tx.objectStore(STORE.meta);
    const [count, kept] = await Promise.all([meta.get(REVISION), meta.get(KEPT_READ)]);
    const held = safeParseOf(KeptReadSchema, kept);
    const revision = revisionOf(count);
    return held.success && held.data.revision === revision && held.data.day === day ? revision : null;
  }

  /**
   * The inputs kept by keepDashboardRead, when kept on `now`'s day at the
   * store's count of writes: those `dashboardDataAt(now)` reads, in their one
   * record, unpacked on demand with every value checked on the way
   * (`packedReader`): all of them, or those a filter that selects
   * accounts reads. None otherwise; `inputs` gives none when they no longer
   * unpack (derived data: the whole read gives them again).
   */
  keptDashboardReadAt(now: Date = this.now()): Promise<KeptDashboardRead | null> {
    return guard('Reading the kept dashboard', async () => {
      const tx = await this.tx([STORE.meta], 'readonly');
      const revision = await this.keptReadCurrent(tx, toIsoDate(now));
      if (revision === null) return null;
      const reader = packedReader(await tx.objectStore(STORE.meta).get(KEPT_READ_DATA));
      const dataOf = (unpacked: Unpacked) => (unpacked.success ? unpacked.data : null);
      return {
        revision,
        inputs: (filter?: DashboardFilter) => dataOf(reader.read(filter)),
        inputsInSteps: function* () {
          return dataOf(yield* reader.readInSteps());
        },
        readAheadInSteps: () => reader.readAheadInSteps(),
        firstInputsInSteps: function* (accounts) {
          return dataOf(yield* reader.readFirstInSteps(accounts));
        },
      };
    });
  }

  /**
   * Marks every kept view as an older build's, after an update: this build
   * may compute them otherwise, so none is current any more, but each stays
   * at hand as earlier figures a page shows, marked, until the background
   * has computed it again (keptDashboardKeys lists them as not current).
   * Returns the days they were computed on.
   */
  outdateDashboardViews(): Promise<string[]> {
    return guard('Marking the kept dashboard as an older build’s', async () => {
      const db = await this.db();
      const tx = db.transaction([STORE.meta], 'readwrite');
      const meta = tx.objectStore(STORE.meta);
      const parsed = safeParseOf(KeptViewsSchema, await meta.get(KEPT_VIEWS));
      // This build may read the store otherwise (another field, another record): its own read is kept anew.
      await Promise.all([meta.delete(KEPT_READ), meta.delete(KEPT_READ_DATA)]);
      if (parsed.success) await meta.put({ views: parsed.data.views.map((v) => ({ ...v, olderBuild: true })) }, KEPT_VIEWS);
      else await Promise.all([meta.delete(KEPT_VIEWS), meta.delete(keptViewRecords())]);
      await tx.done;
      return parsed.success ? parsed.data.views.map((v) => v.asOf) : [];
    });
  }

  // -------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------

  resolveRecord(ref: CrmRecordRef): Promise<ResolveResult> {
    return guard('Looking up the record', async () => {
      const r = validate(CrmRecordRefSchema, 'record', ref);
      const tx = await this.tx([STORE.accounts], 'readonly');
      const store = tx.objectStore(STORE.accounts);
      const steps: { by: 'record' | 'domain' | 'name'; index: string; key: string }[] = [
        { by: 'record', index: INDEX.accountsByRecordKey, key: recordIdentity(r) },
      ];
      // A link made before tenants were recorded (HubSpot, Intercom) is found by the record's legacy key.
      if (legacyIdentity(r) !== recordIdentity(r)) steps.push({ by: 'record', index: INDEX.accountsByRecordKey, key: legacyIdentity(r) });
      const domain = r.websiteDomain ? normaliseDomain(r.websiteDomain) : '';
      if (domain) steps.push({ by: 'domain', index: INDEX.accountsByDomain, key: domain });
      const name = r.name ? normaliseAccountName(r.name) : '';
      if (name) steps.push({ by: 'name', index: INDEX.accountsByName, key: name });

      for (const step of steps) {
        const ids = (await store.index(step.index).getAllKeys(step.key)) as string[];
        if (ids.length === 1) return { status: 'linked', accountId: ids[0]!, matchedBy: step.by };
        if (ids.length > 1) {
          const rows = await Promise.all(ids.map((id) => store.get(id)));
          const candidates = rows.map((row) => readRow(AccountSchema, STORE.accounts, row)).map(toSummary);
          return { status: 'not-linked', reason: 'ambiguous', candidates };
        }
      }
      return { status: 'not-linked', reason: 'unknown', candidates: [] };
    });
  }

  getAccountContext(accountId: string): Promise<AccountContext | null> {
    return guard('Loading the account', async () => {
      const id = validate(IdSchema, 'account id', accountId);
      const tx = await this.tx([...DATA_STORES], 'readonly');
      const rawAccount = await tx.objectStore(STORE.accounts).get(id);
      if (rawAccount === undefined) return null;
      const [rawSnapshots, rawCommitments, rawFlags, rawHandoff, rawApproval, rawMilestones, rawStageChanges] = await Promise.all([
        tx.objectStore(STORE.snapshots).index(INDEX.snapshotsByAccountDate).getAll(readingsOfAccount(id)),
        tx.objectStore(STORE.commitments).index(INDEX.byAccount).getAll(id),
        tx.objectStore(STORE.flags).index(INDEX.byAccount).getAll(id),
        tx.objectStore(STORE.handoff).get(id),
        tx.objectStore(STORE.approvals).get(id),
        tx.objectStore(STORE.milestones).index(INDEX.byAccount).getAll(id),
        tx.objectStore(STORE.stageChanges).index(INDEX.byAccount).getAll(id),
      ]);
      return {
        account: readRow(AccountSchema, STORE.accounts, rawAccount),
        snapshots: rawSnapshots.map((r) => readRow(HealthSnapshotSchema, STORE.snapshots, r)),
        commitments: rawCommitments.map((r) => readRow(CommitmentSchema, STORE.commitments, r)),
        flags: rawFlags.map((r) => readRow(RiskFlagSchema, STORE.flags, r)),
        handoff: rawHandoff === undefined ? { accountId: id, answers: {} } : readRow(HandoffAnswersSchema, STORE.handoff, rawHandoff),
        approval: rawApproval === undefined ? null : readRow(IcpApprovalSchema, STORE.approvals, rawApproval),
        milestones: byDueDate(rawMilestones.map((r) => readRow(MilestoneSchema, STORE.milestones, r))),
        stageChanges: byTime(rawStageChanges.map((r) => readRow(StageChangeSchema, STORE.stageChanges, r))),
      };
    });
  }

  listAccounts(query: AccountQuery): Promise<AccountPage> {
    return guard('Listing accounts', async () => {
      const q = validate(AccountQuerySchema, 'account query', query);
      const directory = await this.accountDirectory();
      const needle = q.search?.trim() ? normaliseAccountName(q.search) : '';
      const rawNeedle = q.search?.trim().toLowerCase() ?? '';
      const matched =
        needle || rawNeedle
          ? directory.filter(
              (e) => (needle && e.name.includes(needle)) || (rawNeedle && (e.domain.includes(rawNeedle) || e.lower.includes(rawNeedle))),
            )
          : directory;
      let start = 0;
      if (q.cursor) {
        const sep = q.cursor.lastIndexOf('\u001f');
        const cName = sep >= 0 ? q.cursor.slice(0, sep) : '';
        const cId = sep >= 0 ? q.cursor.slice(sep + 1) : q.cursor;
        start = matched.findIndex((e) => (cmp(e.sort, cName) || cmp(e.id, cId)) > 0);
        if (start < 0) start = matched.length;
      }
      const page = matched.slice(start, start + q.limit);
      const tx = await this.tx([STORE.accounts], 'readonly');
      const rows = await Promise.all(page.map((e) => tx.objectStore(STORE.accounts).get(e.id)));
      const items = rows.filter((r) => r !== undefined).map((row) => toSummary(readRow(AccountSchema, STORE.accounts, row)));
      const last = page.at(-1);
      const more = start + q.limit < matched.length;
      return {
        items,
        nextCursor: more && last ? `${last.sort}\u001f${last.id}` : null,
        total: matched.length,
      };
    });
  }

  // Searching reads only names and domains. They are kept in memory, sorted,
  // until the next write through this store: the background is the only
  // writer, and reading 10,000 whole account rows on every keystroke is not
  // needed.
  private async accountDirectory(): Promise<DirectoryEntry[]> {
    if (this.directory && this.directory.generation === this.generation) return this.directory.entries;
    const generation = this.generation;
    const tx = await this.tx([STORE.accounts], 'readonly');
    const rows = (await tx.objectStore(STORE.accounts).getAll()) as RawAccountRow[];
    const entries = rows
      .map((row) => ({
        id: row.id,
        sort: sortName(row),
        name: row._k?.name ?? '',
        domain: row._k?.domain ?? '',
        lower: typeof row.name === 'string' ? row.name.toLowerCase() : '',
      }))
      .sort((a, b) => cmp(a.sort, b.sort) || cmp(a.id, b.id));
    // A write that started meanwhile may not be in what was read.
    if (generation === this.generation) this.directory = { generation, entries };
    return entries;
  }

  listUnassigned(): Promise<Unassigned> {
    return guard('Listing unassigned captures', async () => {
      const tx = await this.tx([STORE.commitments, STORE.flags], 'readonly');
      const [c, f] = await Promise.all([
        tx.objectStore(STORE.commitments).index(INDEX.unassigned).getAll(1),
        tx.objectStore(STORE.flags).index(INDEX.unassigned).getAll(1),
      ]);
      return {
        commitments: c.map((r) => readRow(CommitmentSchema, STORE.commitments, r)),
        flags: f.map((r) => readRow(RiskFlagSchema, STORE.flags, r)),
      };
    });
  }

  // -------------------------------------------------------------------------
  // Accounts
  // -------------------------------------------------------------------------

  createAccount(draft: AccountDraft): Promise<Account> {
    return guard('Saving the account', async () => {
      const d = validate(AccountDraftSchema, 'account', draft);
      const at = this.stamp();
      const account = validate(AccountSchema, 'account', { ...d, id: newId('acc'), version: 1, createdAt: at, updatedAt: at });
      const tx = await this.tx([STORE.accounts, STORE.arrChanges], 'readwrite');
      await tx.objectStore(STORE.accounts).add(accountRow(account));
      await this.recordArrChange(tx, null, account);
      await tx.done;
      return account;
    });
  }

  updateAccount(id: string, patch: AccountPatch, expectedVersion: number): Promise<Account> {
    return guard('Saving the account', async () => {
      const changes = sentKeys(validate(AccountPatchSchema, 'account change', patch), patch);
      const tx = await this.tx([STORE.accounts, STORE.arrChanges], 'readwrite');
      const store = tx.objectStore(STORE.accounts);
      const raw = await store.get(id);
      if (raw === undefined) throw notFound('Account', id);
      const current = readRow(AccountSchema, STORE.accounts, raw);
      if (current.version !== expectedVersion) throw conflict(`Account "${current.name}"`, current, expectedVersion, current.version);
      const next = validate(AccountSchema, 'account', { ...current, ...changes, id, version: current.version + 1, updatedAt: this.stamp() });
      await store.put(accountRow(next));
      await this.recordArrChange(tx, current, next);
      await tx.done;
      return next;
    });
  }

  // In the account's own transaction, so an ARR edit and its history entry
  // land together or not at all: NRR and GRR are computed from this history.
  private async recordArrChange(tx: IDBPTransaction<unknown, string[], 'readwrite'>, before: Account | null, after: Account): Promise<void> {
    const now = this.now();
    const change = arrChangeOnSave(before, after, toIsoDate(now));
    if (!change) return;
    const row = validate(ArrChangeSchema, 'ARR change', { ...change, id: newOrderedId('arr', now), accountId: after.id });
    await tx.objectStore(STORE.arrChanges).add(row);
  }

  linkRecord(accountId: string, link: z.input<typeof CrmLinkSchema>): Promise<Account> {
    return guard('Linking the record', async () => {
      const l = validate(CrmLinkSchema, 'record link', link);
      const key = recordIdentity(l);
      const tx = await this.tx([STORE.accounts], 'readwrite');
      const store = tx.objectStore(STORE.accounts);
      const raw = await store.get(accountId);
      if (raw === undefined) throw notFound('Account', accountId);
      const target = readRow(AccountSchema, STORE.accounts, raw);
      const at = this.stamp();

      // Linking is the person's explicit choice, so the record moves here from
      // any account it was linked to before; otherwise the next visit would be
      // ambiguous between the two.
      // A link stored before tenants were recorded, on another account, is this record too.
      const keys = [...new Set([key, legacyIdentity(l)])];
      const holders = new Map<string, unknown>();
      for (const k of keys) for (const row of (await store.index(INDEX.accountsByRecordKey).getAll(k)) as { id: string }[]) holders.set(row.id, row);
      for (const holderRaw of holders.values()) {
        const holder = readRow(AccountSchema, STORE.accounts, holderRaw);
        if (holder.id === target.id) continue;
        const crmRefs = holder.crmRefs.filter((r) => !keys.includes(recordIdentity(r)));
        await store.put(accountRow({ ...holder, crmRefs, version: holder.version + 1, updatedAt: at }));
      }

      const same = (r: CrmLink) => recordIdentity(r) === key && r.host === l.host && r.objectType === l.objectType && r.kind === l.kind;
      if (target.crmRefs.some(same)) {
        await tx.done;
        return target;
      }
      const next = { ...target, crmRefs: [...target.crmRefs, l], version: target.version + 1, updatedAt: at };
      await store.put(accountRow(next));
      await tx.done;
      return next;
    });
  }

  // -------------------------------------------------------------------------
  // Children
  // -------------------------------------------------------------------------

  addHealthSnapshot(draft: HealthSnapshotDraft): Promise<HealthSnapshot> {
    return guard('Saving the health snapshot', async () => {
      const d = validate(HealthSnapshotDraftSchema, 'health snapshot', draft);
      const snapshot = validate(HealthSnapshotSchema, 'health snapshot', { ...d, id: newId('snp') });
      const tx = await this.tx([STORE.accounts, STORE.snapshots, STORE.commitments], 'readwrite');
      if ((await tx.objectStore(STORE.accounts).getKey(snapshot.accountId)) === undefined) throw notFound('Account', snapshot.accountId);
      await tx.objectStore(STORE.snapshots).add(snapshot);
      await this.markReadings(tx, [snapshot.accountId]);
      await tx.done;
      return snapshot;
    });
  }

  createCommitment(draft: CommitmentDraft): Promise<Commitment> {
    return this.createChild(STORE.commitments, 'cmt', 'commitment', CommitmentDraftSchema, CommitmentSchema, draft);
  }

  updateCommitment(id: string, patch: CommitmentPatch, expectedVersion: number): Promise<Commitment> {
    return this.updateChild(STORE.commitments, 'Commitment', CommitmentPatchSchema, CommitmentSchema, id, patch, expectedVersion);
  }

  createFlag(draft: FlagDraft): Promise<RiskFlag> {
    return this.createChild(STORE.flags, 'flg', 'risk flag', FlagDraftSchema, RiskFlagSchema, draft);
  }

  updateFlag(id: string, patch: FlagPatch, expectedVersion: number): Promise<RiskFlag> {
    return this.updateChild(STORE.flags, 'Risk flag', FlagPatchSchema, RiskFlagSchema, id, patch, expectedVersion);
  }

  private createChild<D extends z.ZodType, S extends z.ZodType<{ accountId: string | null }>>(
    storeName: typeof STORE.commitments | typeof STORE.flags,
    prefix: string,
    what: string,
    draftSchema: D,
    schema: S,
    draft: unknown,
  ): Promise<z.infer<S>> {
    return guard(`Saving the ${what}`, async () => {
      const d = validate(draftSchema, what, draft) as object;
      const at = this.stamp();
      const row = validate(schema, what, { ...d, id: newId(prefix), version: 1, createdAt: at, updatedAt: at });
      const tx = await this.tx([STORE.accounts, storeName, ...readingsMarkedBy(storeName)], 'readwrite');
      if (row.accountId !== null && (await tx.objectStore(STORE.accounts).getKey(row.accountId)) === undefined) {
        throw notFound('Account', row.accountId);
      }
      await tx.objectStore(storeName).add(childRow(row));
      if (storeName === STORE.commitments) await this.markReadings(tx, accountsWithBrokenCommitments([row]));
      await tx.done;
      return row;
    });
  }

  private updateChild<P extends z.ZodType, S extends z.ZodType<{ accountId: string | null; version: number }>>(
    storeName: typeof STORE.commitments | typeof STORE.flags,
    what: string,
    patchSchema: P,
    schema: S,
    id: string,
    patch: unknown,
    expectedVersion: number,
  ): Promise<z.infer<S>> {
    return guard(`Saving the ${what.toLowerCase()}`, async () => {
      const changes = sentKeys(validate(patchSchema, `${what.toLowerCase()} change`, patch) as object, patch);
      const tx = await this.tx([STORE.accounts, storeName, ...readingsMarkedBy(storeName)], 'readwrite');
      const store = tx.objectStore(storeName);
      const raw = await store.get(id);
      if (raw === undefined) throw notFound(what, id);
      const current = readRow(schema, storeName, raw);
      if (current.version !== expectedVersion) throw conflict(what, current, expectedVersion, current.version);
      const next = validate(schema, what.toLowerCase(), {
        ...current,
        ...changes,
        id,
        version: current.version + 1,
        updatedAt: this.stamp(),
      });
      if (next.accountId !== null && next.accountId !== current.accountId) {
        if ((await tx.objectStore(STORE.accounts).getKey(next.accountId)) === undefined) throw notFound('Account', next.accountId);
      }
      await store.put(childRow(next));
      if (storeName === STORE.commitments) await this.markReadings(tx, accountsWithBrokenCommitments([current, next]));
      await tx.done;
      return next;
    });
  }

  setHandoffAnswer(input: HandoffAnswerInput): Promise<HandoffAnswers> {
    return guard('Saving the checklist answer', async () => {
      const i = validate(HandoffAnswerInputSchema, 'checklist answer', input);
      const tx = await this.tx([STORE.accounts, STORE.handoff], 'readwrite');
      if ((await tx.objectStore(STORE.accounts).getKey(i.accountId)) === undefined) throw notFound('Account', i.accountId);
      const store = tx.objectStore(STORE.handoff);
      const raw = await store.get(i.accountId);
      const current: HandoffAnswers = raw === undefined ? { accountId: i.accountId, answers: {} } : readRow(HandoffAnswersSchema, STORE.handoff, raw);
      const existing = current.answers[i.itemId];
      if ((existing?.version ?? null) !== i.expectedVersion) {
        throw conflict(`The checklist answer "${i.itemId}"`, current, i.expectedVersion, existing?.version ?? null);
      }
      const answer = {
        done: i.done,
        ...(i.note !== undefined ? { note: i.note } : {}),
        by: i.by,
        at: this.stamp(),
        version: (existing?.version ?? 0) + 1,
      };
      const next = validate(HandoffAnswersSchema, 'checklist answers', { ...current, answers: { ...current.answers, [i.itemId]: answer } });
      await store.put(next);
      await tx.done;
      return next;
    });
  }

  requestApproval(input: ApprovalRequest): Promise<IcpApproval> {
    return guard('Saving the approval request', async () => {
      const r = validate(ApprovalRequestSchema, 'approval request', input);
      const tx = await this.tx([STORE.accounts, STORE.approvals], 'readwrite');
      if ((await tx.objectStore(STORE.accounts).getKey(r.accountId)) === undefined) throw notFound('Account', r.accountId);
      const store = tx.objectStore(STORE.approvals);
      const raw = await store.get(r.accountId);
      const current = raw === undefined ? null : readRow(IcpApprovalSchema, STORE.approvals, raw);
      // One open request per account: a second one would hide the first
      // from whoever is deciding.
      if (current?.status === 'requested') {
        throw conflict('An approval request for this account', current, null, current.version);
      }
      const at = this.stamp();
      const next = validate(IcpApprovalSchema, 'approval', {
        ...r,
        status: 'requested',
        requestedAt: at,
        version: (current?.version ?? 0) + 1,
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      });
      await store.put(next);
      await tx.done;
      return next;
    });
  }

  decideApproval(input: ApprovalDecision): Promise<IcpApproval> {
    return guard('Saving the approval decision', async () => {
      const d = validate(ApprovalDecisionSchema, 'approval decision', input);
      const tx = await this.tx([STORE.approvals], 'readwrite');
      const store = tx.objectStore(STORE.approvals);
      const raw = await store.get(d.accountId);
      if (raw === undefined) throw notFound('Approval request for account', d.accountId);
      const current = readRow(IcpApprovalSchema, STORE.approvals, raw);
      if (current.version !== d.expectedVersion) throw conflict('The approval request', current, d.expectedVersion, current.version);
      if (current.status !== 'requested') {
        throw new DataError({ kind: 'validation', message: `The approval request was already ${current.status}.`, field: 'status' });
      }
      const at = this.stamp();
      const next = validate(IcpApprovalSchema, 'approval', {
        ...current,
        status: d.status,
        decidedBy: d.decidedBy,
        decidedAt: at,
        ...(d.decisionNote !== undefined ? { decisionNote: d.decisionNote } : {}),
        version: current.version + 1,
        updatedAt: at,
      });
      await store.put(next);
      await tx.done;
      return next;
    });
  }

  // -------------------------------------------------------------------------
  // Success plans and stages
  // -------------------------------------------------------------------------

  createPlan(input: PlanCreate): Promise<SuccessPlan> {
    return guard('Saving the success plan', async () => {
      const p = validate(PlanCreateSchema, 'success plan', input);
      const at = this.stamp();
      const milestones = p.milestones.map((m) => validate(MilestoneSchema, 'milestone', { ...m, version: 1, createdAt: at, updatedAt: at }));
      const tx = await this.tx([STORE.accounts, STORE.milestones], 'readwrite');
      if ((await tx.objectStore(STORE.accounts).getKey(p.accountId)) === undefined) throw notFound('Account', p.accountId);
      const store = tx.objectStore(STORE.milestones);
      const existing = await store.index(INDEX.byAccount).getAll(p.accountId);
      // One plan per account: a second "create" (another teammate, a replayed
      // click) must not double every milestone.
      if (existing.length > 0) {
        const current = byDueDate(existing.map((r) => readRow(MilestoneSchema, STORE.milestones, r)));
        throw new DataError({ kind: 'conflict', message: 'The account already has a success plan.', current });
      }
      for (const m of milestones) await store.add(m);
      await tx.done;
      return { accountId: p.accountId, templateId: p.templateId, milestones: byDueDate(milestones) };
    });
  }

  createMilestone(draft: MilestoneDraft): Promise<Milestone> {
    return guard('Saving the milestone', async () => {
      const d = validate(MilestoneDraftSchema, 'milestone', draft);
      const at = this.stamp();
      const row = validate(MilestoneSchema, 'milestone', { ...d, id: newId('ms'), version: 1, createdAt: at, updatedAt: at });
      const tx = await this.tx([STORE.accounts, STORE.milestones], 'readwrite');
      if ((await tx.objectStore(STORE.accounts).getKey(row.accountId)) === undefined) throw notFound('Account', row.accountId);
      await tx.objectStore(STORE.milestones).add(row);
      await tx.done;
      return row;
    });
  }

  updateMilestone(accountId: string, id: string, patch: MilestonePatch, expectedVersion: number): Promise<Milestone> {
    return guard('Saving the milestone', async () => {
      const p = validate(MilestonePatchSchema, 'milestone change', patch);
      const tx = await this.tx([STORE.milestones], 'readwrite');
      const store = tx.objectStore(STORE.milestones);
      const raw = await store.get([accountId, id]);
      if (raw === undefined) throw notFound('Milestone', id);
      const current = readRow(MilestoneSchema, STORE.milestones, raw);
      if (current.version !== expectedVersion) throw conflict(`Milestone "${current.title}"`, current, expectedVersion, current.version);
      const next = validate(MilestoneSchema, 'milestone', {
        ...applyMilestonePatch(current, p),
        id,
        accountId,
        version: current.version + 1,
        updatedAt: this.stamp(),
      });
      await store.put(next);
      await tx.done;
      return next;
    });
  }

  changeStage(input: StageChangeInput): Promise<StageChangeResult> {
    return guard('Moving the account to another stage', async () => {
      const i = validate(StageChangeInputSchema, 'stage change', input);
      const tx = await this.tx([STORE.accounts, STORE.stageChanges], 'readwrite');
      const accounts = tx.objectStore(STORE.accounts);
      const raw = await accounts.get(i.accountId);
      if (raw === undefined) throw notFound('Account', i.accountId);
      const current = readRow(AccountSchema, STORE.accounts, raw);
      if (current.version !== i.expectedVersion) {
        throw conflict(`Account "${current.name}"`, current, i.expectedVersion, current.version);
      }
      const at = this.stamp();
      const change = validate(StageChangeSchema, 'stage change', {
        id: newOrderedId('stg', this.now()),
        accountId: i.accountId,
        from: current.lifecycleStage,
        to: i.to,
        by: i.by,
        at,
        ...(i.note !== undefined ? { note: i.note } : {}),
      });
      const account = validate(AccountSchema, 'account', { ...current, lifecycleStage: i.to, version: current.version + 1, updatedAt: at });
      await accounts.put(accountRow(account));
      await tx.objectStore(STORE.stageChanges).add(change);
      await tx.done;
      return { account, change };
    });
  }

  reminderInputs(): Promise<ReminderInputs> {
    return guard('Reading what reminders need', async () => {
      const tx = await this.tx([STORE.accounts, STORE.commitments, STORE.milestones], 'readonly');
      const [accounts, commitments, milestones] = await Promise.all([
        tx.objectStore(STORE.accounts).getAll(),
        tx.objectStore(STORE.commitments).getAll(),
        tx.objectStore(STORE.milestones).getAll(),
      ]);
      return reminderInputsOf(
        accounts.map((r) => readRow(AccountSchema, STORE.accounts, r)),
        commitments.map((r) => readRow(CommitmentSchema, STORE.commitments, r)),
        milestones.map((r) => readRow(MilestoneSchema, STORE.milestones, r)),
      );
    });
  }

  // -------------------------------------------------------------------------
  // Whole store
  // -------------------------------------------------------------------------

  async dashboard(filter: DashboardFilter, settings: DashboardSettings): Promise<DashboardView> {
    return dashboardView(computeDashboard(await this.dashboardData(), settings, filter, this.now()));
  }

  async dashboardRows(request: DashboardRowsRequest, settings: DashboardSettings): Promise<DashboardRows> {
    const data = await this.dashboardData();
    const rows = dashboardRows(computeDashboard(data, settings, request.filter, this.now()), data.accounts, request);
    if (!rows) throw notFound('dashboard list', request.list);
    return rows;
  }

  async dashboardAgenda(filter: DashboardFilter, settings: DashboardSettings): Promise<ReviewAgenda> {
    return computeDashboard(await this.dashboardData(), settings, filter, this.now()).agenda;
  }

  /** The dashboard's inputs today (see dashboardDataAt). */
  async dashboardData(): Promise<DashboardData> {
    return (await this.dashboardDataAt()).data;
  }

  /**
   * The dashboard's inputs on `now`'s day and the count of writes they were
   * read at, in one transaction: the figures of `dashboardDataOf(exportAll())`
   * but read without what no figure uses: of the health readings only those
   * marked as they were written (dashboardReadings; all of them for a day
   * before the marks were made), of the success plans only each account's
   * "first value achieved" milestone (by the kind index), of the handoff
   * checklists only those of accounts closing in the agenda's window (the only
   * ones it shows), and no stage history. Every row read is parsed with its
   * schema, as an export does.
   */
  dashboardDataAt(now: Date = this.now()): Promise<{ data: DashboardData; revision: number }> {
    return guard('Reading the dashboard', async () => {
      const tx = await this.tx([...DASHBOARD_STORES, STORE.meta], 'readonly');
      const handoffStore = tx.objectStore(STORE.handoff);
      const window = handoffWindow(now);
      // Every read is asked for at once and each store's rows are parsed as they
      // arrive: the database reads the next store meanwhile, so parsing costs
      // little more than the read.
      const parsed = <S extends z.ZodType>(schema: S, store: StoreName, read: Promise<unknown[]>) =>
        read.then((rows) => rows.map((r) => readRow(schema, store, r)));
      // The answers are asked for as soon as the accounts are known, while the larger stores are still being read.
      const accountsRead = parsed(AccountSchema, STORE.accounts, tx.objectStore(STORE.accounts).getAll()).then(async (accounts) => {
        const answers = await Promise.all(accounts.filter((a) => closesInWindow(a, window)).map((a) => handoffStore.get(a.id)));
        return { accounts, handoff: answers.flatMap((r) => (r === undefined ? [] : [readRow(HandoffAnswersSchema, STORE.handoff, r)])) };
      });
      const markedOn = tx.objectStore(STORE.meta).get(MARKED_DAY);
      const readings = tx.objectStore(STORE.snapshots);
      const marked = readings.index(INDEX.snapshotsForDashboard).getAll();
      const rest = Promise.all([
        parsed(CommitmentSchema, STORE.commitments, tx.objectStore(STORE.commitments).getAll()),
        parsed(RiskFlagSchema, STORE.flags, tx.objectStore(STORE.flags).getAll()),
        parsed(IcpApprovalSchema, STORE.approvals, tx.objectStore(STORE.approvals).getAll()),
        parsed(ArrChangeSchema, STORE.arrChanges, tx.objectStore(STORE.arrChanges).getAll()),
        parsed(MilestoneSchema, STORE.milestones, tx.objectStore(STORE.milestones).index(INDEX.milestonesByKind).getAll(FIRST_VALUE_MILESTONE_ID)),
        tx.objectStore(STORE.meta).get(REVISION),
      ]);
      // The day marks were noted on arrives before the marked readings (a
      // transaction answers in the order asked), so they are still parsed as
      // they arrive. With no marks that hold on `now`'s day (none noted, or
      // noted on a later day), every reading is read instead.
      const marksHold = marksHoldOn(await markedOn, toIsoDate(now));
      if (!marksHold) marked.catch(() => undefined);
      const [{ accounts, handoff }, snapshots, [commitments, flags, approvals, arrChanges, milestones, revision]] = await Promise.all([
        accountsRead,
        parsed(HealthSnapshotSchema, STORE.snapshots, marksHold ? marked : readings.getAll()),
        rest,
      ]);
      const data = dashboardDataOf({ accounts, snapshots, commitments, flags, handoff, approvals, arrChanges, milestones });
      return { data, revision: revisionOf(revision) };
    });
  }

  /** One account's readings as `dashboardDataAt(now)` reads them, in id order. */
  dashboardReadingsOf(accountId: string, now: Date = this.now()): Promise<HealthSnapshot[]> {
    return guard('Reading the dashboard', async () => {
      const tx = await this.tx([STORE.snapshots, STORE.meta], 'readonly');
      const [markedOn, rows] = await Promise.all([
        tx.objectStore(STORE.meta).get(MARKED_DAY),
        tx.objectStore(STORE.snapshots).index(INDEX.snapshotsByAccountDate).getAll(readingsOfAccount(accountId)),
      ]);
      const marked = marksHoldOn(markedOn, toIsoDate(now));
      const read = (rows as { id: string; _k?: SnapshotIndexKeys }[]).filter((r) => !marked || r._k?.dashboard === 1).sort((a, b) => cmp(a.id, b.id));
      return read.map((r) => readRow(HealthSnapshotSchema, STORE.snapshots, r));
    });
  }

  exportAll(): Promise<ExportBundle> {
    return guard('Exporting', async () => {
      const tx = await this.tx([...DATA_STORES], 'readonly');
      const [accounts, snapshots, commitments, flags, handoff, approvals, arrChanges, milestones, stageChanges] = await Promise.all(
        DATA_STORES.map((s) => tx.objectStore(s).getAll()),
      );
      return {
        format: EXPORT_FORMAT,
        schemaVersion: EXPORT_SCHEMA_VERSION,
        exportedAt: this.stamp(),
        accounts: accounts!.map((r) => readRow(AccountSchema, STORE.accounts, r)),
        snapshots: snapshots!.map((r) => readRow(HealthSnapshotSchema, STORE.snapshots, r)),
        commitments: commitments!.map((r) => readRow(CommitmentSchema, STORE.commitments, r)),
        flags: flags!.map((r) => readRow(RiskFlagSchema, STORE.flags, r)),
        handoff: handoff!.map((r) => readRow(HandoffAnswersSchema, STORE.handoff, r)),
        approvals: approvals!.map((r) => readRow(IcpApprovalSchema, STORE.approvals, r)),
        arrChanges: arrChanges!.map((r) => readRow(ArrChangeSchema, STORE.arrChanges, r)),
        milestones: milestones!.map((r) => readRow(MilestoneSchema, STORE.milestones, r)),
        stageChanges: stageChanges!.map((r) => readRow(StageChangeSchema, STORE.stageChanges, r)),
      };
    });
  }

  /**
   * Writes a whole bundle in one transaction, so an import either lands
   * completely or not at all. "merge" upserts by id; "replace" clears first.
   */
  importAll(bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary> {
    return guard('Importing', async () => {
      const b = validate(ExportBundleSchema, 'import', bundle);
      const m = validate(ImportModeSchema, 'import mode', mode);
      const tx = await this.tx([...DATA_STORES], 'readwrite');
      const accounts = tx.objectStore(STORE.accounts);

      const known = new Set(b.accounts.map((a) => a.id));
      const missing = new Set<string>();
      const refs: [string, string | null][] = [
        ...b.snapshots.map((r, i) => [`snapshots[${i}].accountId`, r.accountId] as [string, string]),
        ...b.commitments.map((r, i) => [`commitments[${i}].accountId`, r.accountId] as [string, string | null]),
        ...b.flags.map((r, i) => [`flags[${i}].accountId`, r.accountId] as [string, string | null]),
        ...b.handoff.map((r, i) => [`handoff[${i}].accountId`, r.accountId] as [string, string]),
        ...b.approvals.map((r, i) => [`approvals[${i}].accountId`, r.accountId] as [string, string]),
        ...(b.arrChanges ?? []).map((r, i) => [`arrChanges[${i}].accountId`, r.accountId] as [string, string]),
        ...(b.milestones ?? []).map((r, i) => [`milestones[${i}].accountId`, r.accountId] as [string, string]),
        ...(b.stageChanges ?? []).map((r, i) => [`stageChanges[${i}].accountId`, r.accountId] as [string, string]),
      ];
      for (const [, id] of refs) if (id !== null && !known.has(id)) missing.add(id);
      if (m === 'merge') {
        for (const id of missing) if ((await accounts.getKey(id)) !== undefined) missing.delete(id);
      }
      if (missing.size > 0) {
        const [field] = refs.find(([, id]) => id !== null && missing.has(id))!;
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new DataError({
          kind: 'validation',
          message: `${field} refers to account ${JSON.stringify([...missing][0])}, which is neither in the file nor in the store.`,
          field,
        });
      }

      if (m === 'replace') await Promise.all(DATA_STORES.map((s) => tx.objectStore(s).clear()));
      // Replacing, the file holds every reading and commitment: its readings are written marked.
      const day = toIsoDate(this.now());
      const marked =
        m === 'replace' ? new Map(remarkedPortfolio(b.snapshots, accountsWithBrokenCommitments(b.commitments), day).map((r) => [r.id, r])) : null;
      const writes: Promise<unknown>[] = [];
      for (const a of b.accounts) writes.push(accounts.put(accountRow(a)));
      for (const s of b.snapshots) writes.push(tx.objectStore(STORE.snapshots).put(marked?.get(s.id) ?? s));
      for (const c of b.commitments) writes.push(tx.objectStore(STORE.commitments).put(childRow(c)));
      for (const f of b.flags) writes.push(tx.objectStore(STORE.flags).put(childRow(f)));
      for (const h of b.handoff) writes.push(tx.objectStore(STORE.handoff).put(h));
      for (const p of b.approvals) writes.push(tx.objectStore(STORE.approvals).put(p));
      for (const c of b.arrChanges ?? []) writes.push(tx.objectStore(STORE.arrChanges).put(c));
      for (const m of b.milestones ?? []) writes.push(tx.objectStore(STORE.milestones).put(m));
      for (const c of b.stageChanges ?? []) writes.push(tx.objectStore(STORE.stageChanges).put(c));
      // Merging, the marks of every account given a reading or a commitment are set again: a commitment
      // may have moved its account's readings in or out of the whole history.
      const touched = [...b.snapshots.map((r) => r.accountId), ...b.commitments.flatMap((c) => (c.accountId === null ? [] : [c.accountId]))];
      const marking = Promise.all(writes).then(() => (marked ? noteMarkedDay(tx, day) : this.markReadings(tx, touched)));
      await Promise.all([marking, tx.done]);
      return {
        accounts: b.accounts.length,
        snapshots: b.snapshots.length,
        commitments: b.commitments.length,
        flags: b.flags.length,
        handoff: b.handoff.length,
        approvals: b.approvals.length,
      };
    });
  }
}

// In the meta store: the count of writes made.
const REVISION = 'revision';
const KEPT_VIEWS_MAX = 4;
// The list of kept views (KEPT_VIEWS), each under the count of writes it was
// computed at: one opened after a write is current while the others wait for
// the background to compute them. A view's figures are checked against their
// schema when they are the ones asked for (keptDashboardViewWhere), as a woken
// worker answers with them before anything else.
const KeptViewsSchema = z.object({
  views: z.array(
    z.object({
      key: z.string(),
      revision: z.number().int(),
      asOf: z.string(),
      olderBuild: z.literal(true).optional(),
      opensOn: z.literal(true).optional(),
    }),
  ),
});

/** The dashboard's inputs the local store kept, at its count of writes (LocalStore.keptDashboardReadAt). */
export interface KeptDashboardRead {
  revision: number;
  inputs(filter?: DashboardFilter): DashboardData | null;
  /** All of them, as `inputs()`, in steps (PackedReader.readInSteps). */
  inputsInSteps(): Generator<void, DashboardData | null, void>;
  /** What every call of `inputs` does first, in steps (PackedReader.readAheadInSteps). */
  readAheadInSteps(): Generator<void, void, void>;
  /** Of the first `accounts` accounts, as `inputs` of a filter gives a filter's, in steps (PackedReader.readFirstInSteps). */
  firstInputsInSteps(accounts: number): Generator<void, DashboardData | null, void>;
}

// Which inputs are kept packed: their own record is read and checked, value by value, only when these are current.
const KeptReadSchema = z.object({ revision: z.number().int(), day: z.string() });

function revisionOf(stored: unknown): number {
  return typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0;
}

// Every data store but the stage history, which no figure reads.
const DASHBOARD_STORES: StoreName[] = DATA_STORES.filter((s) => s !== STORE.stageChanges);

export type LocalDashboardPort = DataPort &
  Pick<
    LocalStore,
    | 'dashboardDataAt'
    | 'keptDashboardReadAt'
    | 'keepDashboardRead'
    | 'dashboardReadKept'
    | 'dashboardReadingsOf'
    | 'keptDashboardViewWhere'
    | 'keptDashboardKeys'
    | 'keptDashboardKeysBefore'
    | 'keepDashboardView'
    | 'outdateDashboardViews'
  >;

/**
 * A port that reads the dashboard's inputs itself, rather than through a
 * whole export, and keeps its last figures until its next write.
 */
export function isLocalDashboardPort(port: DataPort): port is LocalDashboardPort {
  return typeof (port as Partial<LocalDashboardPort>).dashboardDataAt === 'function';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A plan in date order: undated milestones last, ties by id so both adapters agree. */
export function byDueDate<T extends Pick<Milestone, 'id' | 'dueDate'>>(milestones: readonly T[]): T[] {
  return [...milestones].sort((a, b) => {
    if (a.dueDate !== b.dueDate) {
      if (a.dueDate === undefined) return 1;
      if (b.dueDate === undefined) return -1;
      return cmp(a.dueDate, b.dueDate);
    }
    return cmp(a.id, b.id);
  });
}

function byTime(changes: readonly StageChange[]): StageChange[] {
  return [...changes].sort((a, b) => cmp(a.at, b.at) || cmp(a.id, b.id));
}

/** What reminders read, from whole rows: only the fields reminders use leave the store. */
export function reminderInputsOf(accounts: readonly Account[], commitments: readonly Commitment[], milestones: readonly Milestone[]): ReminderInputs {
  const plans = new Map<string, ReminderInputs['plans'][number]>();
  for (const m of byDueDate(milestones)) {
    const plan = plans.get(m.accountId) ?? { accountId: m.accountId, milestones: [] };
    plan.milestones.push({ id: m.id, title: m.title, status: m.status, ...(m.dueDate !== undefined ? { dueDate: m.dueDate } : {}) });
    plans.set(m.accountId, plan);
  }
  return {
    plans: [...plans.values()],
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      segment: a.segment,
      ...(a.closedWonDate !== undefined ? { closedWonDate: a.closedWonDate } : {}),
      ...(a.kickoffDate !== undefined ? { kickoffDate: a.kickoffDate } : {}),
    })),
    commitments: commitments
      .filter((c) => c.status === 'open' || c.status === 'in-progress')
      .map((c) => ({ id: c.id, accountId: c.accountId, text: c.text, status: c.status, ...(c.dueDate !== undefined ? { dueDate: c.dueDate } : {}) })),
  };
}

function toSummary(a: Account): AccountSummary {
  return AccountSummarySchema.parse(a);
}
