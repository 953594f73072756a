import { z } from 'zod';
import { safeParseOf } from './parse';
import { AccountSchema, CrmLinkSchema } from './domain/account';
import { CommitmentSchema } from './domain/commitment';
import { CrmRecordRefSchema } from './domain/crm-record';
import { DashboardSettingsSchema } from './domain/dashboard/dashboard';
import { DashboardFilterSchema } from './domain/dashboard/filters';
import { ReviewAgendaSchema } from './domain/dashboard/review-agenda';
import { DashboardViewSchema, DashboardRowsRequestSchema, DashboardRowsSchema } from './domain/dashboard/summary';
import { HandoffAnswersSchema } from './domain/handoff';
import { HealthSnapshotSchema } from './domain/health-snapshot';
import { IcpApprovalSchema } from './domain/icp';
import { IdSchema, IsoDateTimeSchema, TextSchema } from './domain/primitives';
import { RiskFlagSchema } from './domain/risk-flag';
import { MilestoneSchema, SuccessPlanSchema } from './domain/success-plan';
import { DataErrorKindSchema, type DataErrorInfo, type DataErrorKind } from './errors';
import { LiveEventSchema } from './live';
import { RoleSchema, TeamSettingsSchema } from './team';
import {
  AccountContextSchema,
  AccountDraftSchema,
  AccountPageSchema,
  AccountPatchSchema,
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
  MilestoneDraftFieldsSchema,
  MilestonePatchSchema,
  PlanCreateFieldsSchema,
  ReminderInputsSchema,
  ResolveResultSchema,
  StageChangeInputSchema,
  StageChangeResultSchema,
  UnassignedSchema,
} from './model';

// The team-backend REST contract. Pure zod so the extension's HTTP client and
// the reference server share one definition; the server's OpenAPI document is
// generated from these same schemas.

export const CONTRACT_VERSION = '1.0.0';
export const API_PREFIX = '/v1';

// ---------------------------------------------------------------------------
// Limits and headers
// ---------------------------------------------------------------------------

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
// Per token, shared by every server process on one database.
export const RATE_LIMIT_PER_MINUTE = 600;
// Failed authentications (missing, unknown, revoked or expired token) per client address.
export const AUTH_FAILURES_PER_MINUTE = 30;

export const HEADERS = {
  authorization: 'Authorization',
  ifMatch: 'If-Match',
  etag: 'ETag',
  idempotencyKey: 'Idempotency-Key',
  idempotentReplay: 'Idempotent-Replay',
  retryAfter: 'Retry-After',
  contractVersion: 'Seamline-Contract-Version',
  lastEventId: 'Last-Event-ID',
} as const;

export const IdempotencyKeySchema = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'idempotency keys are printable ASCII without spaces');

/** The strong ETag for a record version: `"3"`. */
export function formatEtag(version: number): string {
  return `"${version}"`;
}

