import { z } from 'zod';
import {
  AccountSchema,
  CommitmentSchema,
  CrmLinkSchema,
  CrmRecordRefSchema,
  HandoffAnswersSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  IdSchema,
  RiskFlagSchema,
} from '../core/domain';
import { DataError, DataErrorInfoSchema, fieldPath, isDataError, type DataErrorInfo } from '../core/errors';
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
  ResolveResultSchema,
  UnassignedSchema,
} from '../core/model';
import { OutboxConflictSchema } from './outbox';
import { ConflictChoiceSchema, DataSourceKindSchema, ServiceStatusSchema, type DataApi } from './service';
import { CHANNEL, type SenderLike } from '../core/messages/protocol';

// Extension pages never open the database or call the backend themselves:
// every data call is one of these methods, sent to the background, checked on
// arrival and checked again on the way back.

const Version = z.number().int().min(1);

export const DATA_METHODS = {
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
  listUnassigned: { args: z.tuple([]), result: UnassignedSchema },
  exportAll: { args: z.tuple([]), result: ExportBundleSchema },
  importAll: { args: z.tuple([ExportBundleSchema, ImportModeSchema]), result: ImportSummarySchema },
  status: { args: z.tuple([]), result: ServiceStatusSchema },
  resolveConflict: { args: z.tuple([OutboxConflictSchema.shape.id, ConflictChoiceSchema]), result: z.null() },
} as const satisfies Record<Exclude<keyof DataApi, 'source'>, { args: z.ZodTuple; result: z.ZodType }>;

export type DataMethod = keyof typeof DATA_METHODS;
export const DATA_METHOD_NAMES = Object.keys(DATA_METHODS) as DataMethod[];
export const DataMethodSchema = z.enum(DATA_METHOD_NAMES as [DataMethod, ...DataMethod[]]);

export const DataRequestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('data'),
  method: DataMethodSchema,
  args: z.array(z.unknown()),
});
export type DataRequest = z.infer<typeof DataRequestSchema>;

export const DataResponseSchema = z.discriminatedUnion('ok', [
  // The source rides along so a page always knows which store answered.
  z.object({ ok: z.literal(true), value: z.unknown(), source: DataSourceKindSchema }),
  z.object({ ok: z.literal(false), error: DataErrorInfoSchema }),
]);
export type DataResponse = z.infer<typeof DataResponseSchema>;

function invalid(kind: 'validation' | 'schema', what: string, error: z.ZodError, prefix: string): DataError {
  const issue = error.issues[0];
  const field = issue ? fieldPath(issue.path, prefix) : prefix;
  return new DataError({ kind, message: `${what}: ${field}: ${issue?.message ?? 'invalid'}`, field });
}

export function isDataRequestMessage(raw: unknown): boolean {
  return !!raw && typeof raw === 'object' && (raw as { channel?: unknown }).channel === CHANNEL && (raw as { type?: unknown }).type === 'data';
}

function toErrorInfo(e: unknown): DataErrorInfo {
  if (isDataError(e)) return e.info;
  return { kind: 'server', message: e instanceof Error ? e.message : String(e) };
}

/**
 * Validates one raw message and runs it against the service. Resolves to
 * undefined for messages that are not data requests, so other handlers can
 * answer them; never rejects.
 */
export async function handleDataRequest(service: DataApi, raw: unknown): Promise<DataResponse | undefined> {
  if (!isDataRequestMessage(raw)) return undefined;
  return dispatch(service, raw);
}

async function dispatch(service: DataApi, raw: unknown): Promise<DataResponse> {
  const request = DataRequestSchema.safeParse(raw);
  if (!request.success) return { ok: false, error: invalid('validation', 'Malformed data request', request.error, 'request').info };
  const { method } = request.data;
  const args = DATA_METHODS[method].args.safeParse(request.data.args);
  if (!args.success) return { ok: false, error: invalid('validation', `Invalid ${method} request`, args.error, 'args').info };
  try {
    const call = service[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await call.apply(service, args.data as unknown[]);
    return { ok: true, value, source: service.source };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) };
  }
}

/**
 * Data requests are accepted only from our own extension pages (panel frame,
 * side panel, popup, options). Content scripts run with the CRM page's URL and
 * web pages cannot name our id, so both are refused.
 */
export function isTrustedDataSender(sender: SenderLike, extensionOrigin: string, extensionId?: string): boolean {
  if (extensionId !== undefined && sender.id !== extensionId) return false;
  const origin = extensionOrigin.endsWith('/') ? extensionOrigin : `${extensionOrigin}/`;
  return typeof sender.url === 'string' && sender.url.startsWith(origin);
}

/** A runtime.onMessage listener for the background: answers data requests from trusted pages only. */
export function createDataMessageListener(options: { service: DataApi; extensionOrigin: string; extensionId?: string }) {
  return (message: unknown, sender: SenderLike): Promise<DataResponse> | undefined => {
    if (!isDataRequestMessage(message)) return undefined;
    if (!isTrustedDataSender(sender, options.extensionOrigin, options.extensionId)) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'auth', message: 'Data requests are only accepted from Seamline extension pages.' },
      });
    }
    return dispatch(options.service, message);
  };
}

export type DataClient = DataApi;

/**
 * A DataApi for extension pages. Arguments are checked before sending, and
 * replies are checked against the method's result schema, so a page never
 * renders data it has not validated. Errors come back as DataError.
 */
export function createDataClient(send: (message: DataRequest) => Promise<unknown>): DataClient {
  let source: 'local' | 'backend' = 'local';

  async function call(method: DataMethod, args: unknown[]): Promise<unknown> {
    const spec = DATA_METHODS[method];
    const parsedArgs = spec.args.safeParse(args);
    if (!parsedArgs.success) throw invalid('validation', `Invalid ${method} request`, parsedArgs.error, 'args');
    let raw: unknown;
    try {
      raw = await send({ channel: CHANNEL, type: 'data', method, args: parsedArgs.data as unknown[] });
    } catch (e) {
      throw new DataError({
        kind: 'network',
        message: `The Seamline background did not answer (${e instanceof Error ? e.message : String(e)}).`,
      });
    }
    const response = DataResponseSchema.safeParse(raw);
    if (!response.success) {
      throw new DataError({ kind: 'schema', message: `Unexpected reply to ${method} from the Seamline background.` });
    }
    if (!response.data.ok) throw new DataError(response.data.error);
    source = response.data.source;
    const value = spec.result.safeParse(response.data.value);
    if (!value.success) throw invalid('schema', `Unexpected ${method} result`, value.error, 'result');
    return value.data;
  }

  const client = {
    get source() {
      return source;
    },
  } as DataClient;
  for (const method of DATA_METHOD_NAMES) {
    Object.defineProperty(client, method, {
      value: (...args: unknown[]) => call(method, args),
      enumerable: true,
    });
  }
  return client;
}
