import { z } from 'zod';
import type { DashboardFilter } from './domain/dashboard/filters';
import type { ReviewAgenda } from './domain/dashboard/review-agenda';
import type { DashboardRows, DashboardRowsRequest, DashboardView, EarlierDashboard } from './domain/dashboard/summary';
import { IsoDateTimeSchema } from './domain/primitives';
import { DataErrorInfoSchema } from './errors';
import { RoleSchema } from './role';
import type { DataPort } from './model';

// What the background tells pages about the state of their data: which source
// answers, what is queued for the team backend and what needs a decision.
// Pure schemas so the service worker, the pages and the message contract
// share one definition.

export const OUTBOX_METHODS = [
  'createAccount',
  'updateAccount',
  'linkRecord',
  'addHealthSnapshot',
  'createCommitment',
  'updateCommitment',
  'createFlag',
  'updateFlag',
  'setHandoffAnswer',
  'requestApproval',
  'decideApproval',
  'createPlan',
  'createMilestone',
  'updateMilestone',
  'changeStage',
] as const;
export const OutboxMethodSchema = z.enum(OUTBOX_METHODS);

export const OutboxEntrySchema = z.object({
  seq: z.number().int().min(1),
  idempotencyKey: z.string().min(1),
  method: OutboxMethodSchema,
  args: z.array(z.unknown()),
  createdAt: IsoDateTimeSchema,
  attempts: z.number().int().min(0),
  lastError: DataErrorInfoSchema.optional(),
  // For creates: the provisional id handed to the caller, swapped for the
  // server's id in every later entry once the create lands.
  tempId: z.string().optional(),
  // Re-queued by "keep mine" against a version the person saw: not held back
  // by other undecided changes to the same record.
  resent: z.boolean().optional(),
});

export const OutboxConflictSchema = z.object({
  // The seq the entry had in the queue; stable for the life of the conflict.
  id: z.number().int().min(1),
  // 'conflict': the record moved on (409/412). 'rejected': the server refused
  // the write outright (400/404/422) — kept so the person can see and decide.
  reason: z.enum(['conflict', 'rejected']),
  entry: OutboxEntrySchema,
  // What the person wrote (the method's arguments) and the server's record as it is now.
  mine: z.array(z.unknown()),
  theirs: z.unknown(),
  error: DataErrorInfoSchema,
  at: IsoDateTimeSchema,
});

export type OutboxMethod = z.infer<typeof OutboxMethodSchema>;

/** Which argument of a queued write holds what the person wrote (a draft, a patch or an input); the rest are ids and versions. */
export function bodyArgIndex(method: OutboxMethod): number {
  switch (method) {
    case 'updateAccount':
    case 'updateCommitment':
    case 'updateFlag':
    case 'linkRecord':
      return 1;
    case 'updateMilestone':
      return 2;
    default:
      return 0;
  }
}