/** Reads an If-Match/ETag value (`"3"`, `W/"3"` or a bare 3); null when it is not a version. */
export function parseEtag(header: string | null | undefined): number | null {
  if (!header) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

// ---------------------------------------------------------------------------
// Errors: one body shape for every failure
// ---------------------------------------------------------------------------

export const ApiErrorCodeSchema = z.enum([
  'validation',
  'malformed-json',
  'unauthenticated',
  'token-expired',
  'forbidden',
  'not-found',
  'conflict',
  'version-mismatch',
  'precondition-required',
  'idempotency-mismatch',
  'idempotency-in-flight',
  'payload-too-large',
  'rate-limited',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  validation: 400,
  'malformed-json': 400,
  unauthenticated: 401,
  'token-expired': 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'version-mismatch': 412,
  'idempotency-mismatch': 422,
  // Not a data conflict: the first attempt under this key has not answered
  // yet. Retry after Retry-After seconds with the SAME key.
  'idempotency-in-flight': 409,
  'precondition-required': 428,
  'payload-too-large': 413,
  'rate-limited': 429,
  internal: 500,
};

// How the extension's adapter turns a backend error into its DataError kind.
export const API_ERROR_KIND: Record<ApiErrorCode, DataErrorKind> = {
  validation: 'validation',
  'malformed-json': 'validation',
  unauthenticated: 'auth',
  'token-expired': 'auth',
  forbidden: 'auth',
  'not-found': 'not-found',
  conflict: 'conflict',
  'version-mismatch': 'conflict',
  'idempotency-mismatch': 'validation',
  // Retried later like a server error, never shown as someone else's change.
  'idempotency-in-flight': 'server',
  'precondition-required': 'validation',
  'payload-too-large': 'validation',
  'rate-limited': 'server',
  internal: 'server',
};

export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: ApiErrorCodeSchema,
    message: z.string(),
    // Validation failures name the first offending field, e.g. "commitments[3].dueDate".
    field: z.string().optional(),
    // Version mismatches (412) and conflicts (409) carry the record as it is now.
    current: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** Maps an HTTP failure onto the DataError shape every adapter reports. */
export function toDataErrorInfo(status: number, body: unknown): DataErrorInfo {
  const parsed = safeParseOf(ApiErrorBodySchema, body);
  if (!parsed.success) {
    const kind: DataErrorKind = status === 401 || status === 403 ? 'auth' : status === 404 ? 'not-found' : status >= 500 ? 'server' : 'schema';
    return { kind, message: `backend answered ${status} without a readable error body`, status };
  }
  const e = parsed.data.error;
  return {
    kind: DataErrorKindSchema.parse(API_ERROR_KIND[e.code]),
    message: e.message,
    status,
    ...(e.field !== undefined ? { field: e.field } : {}),
    ...(e.current !== undefined ? { current: e.current } : {}),
  };
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

// Query strings arrive as text, so numbers are coerced here rather than in each handler.
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: TextSchema.min(1).max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    // Opaque; pass it back as ?cursor= for the next page. null on the last page.
    nextCursor: z.string().nullable(),
    total: z.number().int().nonnegative(),
  });
}

// ---------------------------------------------------------------------------
// Team: roles, tokens, health
// ---------------------------------------------------------------------------

export { RoleSchema, TeamSettingsSchema, type Role, type TeamSettings } from './team';

