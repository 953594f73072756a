import { z } from 'zod';
import { safeParseOf } from '../parse';
import { CrmPlatformSchema, CrmRecordRefSchema } from '../domain/crm-record';
import { PanelModeSchema, SettingsSchema } from '../domain/settings';
import { UserSiteSchema } from '../domain/user-site';
import { AccountContextSchema, ExportBundleSchema, ImportSummarySchema, ResolveResultSchema } from '../model';
import { BackendScopeSchema, ConnectionReportSchema, ConnectionStateSchema, DataSourceKindSchema, OutboxMethodSchema } from '../sync';
import { firstIssue } from '../errors';
import { IdSchema } from '../domain/primitives';
import { PageValuesSchema, UnreadableValueSchema } from '../domain/page-values';
import { FieldErrorsSchema } from '../settings/form';
import { SettingsProblemSchema } from '../settings/migrations';
import { ManagedStateSchema } from '../settings/policy';
import { RoleSchema } from '../team';
import { CHANNEL } from './channel';
import { FirstPaintSchema } from './first-paint';
import { DataRequestSchema, DataResponseSchema } from './data-calls';
import { RefusedReplySchema } from './refused';
import type { SenderRole } from './sender';

/**
 * Every request the background answers, in one table: who may send it, what
 * it carries and what comes back. The router (entrypoints/background/router.ts)
 * parses each request and refuses senders outside `from`; callers parse each
 * reply with `reply` on receipt. Adding a message means one entry here and one
 * handler in the router's table — the compiler refuses a missing handler or a
 * reply of the wrong shape.
 */

const request = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ channel: z.literal(CHANNEL), type: z.literal(type), ...shape });

export const OkSchema = z.object({ ok: z.boolean() });

// ---- what the content script needs ------------------------------------------

export const PanelWidthSchema = z.number().int().min(240).max(960);
export const PanelStateSchema = z.object({ open: z.boolean(), width: PanelWidthSchema });

/** What the content script reads at start; everything else about settings stays out of CRM pages. */
export const ContentConfigSchema = z.object({
  userSites: z.array(UserSiteSchema),
  disabledPlatforms: z.array(CrmPlatformSchema),
  /** In native mode the browser's own side panel shows Seamline; nothing is injected. */
  panelMode: PanelModeSchema,
  /**
   * The injected panel's last open state and width per platform, in the same
   * reply: each page load costs the CRM page one message fewer.
   */
  panelStates: z.partialRecord(CrmPlatformSchema, PanelStateSchema),
});

/**
 * One page as its content script sees it: a random id minted when the script
 * starts in a document, unguessable by the page or any other site. Reports
 * carry it with a sequence number, so the background can tell a late report
 * of a page the tab has left, or an older report of the same page, from the
 * latest one; and the injected frame carries it to prove which page framed it.
 */
export const PageIdSchema = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/);
export const ReportSeqSchema = z.number().int().nonnegative();

// ---- what pages need ---------------------------------------------------------

export const TabRecordSchema = z.object({
  tabId: z.number().int(),
  href: z.string(),
  record: CrmRecordRefSchema.nullable(),
  resolution: ResolveResultSchema.nullable(),
  // When the content script's report arrived (epoch ms): how fast the
  // background follows a page's navigation is measured against it.
  reportedAt: z.number(),
});

/**
 * Text a person typed in the panel frame and has not saved (a note, the
 * capture box, an open form), held by the background for the frame's tab and
 * page: a frame released while its tab was hidden gets it back when it is
 * made again. The frame is third-party inside the CRM page and keeps nothing itself.
 */
export const DraftFieldSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w:.%-]+$/);
export const DraftValueSchema = z.string().max(20_000);
export const DraftsSchema = z.record(DraftFieldSchema, DraftValueSchema);

/**
 * The framed panel's first answer: whether the page around it is the CRM page
 * that framed it and, if so, everything its first paint needs in the same
 * reply: the tab's record, the linked account's context when the local store
 * holds it (read by key; never the network) with its heading and health
 * score as the first paint shows them, and the frame's drafts.
 */
export const FrameCheckReplySchema = z.discriminatedUnion('crmPage', [
  z.object({ crmPage: z.literal(false) }),
  z.object({
    crmPage: z.literal(true),
    tab: TabRecordSchema.nullable(),
    context: z.object({ source: z.literal('local'), accountId: z.string(), value: AccountContextSchema.nullable() }).nullable(),
    // Beside the context: what the frame paints before the panel's code has loaded.
    firstPaint: z.nullable(FirstPaintSchema),
    drafts: DraftsSchema,
  }),
]);