/** The text fields of a queued write's body, by name: what a person can correct before sending it again. */
export function editableTextFields(method: OutboxMethod, args: readonly unknown[]): Record<string, string> {
  const body = args[bodyArgIndex(method)];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;
export type OutboxConflict = z.infer<typeof OutboxConflictSchema>;

/**
 * What a change touched. "store" means anything may have changed (an import,
 * or a switch of data source): every query of that source is stale.
 * "reassigned" means something moved between accounts (a capture, or a CRM
 * link taken over from another account), so contexts other than the listed
 * ones may have changed too.
 */
export const DATA_ENTITIES = [
  'accounts',
  'snapshots',
  'commitments',
  'flags',
  'handoff',
  'approvals',
  'milestones',
  'stageChanges',
  'reassigned',
  'store',
] as const;
export const DataEntitySchema = z.enum(DATA_ENTITIES);
export type DataEntity = z.infer<typeof DataEntitySchema>;

export const DataSourceKindSchema = z.enum(['local', 'backend']);

/** Set on a read the background served from its offline cache: the backend did not answer. */
export const OfflineMarkSchema = z.object({ cachedAt: IsoDateTimeSchema });
export type OfflineMark = z.infer<typeof OfflineMarkSchema>;

/**
 * The background's connection to its data, as one value: every page shows
 * this and nothing else, so "offline" can only end when the backend itself
 * answers again (a read served from the cache never clears it).
 */
export const ConnectionStateSchema = z.object({
  source: DataSourceKindSchema,
  // 'unknown' until the backend has answered, or failed to, since the worker started.
  reachability: z.enum(['unknown', 'online', 'offline']),
  // When the backend stopped answering; null while it answers.
  offlineSince: IsoDateTimeSchema.nullable(),
  pending: z.number().int().nonnegative(),
  needsAttention: z.number().int().nonnegative(),
  // The team backend's canonical URL and workspace, for the team backend source.
  backendUrl: z.string().nullable(),
  workspace: z.string().nullable(),
  // Writes still queued for an earlier backend URL or workspace: kept, not sent, until sent, exported or discarded.
  parked: z.number().int().nonnegative(),
});
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * One spelling per backend, by the URL standard: scheme and host lower-cased,
 * the default port dropped, no trailing slash, and every loopback name
 * (localhost, 127.0.0.1, [::1]) the same machine. Queues and caches are keyed
 * by it, so retyping the URL differently never strands writes in a queue of
 * its own. Requests still go to the URL as the person entered it.
 */
export function canonicalBackendUrl(url: string): string {
  const u = new URL(url.trim());
  const host = LOOPBACK.has(u.hostname) ? `127.0.0.1${u.port ? `:${u.port}` : ''}` : u.host;
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${host}${path}`;
}

/**
 * Queued writes and cached reads belong to one backend and one workspace. The
 * workspace comes from the backend (on connect); until it has said, the
 * token's fingerprint stands in, so a queue is never replayed with another
 * token that might belong elsewhere.
 */
export const BackendScopeSchema = z.object({
  key: z.string().min(1),
  url: z.string().min(1),
  workspace: z.string().nullable(),
});
export type BackendScope = z.infer<typeof BackendScopeSchema>;

export function backendScope(canonicalUrl: string, workspace: string | null, tokenFingerprint: string): BackendScope {
  return { key: `${canonicalUrl}#${workspace ?? `token-${tokenFingerprint}`}`, url: canonicalUrl, workspace };
}

export const LOCAL_CONNECTION: ConnectionState = {
  source: 'local',
  reachability: 'online',
  offlineSince: null,
  pending: 0,
  needsAttention: 0,
  backendUrl: null,
  workspace: null,
  parked: 0,
};

export const ServiceStatusSchema = z.object({
  source: DataSourceKindSchema,
  pendingWrites: z.number().int().nonnegative(),
  conflicts: z.array(OutboxConflictSchema),
  lastError: DataErrorInfoSchema.nullable(),
  connection: ConnectionStateSchema,
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const ConflictChoiceSchema = z.enum(['mine', 'theirs']);
export type ConflictChoice = z.infer<typeof ConflictChoiceSchema>;

/** Text fields of a refused write as the person corrected them, by field name, sent with "send again". */
export const ConflictEditsSchema = z.record(z.string().min(1).max(64), z.string().max(20_000));
export type ConflictEdits = z.infer<typeof ConflictEditsSchema>;

export const ConnectionReportSchema = z.object({
  reachable: z.boolean(),
  contractVersion: z.string().nullable(),
  /** Same major contract version as this build of the extension. */
  compatible: z.boolean(),
  tokenAccepted: z.boolean(),
  workspace: z.string().optional(),
  role: RoleSchema.optional(),
  // When the token stops working, as the backend reports it; null = never expires.
  expiresAt: IsoDateTimeSchema.nullable().optional(),
  error: DataErrorInfoSchema.optional(),
});
export type ConnectionReport = z.infer<typeof ConnectionReportSchema>;

/** The data API every extension page reaches over messaging: a DataPort plus status. */
// Pages ask for the dashboard by filter alone (getDashboard): the background adds the settings.
export interface DataApi extends Omit<DataPort, 'dashboard' | 'dashboardRows' | 'dashboardAgenda'> {
  status(): Promise<ServiceStatus>;
  /**
   * Settles one outbox conflict (its `id` from `status().conflicts`) the way
   * the person chose; "mine" may carry corrected text fields.
   */
  resolveConflict(id: number, choice: ConflictChoice, edits?: ConflictEdits): Promise<null>;
  /**
   * The alignment dashboard for one filter, computed where the data is (the
   * background), so a page receives the figures and never the portfolio.
   */
  getDashboard(filter: DashboardFilter): Promise<DashboardView>;
  /**
   * Figures kept earlier for that filter, for the page to show marked as
   * earlier while getDashboard computes the current ones; null when those
   * are at hand, or nothing was kept (the team backend keeps nothing).
   */
  getEarlierDashboard(filter: DashboardFilter): Promise<EarlierDashboard | null>;
  /** One page of the accounts behind a number of that dashboard. */
  getDashboardRows(request: DashboardRowsRequest): Promise<DashboardRows>;
  /** The whole review agenda of that dashboard (for the Markdown copy and the full list). */
  getDashboardAgenda(filter: DashboardFilter): Promise<ReviewAgenda>;
}
