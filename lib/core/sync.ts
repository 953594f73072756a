import { z } from 'zod';
import { IsoDateTimeSchema, type DashboardFilter, type DashboardView } from './domain';
import { DataErrorInfoSchema } from './errors';
import { RoleSchema } from './http-contract';
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
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;
export type OutboxConflict = z.infer<typeof OutboxConflictSchema>;

/**
 * What a change touched. "store" means anything may have changed (an import,
 * or a switch of data source): every query of that source is stale.
 * "reassigned" means something moved between accounts (a capture, or a CRM
 * link taken over from another account), so contexts other than the listed
 * ones may have changed too.
 */
export const DATA_ENTITIES = ['accounts', 'snapshots', 'commitments', 'flags', 'handoff', 'approvals', 'reassigned', 'store'] as const;
export const DataEntitySchema = z.enum(DATA_ENTITIES);
export type DataEntity = z.infer<typeof DataEntitySchema>;

export const DataSourceKindSchema = z.enum(['local', 'backend']);

export const ServiceStatusSchema = z.object({
  source: DataSourceKindSchema,
  pendingWrites: z.number().int().nonnegative(),
  conflicts: z.array(OutboxConflictSchema),
  lastError: DataErrorInfoSchema.nullable(),
});
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;

export const ConflictChoiceSchema = z.enum(['mine', 'theirs']);
export type ConflictChoice = z.infer<typeof ConflictChoiceSchema>;

export const ConnectionReportSchema = z.object({
  reachable: z.boolean(),
  contractVersion: z.string().nullable(),
  /** Same major contract version as this build of the extension. */
  compatible: z.boolean(),
  tokenAccepted: z.boolean(),
  workspace: z.string().optional(),
  role: RoleSchema.optional(),
  error: DataErrorInfoSchema.optional(),
});
export type ConnectionReport = z.infer<typeof ConnectionReportSchema>;

/** The data API every extension page reaches over messaging: a DataPort plus status. */
// Pages ask for the dashboard by filter alone (getDashboard): the background adds the settings.
export interface DataApi extends Omit<DataPort, 'dashboard'> {
  status(): Promise<ServiceStatus>;
  /** Settles one outbox conflict (its `id` from `status().conflicts`) the way the person chose. */
  resolveConflict(id: number, choice: ConflictChoice): Promise<null>;
  /**
   * The alignment dashboard for one filter, computed where the data is (the
   * background), so a page receives the figures and never the portfolio.
   */
  getDashboard(filter: DashboardFilter): Promise<DashboardView>;
}