export const OpenPanelReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), reason: z.enum(['invalid', 'no-panel-on-tab']) }),
]);

/**
 * The fields the CRM page shows for the tab's record, read when a page asks
 * (never on page load) and parsed in the background: values Seamline can
 * use, and what the page shows that could not be read, with the reason.
 */
export const PageFieldsReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), record: CrmRecordRefSchema, values: PageValuesSchema, unreadable: z.array(UnreadableValueSchema) }),
  z.object({
    ok: z.literal(false),
    // no-record: the tab shows no record; moved: it navigated while being read;
    // blocked: the browser would not let Seamline read the page.
    reason: z.enum(['no-record', 'moved', 'blocked']),
    message: z.string(),
  }),
]);

export const SettingsLoadErrorSchema = z.object({ message: z.string(), problems: z.array(SettingsProblemSchema) });

export const SettingsSnapshotSchema = z.object({
  settings: SettingsSchema,
  error: SettingsLoadErrorSchema.nullable(),
  hasToken: z.boolean(),
  source: DataSourceKindSchema,
  /** User sites whose host permission is missing, so their content script is not registered. */
  sitesWithoutPermission: z.array(z.string()),
  /** Why extension storage could not be closed to page scripts, when it could not. */
  storageWarning: z.string().nullable().optional(),
  /** What the organisation's policy and the workspace's team settings fix, and the policy's problems. */
  managed: ManagedStateSchema.optional(),
  /** The role of the stored token in its workspace, when the backend has said (an admin may publish team settings). */
  role: RoleSchema.nullable().optional(),
});

export const TeamPublishReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), snapshot: SettingsSnapshotSchema }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type TeamPublishReply = z.infer<typeof TeamPublishReplySchema>;

/** Writes still queued for the backend workspace a save would move away from. */
export const PendingSwitchSchema = z.object({
  // The queue's scope key: once parked, it is exported or discarded by this key.
  key: z.string(),
  count: z.number().int().min(1),
  url: z.string(),
  workspace: z.string().nullable(),
});

/** What to do with them: send them to their own workspace first, or leave them parked (listed, never sent elsewhere). */
export const PendingChoiceSchema = z.enum(['send-first', 'park']);

export const SaveReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), snapshot: SettingsSnapshotSchema }),
  z.object({
    ok: z.literal(false),
    errors: FieldErrorsSchema,
    message: z.string().optional(),
    // Nothing was saved: the person chooses what happens to these writes first.
    pendingSwitch: PendingSwitchSchema.optional(),
  }),
]);

/** A queue of another backend URL or workspace that still holds writes. */
export const ParkedQueueSummarySchema = z.object({
  scope: BackendScopeSchema,
  pending: z.number().int().nonnegative(),
  needsAttention: z.number().int().nonnegative(),
  writes: z.array(z.object({ method: OutboxMethodSchema, createdAt: z.string(), text: z.string().nullable() })),
});

export const BackendStatusSchema = z.object({
  connection: ConnectionStateSchema,
  // When the stored token stops working, as the backend last said; null = never, undefined = not known.
  expiresAt: z.string().nullable().optional(),
  parked: z.array(ParkedQueueSummarySchema),
  /** Why extension storage could not be closed to page scripts, when it could not. */
  storageWarning: z.string().nullable(),
});

export const ParkedExportReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), filename: z.string(), json: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export const RotateReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), expiresAt: z.string().nullable().optional() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export const TestReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), report: ConnectionReportSchema }),
  z.object({ ok: z.literal(false), errors: FieldErrorsSchema }),
]);

export const TokenClearReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), snapshot: SettingsSnapshotSchema }),
  z.object({ ok: z.literal(false) }),
]);

export const SitesSyncReplySchema = z.object({ ok: z.literal(true), registered: z.array(z.string()), withoutPermission: z.array(z.string()) });

export const LocalSummarySchema = z.object({
  accounts: z.number().int().nonnegative(),
  commitments: z.number().int().nonnegative(),
  flags: z.number().int().nonnegative(),
});

export const UploadReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), summary: ImportSummarySchema }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

export const SeedReplySchema = z.object({ ok: z.boolean(), loaded: z.boolean(), accounts: z.number().int().nonnegative() });

// The token goes in (options page → background) and never comes out: no reply
// carries it, only whether one is stored.
export const TokenSchema = z.string().trim().min(1, 'enter the access token').max(4096);