export const WorkspaceSlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'workspace names use lowercase letters, digits, _ and -');

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  contractVersion: z.string(),
  // Present only when a supplied token was accepted.
  workspace: WorkspaceSlugSchema.optional(),
  role: RoleSchema.optional(),
  tokenAccepted: z.boolean(),
  // When the supplied token stops (or stopped) working; null = never expires.
  // Present for an accepted token and for an expired one.
  expiresAt: IsoDateTimeSchema.nullable().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const TokenInfoSchema = z.object({
  id: IdSchema,
  name: z.string().max(120),
  role: RoleSchema,
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
  // Optional so servers without token expiry still satisfy the contract; null = never expires.
  expiresAt: IsoDateTimeSchema.nullable().optional(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const MAX_TOKEN_LIFETIME_DAYS = 3650;

export const TokenCreateSchema = z.object({
  name: TextSchema.trim().min(1).max(120),
  role: RoleSchema,
  // Omitted: the token never expires.
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_LIFETIME_DAYS).optional(),
});

/** How long a rotated-away token keeps working, so a lost rotation answer does not lock its holder out. */
export const TOKEN_ROTATION_GRACE_SECONDS = 600;

export const IssuedTokenSchema = z.object({
  token: TokenInfoSchema,
  // Shown once. An idempotent replay of the issuing request returns null here:
  // the server keeps only a hash.
  secret: z.string().nullable(),
});
export type IssuedToken = z.infer<typeof IssuedTokenSchema>;

export const TokenListSchema = z.object({ items: z.array(TokenInfoSchema) });

// ---------------------------------------------------------------------------
// Resource bodies
// ---------------------------------------------------------------------------

export const AccountListQuerySchema = PageQuerySchema.extend({
  search: TextSchema.max(200).optional(),
});

export const AccountCreateBodySchema = AccountDraftSchema;
export const AccountPatchBodySchema = AccountPatchSchema;
export const ResolveBodySchema = CrmRecordRefSchema;
export const LinkBodySchema = CrmLinkSchema;
export const SnapshotBodySchema = HealthSnapshotDraftSchema.omit({ accountId: true });
// accountId may be null: captured on a page that was not a known record ("unassigned").
export const CommitmentCreateBodySchema = CommitmentDraftSchema;
export const CommitmentPatchBodySchema = CommitmentPatchSchema;
export const FlagCreateBodySchema = FlagDraftSchema;
export const FlagPatchBodySchema = FlagPatchSchema;
export const HandoffAnswerBodySchema = HandoffAnswerInputSchema.omit({ accountId: true, itemId: true, expectedVersion: true });
export const ApprovalRequestBodySchema = ApprovalRequestSchema.omit({ accountId: true });
export const ApprovalDecisionBodySchema = ApprovalDecisionSchema.omit({ accountId: true, expectedVersion: true });
// The account is in the path; every milestone of a new plan names it too, so
// the body is checked against the path.
export const PlanCreateBodySchema = PlanCreateFieldsSchema.omit({ accountId: true });
export const MilestoneCreateBodySchema = MilestoneDraftFieldsSchema.omit({ accountId: true });
export const MilestonePatchBodySchema = MilestonePatchSchema;
export const StageChangeBodySchema = StageChangeInputSchema.omit({ accountId: true, expectedVersion: true });
export const ImportQuerySchema = z.object({ mode: ImportModeSchema.default('merge') });

export const CommitmentPageSchema = pageOf(CommitmentSchema);
export const FlagPageSchema = pageOf(RiskFlagSchema);

export const AuditEntitySchema = z.enum(['commitment', 'flag', 'handoff', 'milestone']);
export const AuditActionSchema = z.enum(['create', 'update']);

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: IsoDateTimeSchema,
  // The token that made the change: its id and the name given when it was issued.
  actor: z.object({ tokenId: z.string(), name: z.string() }),
  entity: AuditEntitySchema,
  // For handoff answers: "<accountId>/<itemId>".
  entityId: z.string(),
  accountId: IdSchema.nullable(),
  action: AuditActionSchema,
  // The record as it was and as it became (null before a create): always
  // sent, so an object rather than "unknown", which a document cannot require.
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = PageQuerySchema.extend({
  entity: AuditEntitySchema.optional(),
  id: TextSchema.max(200).optional(),
});
export const AuditPageSchema = pageOf(AuditEntrySchema);

export const IdParamsSchema = z.object({ id: IdSchema });
export const HandoffParamsSchema = z.object({ id: IdSchema, itemId: IdSchema });
export const MilestoneParamsSchema = z.object({ id: IdSchema, milestoneId: IdSchema });

// ---------------------------------------------------------------------------
// Routes: one table the client and the server both read
// ---------------------------------------------------------------------------

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteDef {
  method: HttpMethod;
  // OpenAPI template syntax: /v1/accounts/{id}
  path: string;
  /**
   * none: no If-Match; required: 428 without it; once-exists: checked when
   * sent, and 428 without it once the record exists; optional: checked when sent.
   */
  ifMatch: 'none' | 'required' | 'once-exists' | 'optional';
  auth: 'none' | 'read' | 'write' | 'admin';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Successful status code. */
  status: 200 | 201;
  /** The response carries an ETag for a versioned record. */
  etag: boolean;
  /** A stream of events rather than one JSON body; `response` is each event's data. */
  stream?: 'text/event-stream';
  summary: string;
}

/** The workspace's published team settings; `settings` is null until an admin publishes. */
export const TeamSettingsReplySchema = z.object({
  settings: TeamSettingsSchema.nullable(),
  updatedAt: IsoDateTimeSchema.nullable(),
  updatedBy: z.string().nullable(),
});
export type TeamSettingsReply = z.infer<typeof TeamSettingsReplySchema>;

export const DashboardRequestSchema = z.object({ filter: DashboardFilterSchema, settings: DashboardSettingsSchema });
export const DashboardRowsBodySchema = DashboardRowsRequestSchema.extend({ settings: DashboardSettingsSchema });

function route<const R extends RouteDef>(r: R): R {
  return r;
}

export const ROUTES = {
  health: route({
    method: 'get',
    path: '/v1/health',
    auth: 'none',
    ifMatch: 'none',
    response: HealthResponseSchema,
    status: 200,
    etag: false,
    summary: 'Service health; reports whether a supplied token is accepted',
  }),
  listAccounts: route({
    method: 'get',
    path: '/v1/accounts',
    auth: 'read',
    ifMatch: 'none',
    query: AccountListQuerySchema,
    response: AccountPageSchema,
    status: 200,
    etag: false,
    summary: 'List or search accounts',
  }),
  createAccount: route({
    method: 'post',
    path: '/v1/accounts',
    auth: 'write',
    ifMatch: 'none',
    body: AccountCreateBodySchema,
    response: AccountSchema,
    status: 201,
    etag: true,
    summary: 'Create an account',
  }),
  getAccount: route({
    method: 'get',
    path: '/v1/accounts/{id}',
    auth: 'read',
    ifMatch: 'none',
    params: IdParamsSchema,
    response: AccountSchema,
    status: 200,
    etag: true,
    summary: 'Get an account',
  }),
  patchAccount: route({
    method: 'patch',
    path: '/v1/accounts/{id}',
    auth: 'write',
    ifMatch: 'required',
    params: IdParamsSchema,
    body: AccountPatchBodySchema,
    response: AccountSchema,
    status: 200,
    etag: true,
    summary: 'Update an account',
  }),
  accountContext: route({
    method: 'get',
    path: '/v1/accounts/{id}/context',
    auth: 'read',
    ifMatch: 'none',
    params: IdParamsSchema,
    response: AccountContextSchema,
    status: 200,
    etag: false,
    summary: 'Everything the side panel shows for an account',
  }),
  linkRecord: route({
    method: 'post',
    path: '/v1/accounts/{id}/links',
    auth: 'write',
    ifMatch: 'none',
    params: IdParamsSchema,
    body: LinkBodySchema,
    response: AccountSchema,
    status: 200,
    etag: true,
    summary: 'Link a CRM record to an account',
  }),
  resolve: route({
    method: 'post',
    path: '/v1/resolve',
    auth: 'read',
    ifMatch: 'none',
    body: ResolveBodySchema,
    response: ResolveResultSchema,
    status: 200,
    etag: false,
    summary: 'Find the account for a CRM record: exact ref, then domain, then name',
  }),
  addSnapshot: route({
    method: 'post',
    path: '/v1/accounts/{id}/snapshots',
    auth: 'write',
    ifMatch: 'none',
    params: IdParamsSchema,
    body: SnapshotBodySchema,
    response: HealthSnapshotSchema,
    status: 201,
    etag: false,
    summary: 'Record a health snapshot',
  }),
  listCommitments: route({
    method: 'get',
    path: '/v1/accounts/{id}/commitments',
    auth: 'read',
    ifMatch: 'none',
    params: IdParamsSchema,
    query: PageQuerySchema,
    response: CommitmentPageSchema,
    status: 200,
    etag: false,
    summary: "List an account's commitments",
  }),
  createCommitment: route({
    method: 'post',
    path: '/v1/commitments',
    auth: 'write',
    ifMatch: 'none',
    body: CommitmentCreateBodySchema,
    response: CommitmentSchema,
    status: 201,
    etag: true,
    summary: 'Record a commitment (accountId null = unassigned)',
  }),
  patchCommitment: route({
    method: 'patch',
    path: '/v1/commitments/{id}',
    auth: 'write',
    ifMatch: 'required',
    params: IdParamsSchema,
    body: CommitmentPatchBodySchema,
    response: CommitmentSchema,
    status: 200,
    etag: true,
    summary: 'Update a commitment',
  }),
  listFlags: route({
    method: 'get',
    path: '/v1/accounts/{id}/flags',
    auth: 'read',
    ifMatch: 'none',
    params: IdParamsSchema,
    query: PageQuerySchema,
    response: FlagPageSchema,
    status: 200,
    etag: false,
    summary: "List an account's risk flags",
  }),
  createFlag: route({
    method: 'post',
    path: '/v1/flags',
    auth: 'write',
    ifMatch: 'none',
    body: FlagCreateBodySchema,
    response: RiskFlagSchema,
    status: 201,
    etag: true,
    summary: 'Raise a risk flag (accountId null = unassigned)',
  }),
  patchFlag: route({
    method: 'patch',
    path: '/v1/flags/{id}',
    auth: 'write',
    ifMatch: 'required',
    params: IdParamsSchema,
    body: FlagPatchBodySchema,
    response: RiskFlagSchema,
    status: 200,
    etag: true,
    summary: 'Update or resolve a risk flag',
  }),
  putHandoffAnswer: route({
    method: 'put',
    path: '/v1/accounts/{id}/handoff/{itemId}',
    auth: 'write',
    ifMatch: 'once-exists',
    params: HandoffParamsSchema,
    body: HandoffAnswerBodySchema,
    response: HandoffAnswersSchema,
    status: 200,
    etag: true,
    summary: 'Answer one handoff checklist item (If-Match required once the answer exists)',
  }),
  requestApproval: route({
    method: 'post',
    path: '/v1/accounts/{id}/approval',
    auth: 'write',
    ifMatch: 'optional',
    params: IdParamsSchema,
    body: ApprovalRequestBodySchema,
    response: IcpApprovalSchema,
    status: 201,
    etag: true,
    summary: 'Request an ICP exception approval',
  }),
  decideApproval: route({
    method: 'patch',
    path: '/v1/accounts/{id}/approval',
    auth: 'write',
    ifMatch: 'required',
    params: IdParamsSchema,
    body: ApprovalDecisionBodySchema,
    response: IcpApprovalSchema,
    status: 200,
    etag: true,
    summary: 'Approve or reject an ICP exception',
  }),
  createPlan: route({
    method: 'post',
    path: '/v1/accounts/{id}/plan',
    auth: 'write',
    ifMatch: 'none',
    params: IdParamsSchema,
    body: PlanCreateBodySchema,
    response: SuccessPlanSchema,
    status: 201,
    etag: false,
    summary: "Create the account's success plan from generated milestones (409 with the plan there is when it has one)",
  }),
  createMilestone: route({
    method: 'post',
    path: '/v1/accounts/{id}/milestones',
    auth: 'write',
    ifMatch: 'none',
    params: IdParamsSchema,
    body: MilestoneCreateBodySchema,
    response: MilestoneSchema,
    status: 201,
    etag: true,
    summary: "Add a milestone to the account's success plan",
  }),
  patchMilestone: route({
    method: 'patch',
    path: '/v1/accounts/{id}/milestones/{milestoneId}',
    auth: 'write',
    ifMatch: 'required',
    params: MilestoneParamsSchema,
    body: MilestonePatchBodySchema,
    response: MilestoneSchema,
    status: 200,
    etag: true,
    summary: 'Update a milestone (null clears an optional field)',
  }),
  changeStage: route({
    method: 'post',
    path: '/v1/accounts/{id}/stage',
    auth: 'write',
    ifMatch: 'required',
    params: IdParamsSchema,
    body: StageChangeBodySchema,
    response: StageChangeResultSchema,
    status: 201,
    etag: false,
    summary: "Move the account to another lifecycle stage at the account's version (If-Match), recording who moved it and when",
  }),
  reminderInputs: route({
    method: 'get',
    path: '/v1/reminder-inputs',
    auth: 'read',
    ifMatch: 'none',
    response: ReminderInputsSchema,
    status: 200,
    etag: false,
    summary: "What the extension's reminders read: open milestones, accounts' kickoff dates, open commitments",
  }),
  unassigned: route({
    method: 'get',
    path: '/v1/unassigned',
    auth: 'read',
    ifMatch: 'none',
    response: UnassignedSchema,
    status: 200,
    etag: false,
    summary: 'Commitments and flags not yet tied to an account',
  }),
  exportAll: route({
    method: 'get',
    path: '/v1/export',
    auth: 'read',
    ifMatch: 'none',
    response: ExportBundleSchema,
    status: 200,
    etag: false,
    summary: "Export the workspace's data",
  }),
  // POST because the figures depend on settings the extension holds (ICP,
  // health weights, checklist, service levels); it changes nothing.
  dashboard: route({
    method: 'post',
    path: '/v1/dashboard',
    auth: 'read',
    ifMatch: 'none',
    body: DashboardRequestSchema,
    response: DashboardViewSchema,
    status: 200,
    etag: false,
    summary: "The alignment dashboard's figures for the workspace, with the filter and settings given",
  }),
  dashboardRows: route({
    method: 'post',
    path: '/v1/dashboard/rows',
    auth: 'read',
    ifMatch: 'none',
    body: DashboardRowsBodySchema,
    response: DashboardRowsSchema,
    status: 200,
    etag: false,
    summary: 'One page of the accounts behind one number of the alignment dashboard',
  }),
  dashboardAgenda: route({
    method: 'post',
    path: '/v1/dashboard/agenda',
    auth: 'read',
    ifMatch: 'none',
    body: DashboardRequestSchema,
    response: ReviewAgendaSchema,
    status: 200,
    etag: false,
    summary: "The alignment dashboard's whole bi-weekly review agenda",
  }),
  importAll: route({
    method: 'post',
    path: '/v1/import',
    auth: 'admin',
    ifMatch: 'none',
    query: ImportQuerySchema,
    body: ExportBundleSchema,
    response: ImportSummarySchema,
    status: 200,
    etag: false,
    summary: 'Import an export bundle (merge or replace)',
  }),
  audit: route({
    method: 'get',
    path: '/v1/audit',
    auth: 'read',
    ifMatch: 'none',
    query: AuditQuerySchema,
    response: AuditPageSchema,
    status: 200,
    etag: false,
    summary: 'Who changed commitments, flags and checklist answers',
  }),
  events: route({
    method: 'get',
    path: '/v1/events',
    auth: 'read',
    ifMatch: 'none',
    response: LiveEventSchema,
    status: 200,
    etag: false,
    stream: 'text/event-stream',
    summary:
      "The workspace's changes as they commit (Server-Sent Events): each event names what changed, never its contents; send Last-Event-ID to resume",
  }),
  listTokens: route({
    method: 'get',
    path: '/v1/tokens',
    auth: 'admin',
    ifMatch: 'none',
    response: TokenListSchema,
    status: 200,
    etag: false,
    summary: "List the workspace's API tokens",
  }),
  createToken: route({
    method: 'post',
    path: '/v1/tokens',
    auth: 'admin',
    ifMatch: 'none',
    body: TokenCreateSchema,
    response: IssuedTokenSchema,
    status: 201,
    etag: false,
    summary: 'Issue an API token (the secret is shown once)',
  }),
  rotateToken: route({
    method: 'post',
    path: '/v1/token/rotate',
    auth: 'read',
    ifMatch: 'none',
    response: IssuedTokenSchema,
    status: 201,
    etag: false,
    summary: 'Replace the calling token with a new secret (shown once); the old one expires after a short grace period',
  }),
  revokeToken: route({
    method: 'delete',
    path: '/v1/tokens/{id}',
    auth: 'admin',
    ifMatch: 'none',
    params: IdParamsSchema,
    response: TokenInfoSchema,
    status: 200,
    etag: false,
    summary: 'Revoke an API token',
  }),
  getTeamSettings: route({
    method: 'get',
    path: '/v1/team-settings',
    auth: 'read',
    ifMatch: 'none',
    response: TeamSettingsReplySchema,
    status: 200,
    etag: false,
    summary: "The workspace's published team settings (ICP profile, checklist template, health weights)",
  }),
  putTeamSettings: route({
    method: 'put',
    path: '/v1/team-settings',
    auth: 'admin',
    ifMatch: 'none',
    body: TeamSettingsSchema,
    response: TeamSettingsReplySchema,
    status: 200,
    etag: false,
    summary: 'Publish the team settings every member of the workspace uses',
  }),
} as const;

export type RouteName = keyof typeof ROUTES;

/** Fills an OpenAPI path template with URL-encoded values. */
export function buildPath(template: string, params: Record<string, string> = {}, query?: Record<string, string | number | undefined>): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(v);
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

type Query = Record<string, string | number | undefined>;

export const paths = {
  health: () => ROUTES.health.path,
  accounts: (query?: { search?: string; limit?: number; cursor?: string }) => buildPath(ROUTES.listAccounts.path, {}, query),
  account: (id: string) => buildPath(ROUTES.getAccount.path, { id }),
  accountContext: (id: string) => buildPath(ROUTES.accountContext.path, { id }),
  accountLinks: (id: string) => buildPath(ROUTES.linkRecord.path, { id }),
  accountSnapshots: (id: string) => buildPath(ROUTES.addSnapshot.path, { id }),
  accountCommitments: (id: string, query?: { limit?: number; cursor?: string }) => buildPath(ROUTES.listCommitments.path, { id }, query),
  accountFlags: (id: string, query?: { limit?: number; cursor?: string }) => buildPath(ROUTES.listFlags.path, { id }, query),
  handoffItem: (id: string, itemId: string) => buildPath(ROUTES.putHandoffAnswer.path, { id, itemId }),
  approval: (id: string) => buildPath(ROUTES.requestApproval.path, { id }),
  resolve: () => ROUTES.resolve.path,
  commitments: () => ROUTES.createCommitment.path,
  commitment: (id: string) => buildPath(ROUTES.patchCommitment.path, { id }),
  flags: () => ROUTES.createFlag.path,
  flag: (id: string) => buildPath(ROUTES.patchFlag.path, { id }),
  plan: (id: string) => buildPath(ROUTES.createPlan.path, { id }),
  milestones: (id: string) => buildPath(ROUTES.createMilestone.path, { id }),
  milestone: (id: string, milestoneId: string) => buildPath(ROUTES.patchMilestone.path, { id, milestoneId }),
  stage: (id: string) => buildPath(ROUTES.changeStage.path, { id }),
  reminderInputs: () => ROUTES.reminderInputs.path,
  unassigned: () => ROUTES.unassigned.path,
  export: () => ROUTES.exportAll.path,
  dashboard: () => ROUTES.dashboard.path,
  dashboardRows: () => ROUTES.dashboardRows.path,
  dashboardAgenda: () => ROUTES.dashboardAgenda.path,
  import: (mode: z.infer<typeof ImportModeSchema>) => buildPath(ROUTES.importAll.path, {}, { mode }),
  audit: (query?: { entity?: z.infer<typeof AuditEntitySchema>; id?: string; limit?: number; cursor?: string } & Query) =>
    buildPath(ROUTES.audit.path, {}, query),
  events: () => ROUTES.events.path,
  tokens: () => ROUTES.listTokens.path,
  token: (id: string) => buildPath(ROUTES.revokeToken.path, { id }),
  rotateToken: () => ROUTES.rotateToken.path,
  teamSettings: () => ROUTES.getTeamSettings.path,
} as const;

export type AccountListQuery = z.input<typeof AccountListQuerySchema>;
export type SnapshotBody = z.input<typeof SnapshotBodySchema>;
export type HandoffAnswerBody = z.input<typeof HandoffAnswerBodySchema>;
export type ApprovalRequestBody = z.input<typeof ApprovalRequestBodySchema>;
export type ApprovalDecisionBody = z.input<typeof ApprovalDecisionBodySchema>;
export type TokenCreate = z.input<typeof TokenCreateSchema>;
export type AuditQuery = z.input<typeof AuditQuerySchema>;
