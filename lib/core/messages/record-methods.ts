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
import { ConflictChoiceSchema, ConflictEditsSchema, OutboxConflictSchema } from '../sync';
import { STATUS_METHOD, type DataMethodSpec, type RecordDataMethod } from './data-calls';

// The record methods' schemas, apart from their names (data-calls.ts): a page
// builds them when it first calls one of them.

const Version = z.number().int().min(1);

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
  status: STATUS_METHOD,
  resolveConflict: { args: z.tuple([OutboxConflictSchema.shape.id, ConflictChoiceSchema, ConflictEditsSchema.optional()]), result: z.null() },
} as const satisfies Record<RecordDataMethod, DataMethodSpec>;
