import { z } from 'zod';
import { AccountSchema, type CrmLinkSchema, LifecycleStageSchema } from './domain/account';
import { CommitmentSchema } from './domain/commitment';
import type { CrmRecordRef } from './domain/crm-record';
import { ArrChangeSchema } from './domain/dashboard/arr-history';
import type { DashboardSettings } from './domain/dashboard/dashboard';
import type { DashboardFilter } from './domain/dashboard/filters';
import type { ReviewAgenda } from './domain/dashboard/review-agenda';
import type { DashboardView, DashboardRows, DashboardRowsRequest } from './domain/dashboard/summary';
import { HandoffAnswersSchema } from './domain/handoff';
import { HealthSnapshotSchema } from './domain/health-snapshot';
import { IcpApprovalSchema } from './domain/icp';
import { StageChangeSchema } from './domain/lifecycle';
import { IdSchema, LongTextSchema, PersonSchema, TextSchema } from './domain/primitives';
import { RiskFlagSchema } from './domain/risk-flag';
import { MilestoneFieldsSchema, MilestoneSchema, planMilestonesBelong, type SuccessPlanSchema } from './domain/success-plan';

// ---------------------------------------------------------------------------
// Read models
// ---------------------------------------------------------------------------

export const AccountSummarySchema = AccountSchema.pick({
  id: true,
  name: true,
  websiteDomain: true,
  segment: true,
  arr: true,
  currency: true,
  renewalDate: true,
  lifecycleStage: true,
  ownerAe: true,
  csm: true,
});

export const AccountContextSchema = z.object({
  account: AccountSchema,
  snapshots: z.array(HealthSnapshotSchema),
  commitments: z.array(CommitmentSchema),
  flags: z.array(RiskFlagSchema),
  handoff: HandoffAnswersSchema,
  approval: IcpApprovalSchema.nullable(),
  // The success plan (milestones by due date, undated last) and every stage
  // change, oldest first. Defaulted so a context cached or served before plans
  // existed still reads as "no plan yet".
  milestones: z.array(MilestoneSchema).default([]),
  stageChanges: z.array(StageChangeSchema).default([]),
});

export const MatchedBySchema = z.enum(['record', 'domain', 'name']);

// Ambiguity is never resolved by guessing: two candidates means "not linked"
// and the person picks one.
export const ResolveResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('linked'), accountId: IdSchema, matchedBy: MatchedBySchema }),
  z.object({
    status: z.literal('not-linked'),
    reason: z.enum(['unknown', 'ambiguous']),
    candidates: z.array(AccountSummarySchema),
  }),
]);

