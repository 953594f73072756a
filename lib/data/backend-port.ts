import type { z } from 'zod';
import { safeParseOf } from '../core/parse';
import {
  AccountSchema,
  CommitmentSchema,
  DashboardViewSchema,
  HandoffAnswersSchema,
  ReviewAgendaSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  MilestoneSchema,
  RiskFlagSchema,
  StageChangeSchema,
  SuccessPlanSchema,
  type CrmLink,
  type CrmRecordRef,
  type DashboardFilter,
  type DashboardRowsRequest,
  type DashboardSettings,
  type HandoffAnswers,
} from '../core/domain';
import { DataError, isDataError, schemaError } from '../core/errors';
import type { HttpBackend } from './http/backend';
import { contextKey, UNASSIGNED_KEY, type CachedRecord, type ReadCache } from './http/read-cache';
import type { OutboxMethod } from '../core/sync';
import { newTempId, replaceIds, tempIdsIn, type Outbox } from './outbox';
import {
  AccountContextSchema,
  AccountDraftSchema,
  AccountPageSchema,
  AccountPatchSchema,
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  CommitmentDraftSchema,
  CommitmentPatchSchema,
  FlagDraftSchema,
  FlagPatchSchema,
  HandoffAnswerInputSchema,
  HealthSnapshotDraftSchema,
  MilestoneDraftSchema,
  MilestonePatchSchema,
  PlanCreateSchema,
  ReminderInputsSchema,
  ResolveResultSchema,
  StageChangeInputSchema,
  UnassignedSchema,
  applyMilestonePatch,
  type AccountDraft,
  type AccountPatch,
  type AccountQuery,
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
  type MilestoneDraft,
  type MilestonePatch,
  type PlanCreate,
  type StageChangeInput,
} from '../core/model';

// Reads go to the backend and fall back to the last good answer when it is
// unreachable; writes go to the backend and, only when it cannot be reached,
// into the outbox with an optimistic result. Anything the backend actually
// refused (validation, auth, conflict) surfaces at once: queuing it would only
// hide the problem until replay.

/** Set on a read served from the offline cache. */
export interface OfflineMark {
  offline: { cachedAt: string };
}
/** Set on a write that is queued, not yet on the backend. */
export interface PendingMark {
  pending: { seq: number; idempotencyKey: string };
}

export type Connection = 'unknown' | 'online' | 'offline';

export interface BackendPort extends DataPort {
  connection(): Connection;
  /** When the backend stopped answering (ISO time), or null while it answers. */
  offlineSince(): string | null;
  onConnectionChange(listener: (c: Connection) => void): () => void;
  /** What the outbox's replay learned about the backend: an answer (null) or the failure. */
  observe(error: unknown): void;
}

export function isBackendPort(port: DataPort): port is BackendPort {
  return typeof (port as Partial<BackendPort>).connection === 'function' && typeof (port as Partial<BackendPort>).offlineSince === 'function';
}

export interface BackendPortOptions {
  http: HttpBackend;
  outbox: Outbox;
  cache?: ReadCache;
  now?: () => Date;
}

const UNREACHABLE = new Set(['network', 'timeout']);
const isUnreachable = (e: unknown) => isDataError(e) && UNREACHABLE.has(e.kind);

function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const parsed = safeParseOf(schema, value);
  if (!parsed.success) throw schemaError('validation', what, parsed.error);
  return parsed.data;
}

