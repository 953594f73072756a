import { z } from 'zod';
import { AccountSchema, CrmLinkSchema } from '../domain/account';
import { CommitmentSchema } from '../domain/commitment';
import { CrmRecordRefSchema } from '../domain/crm-record';
import { HandoffAnswersSchema } from '../domain/handoff';
import { HealthSnapshotSchema } from '../domain/health-snapshot';
import { IcpApprovalSchema } from '../domain/icp';
import { IdSchema } from '../domain/primitives';
import { RiskFlagSchema } from '../domain/risk-flag';
import { MilestoneSchema, SuccessPlanSchema } from '../domain/success-plan';
import { DataErrorInfoSchema } from '../errors';
import {
  AccountContextSchema,
  AccountDraftSchema,
  AccountPageSchema,
  AccountPatchSchema,
  AccountQuerySchema,
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  CommitmentDraftSchema,
  CommitmentPatchSchema,
  ExportBundleSchema,
  FlagDraftSchema,
  FlagPatchSchema,
  HandoffAnswerInputSchema,
  HealthSnapshotDraftSchema,
  ImportModeSchema,
  ImportSummarySchema,
  MilestoneDraftSchema,
  MilestonePatchSchema,
  PlanCreateSchema,
  ReminderInputsSchema,
  ResolveResultSchema,
  StageChangeInputSchema,
  StageChangeResultSchema,
  UnassignedSchema,
} from '../model';
import {
  ConflictChoiceSchema,
  ConflictEditsSchema,
  DataSourceKindSchema,
  OfflineMarkSchema,
  OutboxConflictSchema,
  ServiceStatusSchema,
  type DataApi,
} from '../sync';
import { CHANNEL } from './channel';

// The data RPC: every call an extension page makes on the background's data
// service, one entry per DataApi method with its argument tuple and result.
// Adding a data method means adding it to DataApi and here (or, for a method
// only the dashboard calls, to DASHBOARD_DATA_METHODS in data-methods.ts);
// the compiler refuses a method missing from either side.
//
// This module holds what every page needs; the dashboard's methods, whose
// schemas are the whole dashboard view, are in data-methods.ts, which the
// background loads whole and a page only when it calls one of them, so the
// panel does not build them when it opens.

const Version = z.number().int().min(1);

/** The methods only the dashboard calls (their schemas: data-methods.ts). */
export const DASHBOARD_DATA_METHOD_NAMES = ['getDashboard', 'getEarlierDashboard', 'getDashboardRows', 'getDashboardAgenda'] as const;
export type DashboardDataMethod = (typeof DASHBOARD_DATA_METHOD_NAMES)[number];

export interface DataMethodSpec {
  args: z.ZodTuple;
  result: z.ZodType;
}

/** Every data method but the dashboard's, with its arguments and result. */
export const RECORD_DATA_METHODS = {
  resolveRecord: { args: z.tuple([CrmRecordRefSchema]), result: ResolveResultSchema },
  getAccountContext: { args: z.tuple([IdSchema]), result: AccountContextSchema.nullable() },
  listAccounts: { args: z.tuple([AccountQuerySchema]), result: AccountPageSchema },
  createAccount: { args: z.tuple([AccountDraftSchema]), result: AccountSchema },
  updateAccount: { args: z.tuple([IdSchema, AccountPatchSchema, Version]), result: AccountSchema },
  linkRecord: { args: z.tuple([IdSchema, CrmLinkSchema]), result: AccountSchema },
  addHealthSnapshot: { args: z.tuple([HealthSnapshotDraftSchema]), result: HealthSnapshotSchema },
  createCommitment: { args: z.tuple([CommitmentDraftSchema]), result: CommitmentSchema },
  updateCommitment: { args: z.tuple([IdSchema, CommitmentPatchSchema, Version]), result: CommitmentSchema },
  createFlag: { args: z.tuple([FlagDraftSchema]), result: RiskFlagSchema },
  updateFlag: { args: z.tuple([IdSchema, FlagPatchSchema, Version]), result: RiskFlagSchema },
  setHandoffAnswer: { args: z.tuple([HandoffAnswerInputSchema]), result: HandoffAnswersSchema },
  requestApproval: { args: z.tuple([ApprovalRequestSchema]), result: IcpApprovalSchema },
  decideApproval: { args: z.tuple([ApprovalDecisionSchema]), result: IcpApprovalSchema },
  createPlan: { args: z.tuple([PlanCreateSchema]), result: SuccessPlanSchema },
  createMilestone: { args: z.tuple([MilestoneDraftSchema]), result: MilestoneSchema },
  updateMilestone: { args: z.tuple([IdSchema, IdSchema, MilestonePatchSchema, Version]), result: MilestoneSchema },
  changeStage: { args: z.tuple([StageChangeInputSchema]), result: StageChangeResultSchema },
  reminderInputs: { args: z.tuple([]), result: ReminderInputsSchema },
  listUnassigned: { args: z.tuple([]), result: UnassignedSchema },
  exportAll: { args: z.tuple([]), result: ExportBundleSchema },
  importAll: { args: z.tuple([ExportBundleSchema, ImportModeSchema]), result: ImportSummarySchema },
  status: { args: z.tuple([]), result: ServiceStatusSchema },
  resolveConflict: { args: z.tuple([OutboxConflictSchema.shape.id, ConflictChoiceSchema, ConflictEditsSchema.optional()]), result: z.null() },
} as const satisfies Record<Exclude<keyof DataApi, 'source' | DashboardDataMethod>, DataMethodSpec>;

export type DataMethod = keyof typeof RECORD_DATA_METHODS | DashboardDataMethod;
export const DATA_METHOD_NAMES: DataMethod[] = [
  ...(Object.keys(RECORD_DATA_METHODS) as (keyof typeof RECORD_DATA_METHODS)[]),
  ...DASHBOARD_DATA_METHOD_NAMES,
];
export const DataMethodSchema = z.enum(DATA_METHOD_NAMES as [DataMethod, ...DataMethod[]]);

export const isDashboardDataMethod = (method: DataMethod): method is DashboardDataMethod =>
  (DASHBOARD_DATA_METHOD_NAMES as readonly string[]).includes(method);

export const DataRequestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('data'),
  method: DataMethodSchema,
  args: z.array(z.unknown()),
});
export type DataRequest = z.infer<typeof DataRequestSchema>;

export const DataResponseSchema = z.discriminatedUnion('ok', [
  // The source rides along so a page always knows which store answered.
  // A read served from the background's offline cache says so here, since the
  // method's result schema has no place for the mark.
  z.object({ ok: z.literal(true), value: z.unknown(), source: DataSourceKindSchema, offline: OfflineMarkSchema.optional() }),
  z.object({ ok: z.literal(false), error: DataErrorInfoSchema }),
]);
export type DataResponse = z.infer<typeof DataResponseSchema>;