export const AccountQuerySchema = z.object({
  search: TextSchema.max(200).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export const AccountPageSchema = z.object({
  items: z.array(AccountSummarySchema),
  nextCursor: z.string().nullable(),
  total: z.number().int().nonnegative(),
});

export const UnassignedSchema = z.object({
  commitments: z.array(CommitmentSchema),
  flags: z.array(RiskFlagSchema),
});

// ---------------------------------------------------------------------------
// Write models. Server-owned fields (id, version, timestamps) are never sent.
// ---------------------------------------------------------------------------

const SERVER_FIELDS = { id: true, version: true, createdAt: true, updatedAt: true } as const;

export const AccountDraftSchema = AccountSchema.omit(SERVER_FIELDS);
// zod 4 fills defaults inside optional fields, so a plain .partial() would turn
// a patch of { name } into one that also resets currency, integrations and
// crmRefs. The defaulted fields are re-declared without their defaults.
export const AccountPatchSchema = AccountDraftSchema.partial().extend({
  currency: AccountSchema.shape.currency.unwrap().optional(),
  integrations: AccountSchema.shape.integrations.unwrap().optional(),
  crmRefs: AccountSchema.shape.crmRefs.unwrap().optional(),
});
export const CommitmentDraftSchema = CommitmentSchema.omit(SERVER_FIELDS);
export const CommitmentPatchSchema = CommitmentDraftSchema.partial();
export const FlagDraftSchema = RiskFlagSchema.omit(SERVER_FIELDS);
export const FlagPatchSchema = FlagDraftSchema.partial();
export const HealthSnapshotDraftSchema = HealthSnapshotSchema.omit({ id: true });

// A milestone is keyed by its account and its id: a plan made from a template
// keeps the template's milestone ids (unique within the account), so the same
// id appears on many accounts.
const MILESTONE_SERVER_FIELDS = { version: true, createdAt: true, updatedAt: true } as const;

function doneNeedsDate(m: { status?: string; achievedOn?: string | undefined }, ctx: z.RefinementCtx): void {
  if (m.status === 'done' && !m.achievedOn) {
    ctx.addIssue({ code: 'custom', message: 'enter the date the milestone was achieved', path: ['achievedOn'] });
  }
}

/** One milestone of a new plan, its id from the template. */
export const PlanMilestoneDraftSchema = MilestoneFieldsSchema.omit(MILESTONE_SERVER_FIELDS).superRefine(doneNeedsDate);
/** A milestone added by hand: the store gives it an id. */
export const MilestoneDraftFieldsSchema = MilestoneFieldsSchema.omit({ ...MILESTONE_SERVER_FIELDS, id: true });
export const MilestoneDraftSchema = MilestoneDraftFieldsSchema.superRefine(doneNeedsDate);
// Which account a milestone belongs to never changes. null clears an
// optional field (undefined does not survive messaging or JSON); the merged
// record is checked against the done-needs-a-date rule on save.
const F = MilestoneFieldsSchema.shape;
export const MilestonePatchSchema = z.object({
  title: F.title.optional(),
  ownerRole: F.ownerRole.optional(),
  status: F.status.optional(),
  dueDate: F.dueDate.unwrap().nullable().optional(),
  owner: F.owner.unwrap().nullable().optional(),
  successCriteria: F.successCriteria.unwrap().nullable().optional(),
  evidence: F.evidence.unwrap().nullable().optional(),
  internalNote: F.internalNote.unwrap().nullable().optional(),
  achievedOn: F.achievedOn.unwrap().nullable().optional(),
});

/** The milestone a patch makes (unvalidated): null removes a field, an absent key leaves it. */
export function applyMilestonePatch(current: object, patch: z.infer<typeof MilestonePatchSchema>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  return next;
}

export const PlanCreateFieldsSchema = z.object({
  accountId: IdSchema,
  templateId: IdSchema,
  milestones: z.array(PlanMilestoneDraftSchema).min(1, 'a plan needs at least one milestone'),
});
export const PlanCreateSchema = PlanCreateFieldsSchema.superRefine(planMilestonesBelong);

// A person moves the account; the move is refused when the account changed
// since it was read, so nobody moves a stage on stale criteria.
export const StageChangeInputSchema = z.object({
  accountId: IdSchema,
  to: LifecycleStageSchema,
  by: PersonSchema,
  note: LongTextSchema.optional(),
  expectedVersion: z.number().int().min(1),
});

export const StageChangeResultSchema = z.object({ account: AccountSchema, change: StageChangeSchema });

// What the background's reminders read, in one call: every plan's open
// milestones, the accounts they and the kickoff SLA need, open commitments.
export const ReminderInputsSchema = z.object({
  plans: z.array(
    z.object({ accountId: IdSchema, milestones: z.array(MilestoneFieldsSchema.pick({ id: true, title: true, status: true, dueDate: true })) }),
  ),
  accounts: z.array(AccountSchema.pick({ id: true, name: true, segment: true, closedWonDate: true, kickoffDate: true })),
  commitments: z.array(CommitmentSchema.pick({ id: true, accountId: true, text: true, status: true, dueDate: true })),
});

export const HandoffAnswerInputSchema = z.object({
  accountId: IdSchema,
  itemId: IdSchema,
  done: z.boolean(),
  note: LongTextSchema.optional(),
  by: PersonSchema,
  // null creates the answer; a number must match the stored answer's version.
  expectedVersion: z.number().int().min(1).nullable(),
});

export const ApprovalRequestSchema = IcpApprovalSchema.pick({
  accountId: true,
  requestedBy: true,
  reason: true,
  tradeOffs: true,
});

export const ApprovalDecisionSchema = z.object({
  accountId: IdSchema,
  status: z.enum(['approved', 'rejected']),
  decidedBy: PersonSchema,
  decisionNote: LongTextSchema.optional(),
  expectedVersion: z.number().int().min(1),
});

// ---------------------------------------------------------------------------
// Whole-store export. JSON round-trips exactly: export → wipe → import gives
// identical data, versions and timestamps included.
// ---------------------------------------------------------------------------

export const EXPORT_FORMAT = 'seamline-export';
export const EXPORT_SCHEMA_VERSION = 1;

export const ExportBundleSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  accounts: z.array(AccountSchema),
  snapshots: z.array(HealthSnapshotSchema),
  commitments: z.array(CommitmentSchema),
  flags: z.array(RiskFlagSchema),
  handoff: z.array(HandoffAnswersSchema),
  approvals: z.array(IcpApprovalSchema),
  // Every change to an account's ARR. Optional so exports made before ARR
  // history existed still import, and because the team backend does not keep
  // the history (its exports leave it out).
  arrChanges: z.array(ArrChangeSchema).optional(),
  // Success plans and stage history; optional so older exports still import.
  milestones: z.array(MilestoneSchema).optional(),
  stageChanges: z.array(StageChangeSchema).optional(),
});