export function createBackendPort({ http, outbox, cache, now = () => new Date() }: BackendPortOptions): BackendPort {
  let connection: Connection = 'unknown';
  let offlineSince: string | null = null;
  const listeners = new Set<(c: Connection) => void>();
  // Only the backend's own answer (or its silence) moves this: a read served
  // from the cache leaves it as it is.
  const setConnection = (c: Connection) => {
    if (c === connection) return;
    connection = c;
    offlineSince = c === 'offline' ? now().toISOString() : null;
    for (const l of listeners) l(c);
  };

  async function read<T extends z.ZodType>(key: string, schema: T, fetcher: () => Promise<z.infer<T>>): Promise<z.infer<T>> {
    try {
      const value = await fetcher();
      setConnection('online');
      await cache?.put(key, value).catch(() => undefined);
      return value;
    } catch (e) {
      // A 5xx also leaves the panel without data; the last good answer is better than nothing.
      if (!(isUnreachable(e) || (isDataError(e) && e.kind === 'server'))) throw e;
      if (isUnreachable(e)) setConnection('offline');
      const hit = await cache?.get(key).catch(() => undefined);
      if (!hit) throw e;
      const parsed = safeParseOf(schema, hit.value);
      // A cached answer this build cannot read is no answer: report the real failure.
      if (!parsed.success) throw e;
      const value = parsed.data as unknown;
      if (value === null || typeof value !== 'object') return value as z.infer<T>;
      return { ...(value as object), offline: { cachedAt: hit.cachedAt } } as z.infer<T>;
    }
  }

  const remember = (r: CachedRecord) => cache?.upsert(r).catch(() => undefined);

  async function base<T extends z.ZodType>(kind: CachedRecord['kind'], id: string, schema: T, cause: unknown): Promise<z.infer<T>> {
    const raw = await cache?.record(kind, id).catch(() => undefined);
    const parsed = safeParseOf(schema, raw);
    if (parsed.success) return parsed.data;
    // No copy to apply the edit to, so no honest optimistic result: the write is not kept.
    const info = isDataError(cause) ? cause.info : { kind: 'network' as const, message: String(cause) };
    throw new DataError({ ...info, message: `${info.message}; this ${kind} was never loaded on this device, so the change cannot be saved offline` });
  }

  /**
   * Sends a write, or queues it. While older writes wait in the outbox a new
   * one queues behind them too, or it could overtake them.
   */
  async function write<R>(
    method: OutboxMethod,
    args: unknown[],
    optimistic: (tempId: string, cause: unknown) => Promise<R>,
    cached: (r: R) => CachedRecord,
    create = false,
  ): Promise<R> {
    // A provisional id from an earlier offline create: use the server's id if that create has landed.
    const ids = new Map<string, string>();
    for (const t of tempIdsIn(args)) {
      const real = await outbox.realId(t);
      if (real) ids.set(t, real);
    }
    const resolved = ids.size ? (replaceIds(args, ids) as unknown[]) : args;
    const queuedAhead = await outbox.pendingCount();
    // One key for the direct attempt and, if it fails, the queued replay: a
    // timed-out request may still have been applied.
    const idempotencyKey = crypto.randomUUID();
    if (queuedAhead === 0 && tempIdsIn(resolved).size === 0) {
      try {
        const result = (await http.send(method, resolved, idempotencyKey)) as R;
        setConnection('online');
        await remember(cached(result));
        return result;
      } catch (e) {
        if (!isUnreachable(e)) throw e;
        setConnection('offline');
        return queue(e);
      }
    }
    return queue(new DataError({ kind: 'network', message: `${queuedAhead} earlier changes are still waiting to sync` }));

    async function queue(cause: unknown): Promise<R> {
      const tempId = newTempId();
      // Built (and validated) before queuing: an invalid write is refused now, not at replay.
      const result = await optimistic(tempId, cause);
      const entry = await outbox.enqueue(method, resolved, { idempotencyKey, ...(create ? { tempId } : {}) });
      await remember(cached(result));
      void outbox.flush().catch(() => undefined);
      return { ...(result as object), pending: { seq: entry.seq, idempotencyKey: entry.idempotencyKey } } as R;
    }
  }

  const stamp = () => now().toISOString();

  const port: BackendPort = {
    source: 'backend',
    connection: () => connection,
    offlineSince: () => offlineSince,
    observe(error) {
      if (error === null) setConnection('online');
      else if (isUnreachable(error)) setConnection('offline');
      // Any other failure is an answer: the backend is there.
      else setConnection('online');
    },
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    resolveRecord: (ref: CrmRecordRef) =>
      read(`resolve:${ref.platform}|${ref.host}|${ref.objectType}|${ref.recordId}`, ResolveResultSchema, () => http.resolveRecord(ref)),
    getAccountContext: async (accountId: string) => {
      // An account created offline is asked for by its provisional id until the page reloads.
      const id = (await outbox.realId(accountId)) ?? accountId;
      return read(contextKey(id), AccountContextSchema.nullable(), () => http.getAccountContext(id));
    },
    listAccounts: (query: AccountQuery) => read(`accounts:${JSON.stringify(query)}`, AccountPageSchema, () => http.listAccounts(query)),
    listUnassigned: () => read(UNASSIGNED_KEY, UnassignedSchema, () => http.listUnassigned()),
    // One request per reminder run; while the backend is away the last answer serves.
    reminderInputs: () => read('reminder-inputs', ReminderInputsSchema, () => http.reminderInputs()),
    // An export must be complete and current: never from the cache.
    exportAll: async () => {
      const bundle = await http.exportAll();
      return { ...bundle, arrChanges: bundle.arrChanges ?? [] };
    },
    // A bulk replace is never queued: replaying it later could wipe newer work.
    importAll: (bundle: ExportBundle, mode: ImportMode) => http.importAll(bundle, mode),
    dashboard: (filter: DashboardFilter, settings: DashboardSettings) =>
      read(`dashboard:${JSON.stringify(filter)}`, DashboardViewSchema, () => http.dashboard(filter, settings)),
    // Pages of a drill-down are many and short-lived: asked of the backend each time, never cached.
    dashboardRows: (request: DashboardRowsRequest, settings: DashboardSettings) => http.dashboardRows(request, settings),
    dashboardAgenda: (filter: DashboardFilter, settings: DashboardSettings) =>
      read(`dashboard-agenda:${JSON.stringify(filter)}`, ReviewAgendaSchema, () => http.dashboardAgenda(filter, settings)),

    createAccount: (draft: AccountDraft) =>
      write(
        'createAccount',
        [draft],
        async (id) => {
          const t = stamp();
          return parseInput(
            AccountSchema,
            { ...parseInput(AccountDraftSchema, draft, 'account'), id, version: 1, createdAt: t, updatedAt: t },
            'account',
          );
        },
        (record) => ({ kind: 'account', record }),
        true,
      ),

    updateAccount: (id: string, patch: AccountPatch, expectedVersion: number) =>
      write(
        'updateAccount',
        [id, patch, expectedVersion],
        async (_t, cause) => {
          const p = parseInput(AccountPatchSchema, patch, 'account change');
          const b = await base('account', id, AccountSchema, cause);
          return parseInput(AccountSchema, { ...b, ...p, version: expectedVersion + 1, updatedAt: stamp() }, 'account');
        },
        (record) => ({ kind: 'account', record }),
      ),

    linkRecord: (accountId: string, link: CrmLink) =>
      write(
        'linkRecord',
        [accountId, link],
        async (_t, cause) => {
          const b = await base('account', accountId, AccountSchema, cause);
          const same = (r: CrmLink) =>
            r.platform === link.platform && r.host === link.host && r.objectType === link.objectType && r.recordId === link.recordId;
          const crmRefs = b.crmRefs.some(same) ? b.crmRefs : [...b.crmRefs, link];
          return parseInput(AccountSchema, { ...b, crmRefs, version: b.version + 1, updatedAt: stamp() }, 'record link');
        },
        (record) => ({ kind: 'account', record }),
      ),

    addHealthSnapshot: (draft: HealthSnapshotDraft) =>
      write(
        'addHealthSnapshot',
        [draft],
        async (id) => parseInput(HealthSnapshotSchema, { ...parseInput(HealthSnapshotDraftSchema, draft, 'health snapshot'), id }, 'health snapshot'),
        (record) => ({ kind: 'snapshot', record }),
        true,
      ),

    createCommitment: (draft: CommitmentDraft) =>
      write(
        'createCommitment',
        [draft],
        async (id) => {
          const t = stamp();
          return parseInput(
            CommitmentSchema,
            { ...parseInput(CommitmentDraftSchema, draft, 'commitment'), id, version: 1, createdAt: t, updatedAt: t },
            'commitment',
          );
        },
        (record) => ({ kind: 'commitment', record }),
        true,
      ),

    updateCommitment: (id: string, patch: CommitmentPatch, expectedVersion: number) =>
      write(
        'updateCommitment',
        [id, patch, expectedVersion],
        async (_t, cause) => {
          const p = parseInput(CommitmentPatchSchema, patch, 'commitment change');
          const b = await base('commitment', id, CommitmentSchema, cause);
          return parseInput(CommitmentSchema, { ...b, ...p, version: expectedVersion + 1, updatedAt: stamp() }, 'commitment');
        },
        (record) => ({ kind: 'commitment', record }),
      ),

    createFlag: (draft: FlagDraft) =>
      write(
        'createFlag',
        [draft],
        async (id) => {
          const t = stamp();
          return parseInput(
            RiskFlagSchema,
            { ...parseInput(FlagDraftSchema, draft, 'risk flag'), id, version: 1, createdAt: t, updatedAt: t },
            'risk flag',
          );
        },
        (record) => ({ kind: 'flag', record }),
        true,
      ),

    updateFlag: (id: string, patch: FlagPatch, expectedVersion: number) =>
      write(
        'updateFlag',
        [id, patch, expectedVersion],
        async (_t, cause) => {
          const p = parseInput(FlagPatchSchema, patch, 'risk flag change');
          const b = await base('flag', id, RiskFlagSchema, cause);
          return parseInput(RiskFlagSchema, { ...b, ...p, version: expectedVersion + 1, updatedAt: stamp() }, 'risk flag');
        },
        (record) => ({ kind: 'flag', record }),
      ),

    setHandoffAnswer: (input: HandoffAnswerInput) =>
      write(
        'setHandoffAnswer',
        [input],
        async () => {
          const v = parseInput(HandoffAnswerInputSchema, input, 'checklist answer');
          const raw = await cache?.record('handoff', v.accountId).catch(() => undefined);
          const parsed = safeParseOf(HandoffAnswersSchema, raw);
          // Answers are versioned per item, so no loaded copy is needed: the others are left as they were.
          const b: HandoffAnswers = parsed.success ? parsed.data : { accountId: v.accountId, answers: {} };
          const answer = {
            done: v.done,
            ...(v.note !== undefined ? { note: v.note } : {}),
            by: v.by,
            at: stamp(),
            version: (v.expectedVersion ?? 0) + 1,
          };
          return parseInput(HandoffAnswersSchema, { ...b, answers: { ...b.answers, [v.itemId]: answer } }, 'checklist answer');
        },
        (record) => ({ kind: 'handoff', record }),
      ),

    requestApproval: (input: ApprovalRequest) =>
      write(
        'requestApproval',
        [input],
        async () => {
          const v = parseInput(ApprovalRequestSchema, input, 'approval request');
          const prior = safeParseOf(IcpApprovalSchema, await cache?.record('approval', v.accountId).catch(() => undefined));
          const t = stamp();
          return parseInput(
            IcpApprovalSchema,
            {
              ...v,
              status: 'requested',
              requestedAt: t,
              version: prior.success ? prior.data.version + 1 : 1,
              createdAt: prior.success ? prior.data.createdAt : t,
              updatedAt: t,
            },
            'approval request',
          );
        },
        (record) => ({ kind: 'approval', record }),
      ),

    decideApproval: (input: ApprovalDecision) =>
      write(
        'decideApproval',
        [input],
        async (_t, cause) => {
          const v = parseInput(ApprovalDecisionSchema, input, 'approval decision');
          const b = await base('approval', v.accountId, IcpApprovalSchema, cause);
          const t = stamp();
          return parseInput(
            IcpApprovalSchema,
            {
              ...b,
              status: v.status,
              decidedBy: v.decidedBy,
              decidedAt: t,
              ...(v.decisionNote !== undefined ? { decisionNote: v.decisionNote } : {}),
              version: v.expectedVersion + 1,
              updatedAt: t,
            },
            'approval decision',
          );
        },
        (record) => ({ kind: 'approval', record }),
      ),

    createPlan: (input: PlanCreate) =>
      write(
        'createPlan',
        [input],
        async () => {
          const v = parseInput(PlanCreateSchema, input, 'success plan');
          const t = stamp();
          const milestones = v.milestones.map((m) => parseInput(MilestoneSchema, { ...m, version: 1, createdAt: t, updatedAt: t }, 'milestone'));
          return parseInput(SuccessPlanSchema, { accountId: v.accountId, templateId: v.templateId, milestones }, 'success plan');
        },
        (record) => ({ kind: 'plan', record }),
      ),

    createMilestone: (draft: MilestoneDraft) =>
      write(
        'createMilestone',
        [draft],
        async (id) => {
          const t = stamp();
          return parseInput(
            MilestoneSchema,
            { ...parseInput(MilestoneDraftSchema, draft, 'milestone'), id, version: 1, createdAt: t, updatedAt: t },
            'milestone',
          );
        },
        (record) => ({ kind: 'milestone', record }),
        true,
      ),

    updateMilestone: (accountId: string, id: string, patch: MilestonePatch, expectedVersion: number) =>
      write(
        'updateMilestone',
        [accountId, id, patch, expectedVersion],
        async (_t, cause) => {
          const p = parseInput(MilestonePatchSchema, patch, 'milestone change');
          const b = await base('milestone', `${accountId}/${id}`, MilestoneSchema, cause);
          return parseInput(MilestoneSchema, { ...applyMilestonePatch(b, p), version: expectedVersion + 1, updatedAt: stamp() }, 'milestone');
        },
        (record) => ({ kind: 'milestone', record }),
      ),

    changeStage: (input: StageChangeInput) =>
      write(
        'changeStage',
        [input],
        async (id, cause) => {
          const v = parseInput(StageChangeInputSchema, input, 'stage change');
          const b = await base('account', v.accountId, AccountSchema, cause);
          const t = stamp();
          const change = parseInput(
            StageChangeSchema,
            { id, accountId: v.accountId, from: b.lifecycleStage, to: v.to, by: v.by, at: t, ...(v.note !== undefined ? { note: v.note } : {}) },
            'stage change',
          );
          const account = parseInput(AccountSchema, { ...b, lifecycleStage: v.to, version: v.expectedVersion + 1, updatedAt: t }, 'account');
          return { account, change };
        },
        (record) => ({ kind: 'stage', record }),
      ),
  };
  return port;
}