const ALL_PAGES: readonly SenderRole[] = ['extension-page', 'panel-frame'];
const TOP_LEVEL: readonly SenderRole[] = ['extension-page'];
const CONTENT: readonly SenderRole[] = ['content-script'];

export const BACKGROUND_REQUESTS = {
  // content script → background
  'record-report': {
    from: CONTENT,
    request: request('record-report', {
      href: z.string().max(4096),
      record: CrmRecordRefSchema.nullable(),
      page: PageIdSchema,
      seq: ReportSeqSchema,
    }),
    reply: OkSchema,
  },
  'content-config': { from: CONTENT, request: request('content-config', {}), reply: ContentConfigSchema },
  'panel-state-set': {
    from: CONTENT,
    request: request('panel-state-set', { platform: CrmPlatformSchema, open: z.boolean(), width: PanelWidthSchema }),
    reply: OkSchema,
  },

  // panel frame and pages → background
  // The panel frame omits tabId: the background answers for the tab the frame
  // lives in, so a frame can neither forge nor read another tab's record. The
  // popup and native side panel have no tab and name the active one.
  'tab-record': {
    from: ALL_PAGES,
    request: request('tab-record', { tabId: z.number().int().nonnegative().optional() }),
    reply: TabRecordSchema.nullable(),
  },
  data: { from: ALL_PAGES, request: DataRequestSchema, reply: DataResponseSchema },
  // Like tab-record, the frame is answered for its own tab only.
  'page-fields': {
    from: ALL_PAGES,
    request: request('page-fields', { tabId: z.number().int().nonnegative().optional() }),
    reply: PageFieldsReplySchema,
  },
  // The framed panel asks first whether the page around it is the CRM page
  // whose content script framed it (it names the page id it was given in its
  // URL). Anywhere else, e.g. a site framing the panel to trick clicks, it shows nothing.
  'frame-check': {
    from: ['panel-frame'] as readonly SenderRole[],
    request: request('frame-check', { page: PageIdSchema }),
    reply: FrameCheckReplySchema,
  },
  // The frame's unsaved text, for its own tab and page only; null clears a field.
  'draft-set': {
    from: ['panel-frame'] as readonly SenderRole[],
    request: request('draft-set', { page: PageIdSchema, field: DraftFieldSchema, value: DraftValueSchema.nullable() }),
    reply: OkSchema,
  },
  // The accounts this person opened last (per data source), offered where a page is not a record.
  'recent-accounts': {
    from: ALL_PAGES,
    request: request('recent-accounts', {}),
    reply: z.object({ accounts: z.array(z.object({ id: IdSchema, name: z.string().max(300) })).max(50) }),
  },
  'account-opened': {
    from: ALL_PAGES,
    request: request('account-opened', { accountId: IdSchema, name: z.string().max(300) }),
    reply: OkSchema,
  },
  'panel-command': {
    from: ['panel-frame'] as readonly SenderRole[],
    request: request('panel-command', { command: z.enum(['close', 'resize']), width: PanelWidthSchema.optional() }),
    reply: OkSchema,
  },

  // top-level extension pages only: these read or change what the whole extension does
  'open-panel': { from: TOP_LEVEL, request: request('open-panel', { tabId: z.number().int().nonnegative() }), reply: OpenPanelReplySchema },
  'settings-get': { from: TOP_LEVEL, request: request('settings-get', {}), reply: SettingsSnapshotSchema },
  'settings-save': {
    from: TOP_LEVEL,
    // Settings are validated by the settings store, which reports every field; the token is sent only when typed anew.
    request: request('settings-save', { settings: z.unknown(), token: TokenSchema.optional(), pending: PendingChoiceSchema.optional() }),
    reply: SaveReplySchema,
  },
  // The connection as the options page shows it: state, token expiry, and queues parked for other backends or workspaces.
  'backend-status': { from: TOP_LEVEL, request: request('backend-status', {}), reply: BackendStatusSchema },
  'parked-export': { from: TOP_LEVEL, request: request('parked-export', { key: z.string().min(1).max(4096) }), reply: ParkedExportReplySchema },
  'parked-discard': { from: TOP_LEVEL, request: request('parked-discard', { key: z.string().min(1).max(4096) }), reply: OkSchema },
  // The new secret is stored in the background and never sent to the page.
  'backend-rotate': { from: TOP_LEVEL, request: request('backend-rotate', {}), reply: RotateReplySchema },
  'backend-token-clear': { from: TOP_LEVEL, request: request('backend-token-clear', {}), reply: TokenClearReplySchema },
  // An admin publishes their ICP profile, checklist template and health weights to every member of the workspace.
  'team-settings-publish': { from: TOP_LEVEL, request: request('team-settings-publish', {}), reply: TeamPublishReplySchema },
  'backend-test': {
    from: TOP_LEVEL,
    request: request('backend-test', { url: z.string().max(2048), token: TokenSchema.optional() }),
    reply: TestReplySchema,
  },
  'sites-sync': { from: TOP_LEVEL, request: request('sites-sync', {}), reply: SitesSyncReplySchema },
  'local-summary': { from: TOP_LEVEL, request: request('local-summary', {}), reply: LocalSummarySchema },
  'upload-local': { from: TOP_LEVEL, request: request('upload-local', {}), reply: UploadReplySchema },
  // The options page builds the demo portfolio and hands it over, so the generator never ships in the service worker.
  'seed-demo': { from: TOP_LEVEL, request: request('seed-demo', { bundle: ExportBundleSchema }), reply: SeedReplySchema },
} as const satisfies Record<string, { from: readonly SenderRole[]; request: z.ZodType; reply: z.ZodType }>;