export function emptyExportBundle(exportedAt: string): ExportBundle {
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt,
    accounts: [],
    snapshots: [],
    commitments: [],
    flags: [],
    handoff: [],
    approvals: [],
    arrChanges: [],
    milestones: [],
    stageChanges: [],
  };
}

export const ImportModeSchema = z.enum(['merge', 'replace']);

export const ImportSummarySchema = z.object({
  accounts: z.number().int(),
  snapshots: z.number().int(),
  commitments: z.number().int(),
  flags: z.number().int(),
  handoff: z.number().int(),
  approvals: z.number().int(),
});

export type AccountSummary = z.infer<typeof AccountSummarySchema>;
export type AccountContext = z.infer<typeof AccountContextSchema>;
export type MatchedBy = z.infer<typeof MatchedBySchema>;
export type ResolveResult = z.infer<typeof ResolveResultSchema>;
export type AccountQuery = z.input<typeof AccountQuerySchema>;
export type AccountPage = z.infer<typeof AccountPageSchema>;
export type Unassigned = z.infer<typeof UnassignedSchema>;
export type AccountDraft = z.input<typeof AccountDraftSchema>;
export type AccountPatch = z.input<typeof AccountPatchSchema>;
export type CommitmentDraft = z.input<typeof CommitmentDraftSchema>;
export type CommitmentPatch = z.input<typeof CommitmentPatchSchema>;
export type FlagDraft = z.input<typeof FlagDraftSchema>;
export type FlagPatch = z.input<typeof FlagPatchSchema>;
export type HealthSnapshotDraft = z.input<typeof HealthSnapshotDraftSchema>;
export type HandoffAnswerInput = z.infer<typeof HandoffAnswerInputSchema>;
export type ApprovalRequest = z.infer<typeof ApprovalRequestSchema>;
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;
export type ExportBundle = z.infer<typeof ExportBundleSchema>;
export type PlanMilestoneDraft = z.input<typeof PlanMilestoneDraftSchema>;
export type MilestoneDraft = z.input<typeof MilestoneDraftSchema>;
export type MilestonePatch = z.input<typeof MilestonePatchSchema>;
export type PlanCreate = z.input<typeof PlanCreateSchema>;
export type StageChangeInput = z.infer<typeof StageChangeInputSchema>;
export type StageChangeResult = z.infer<typeof StageChangeResultSchema>;
export type ReminderInputs = z.infer<typeof ReminderInputsSchema>;
export type ImportMode = z.infer<typeof ImportModeSchema>;
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/**
 * The one interface every screen's data goes through. Adapters: the IndexedDB
 * local store and the team-backend HTTP client. Every method rejects with a
 * `DataError` (errors.ts); updates take the version the caller last saw and
 * reject with kind "conflict" (carrying the current record) when it moved on.
 */
export interface DataPort {
  readonly source: 'local' | 'backend';

  /** Exact record ref, then website domain, then normalised name. */
  resolveRecord(ref: CrmRecordRef): Promise<ResolveResult>;
  getAccountContext(accountId: string): Promise<AccountContext | null>;
  listAccounts(query: AccountQuery): Promise<AccountPage>;

  createAccount(draft: AccountDraft): Promise<z.infer<typeof AccountSchema>>;
  updateAccount(id: string, patch: AccountPatch, expectedVersion: number): Promise<z.infer<typeof AccountSchema>>;
  /** Stores the ref on the account so the next visit matches exactly. */
  linkRecord(accountId: string, link: z.input<typeof CrmLinkSchema>): Promise<z.infer<typeof AccountSchema>>;

  addHealthSnapshot(draft: HealthSnapshotDraft): Promise<z.infer<typeof HealthSnapshotSchema>>;

  createCommitment(draft: CommitmentDraft): Promise<z.infer<typeof CommitmentSchema>>;
  updateCommitment(id: string, patch: CommitmentPatch, expectedVersion: number): Promise<z.infer<typeof CommitmentSchema>>;

  createFlag(draft: FlagDraft): Promise<z.infer<typeof RiskFlagSchema>>;
  updateFlag(id: string, patch: FlagPatch, expectedVersion: number): Promise<z.infer<typeof RiskFlagSchema>>;

  setHandoffAnswer(input: HandoffAnswerInput): Promise<z.infer<typeof HandoffAnswersSchema>>;

  requestApproval(input: ApprovalRequest): Promise<z.infer<typeof IcpApprovalSchema>>;
  decideApproval(input: ApprovalDecision): Promise<z.infer<typeof IcpApprovalSchema>>;

  /**
   * Makes the account's success plan from generated milestones in one write.
   * Refused as a conflict (carrying the plan there is) when the account has one.
   */
  createPlan(input: PlanCreate): Promise<z.infer<typeof SuccessPlanSchema>>;
  createMilestone(draft: MilestoneDraft): Promise<z.infer<typeof MilestoneSchema>>;
  updateMilestone(accountId: string, id: string, patch: MilestonePatch, expectedVersion: number): Promise<z.infer<typeof MilestoneSchema>>;
  /** Moves the account to another stage at its expected version and records who moved it and when, in one transaction. */
  changeStage(input: StageChangeInput): Promise<StageChangeResult>;
  /** What the background's reminders need, read in one call. */
  reminderInputs(): Promise<ReminderInputs>;

  /** Commitments and flags captured on pages that were not a known record. */
  listUnassigned(): Promise<Unassigned>;

  exportAll(): Promise<ExportBundle>;
  importAll(bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary>;

  /** The alignment dashboard's figures, computed where the data is; only the figures travel. */
  dashboard(filter: DashboardFilter, settings: DashboardSettings): Promise<DashboardView>;
  /** One page of the accounts behind a number of that dashboard (`list` is a key the view gave). */
  dashboardRows(request: DashboardRowsRequest, settings: DashboardSettings): Promise<DashboardRows>;
  /** The whole bi-weekly review agenda of that dashboard (the view carries its first items). */
  dashboardAgenda(filter: DashboardFilter, settings: DashboardSettings): Promise<ReviewAgenda>;
}