export type BackgroundRequestType = keyof typeof BACKGROUND_REQUESTS;
export type BackgroundRequest<K extends BackgroundRequestType> = z.infer<(typeof BACKGROUND_REQUESTS)[K]['request']>;
export type BackgroundReply<K extends BackgroundRequestType> = z.infer<(typeof BACKGROUND_REQUESTS)[K]['reply']>;
/** A request as its sender writes it: the channel tag and type are added by `backgroundRequest`. */
export type BackgroundRequestBody<K extends BackgroundRequestType> = Omit<BackgroundRequest<K>, 'channel' | 'type'>;

export function backgroundRequest<K extends BackgroundRequestType>(type: K, body: BackgroundRequestBody<K>): BackgroundRequest<K> {
  return { channel: CHANNEL, type, ...body } as BackgroundRequest<K>;
}

export type ParsedReply<K extends BackgroundRequestType> =
  { ok: true; reply: BackgroundReply<K> } | { ok: false; kind: 'refused' | 'schema'; message: string; field?: string };

/** Parses what the background answered to `type`: the reply, a refusal, or something that is neither. */
export function parseBackgroundReply<K extends BackgroundRequestType>(type: K, raw: unknown): ParsedReply<K> {
  const refused = safeParseOf(RefusedReplySchema, raw);
  if (refused.success) return { ok: false, kind: 'refused', message: refused.data.message, field: refused.data.field };
  const parsed = safeParseOf(BACKGROUND_REQUESTS[type].reply, raw);
  if (parsed.success) return { ok: true, reply: parsed.data as BackgroundReply<K> };
  const { field, message } = firstIssue(parsed.error, 'reply');
  return {
    ok: false,
    kind: 'schema',
    message: `Unexpected reply to ${type} from the Seamline background (${field}: ${message}).`,
    field,
  };
}

export { RefusedReplySchema, type RefusedReply } from './refused';

export type ContentConfig = z.infer<typeof ContentConfigSchema>;
export type PanelState = z.infer<typeof PanelStateSchema>;
export type TabRecord = z.infer<typeof TabRecordSchema>;
export type FrameCheckReply = z.infer<typeof FrameCheckReplySchema>;
export type Drafts = z.infer<typeof DraftsSchema>;
export type PageFieldsReply = z.infer<typeof PageFieldsReplySchema>;
export type OpenPanelReply = z.infer<typeof OpenPanelReplySchema>;
export type SettingsSnapshot = z.infer<typeof SettingsSnapshotSchema>;
export type SettingsLoadError = z.infer<typeof SettingsLoadErrorSchema>;
export type SaveReply = z.infer<typeof SaveReplySchema>;
export type TestReply = z.infer<typeof TestReplySchema>;
export type LocalSummary = z.infer<typeof LocalSummarySchema>;
export type UploadReply = z.infer<typeof UploadReplySchema>;
export type SeedReply = z.infer<typeof SeedReplySchema>;
export type PendingSwitch = z.infer<typeof PendingSwitchSchema>;
export type PendingChoice = z.infer<typeof PendingChoiceSchema>;
export type ParkedQueueSummary = z.infer<typeof ParkedQueueSummarySchema>;
export type BackendStatus = z.infer<typeof BackendStatusSchema>;
export type ParkedExportReply = z.infer<typeof ParkedExportReplySchema>;
export type RotateReply = z.infer<typeof RotateReplySchema>;
