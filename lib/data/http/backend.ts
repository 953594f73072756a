import { type z } from 'zod';
import { safeParseOf } from '../../core/parse';
import type { CrmLink, CrmRecordRef, DashboardFilter, DashboardRowsRequest, DashboardSettings } from '../../core/domain';
import {
  ApiErrorBodySchema,
  CONTRACT_VERSION,
  HEADERS,
  ROUTES,
  formatEtag,
  paths,
  toDataErrorInfo,
  type HealthResponse,
  type IssuedToken,
  type TeamSettings,
  type TeamSettingsReply,
  type RouteName,
} from '../../core/http-contract';
import { DataError, isDataError, schemaError, type DataErrorKind } from '../../core/errors';
import type { ConnectionReport, OutboxMethod } from '../../core/sync';
import type { OutboxTarget } from '../outbox';
import {
  AccountQuerySchema,
  HandoffAnswerInputSchema,
  ApprovalDecisionSchema,
  ApprovalRequestSchema,
  HealthSnapshotDraftSchema,
  MilestoneDraftSchema,
  PlanCreateSchema,
  StageChangeInputSchema,
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
} from '../../core/model';

export interface HttpBackendOptions {
  /** Already validated by BackendUrlSchema (https, or http on loopback). */
  baseUrl: string;
  token: string;
  /** Injected so the background, the options page and tests can each supply theirs. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** For whole-workspace export and import, which move far more data than one record. */
  bulkTimeoutMs?: number;
  /** Extra attempts for reads after a network/timeout/5xx/429 failure. Writes are never retried here. */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

interface RequestSpec {
  route: RouteName;
  path: string;
  body?: unknown;
  ifMatch?: number | null;
  idempotencyKey?: string;
}

type Route = (typeof ROUTES)[RouteName];
type Output<R extends RouteName> = z.infer<(typeof ROUTES)[R]['response']>;

const RETRIABLE_READ: ReadonlySet<DataErrorKind> = new Set(['network', 'timeout', 'server']);

function isTimeout(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e.name === 'TimeoutError' || (e.name === 'AbortError' && /timeout/i.test(String((e as { cause?: unknown }).cause ?? e.message))))
  );
}

// An error body that does not follow the contract still says something through its status.
function kindForStatus(status: number): DataErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429 || status >= 500) return 'server';
  if (status >= 400 && status < 500) return 'validation';
  return 'schema';
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

// Errors that came with a contract error body: only those are trusted to mean
// "no such record" rather than, say, a proxy's 404 for a wrong base URL.
const CONTRACT_ERRORS = new WeakSet<DataError>();

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The team backend behind the REST contract (lib/data/contract.ts). */
export class HttpBackend implements DataPort, OutboxTarget {
  readonly source = 'backend' as const;
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly bulkTimeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;

  constructor(opts: HttpBackendOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    // Bound so a bare `fetch` keeps its receiver when called as a method.
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.bulkTimeoutMs = Math.max(this.timeoutMs, opts.bulkTimeoutMs ?? 120_000);
    this.retries = opts.retries ?? 2;
    this.retryBaseMs = opts.retryBaseMs ?? 300;
    this.retryMaxMs = opts.retryMaxMs ?? 5_000;
    this.random = opts.random ?? Math.random;
  }

  // -------------------------------------------------------------------------
  // Transport
  // -------------------------------------------------------------------------

  private async once<R extends RouteName>(
    spec: RequestSpec & { route: R },
  ): Promise<{ value: Output<R>; retryAfterMs: null } | { error: DataError; retryAfterMs: number | null }> {
    const route: Route = ROUTES[spec.route];
    const headers: Record<string, string> = {
      [HEADERS.authorization]: `Bearer ${this.token}`,
      Accept: 'application/json',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    if (spec.ifMatch != null) headers[HEADERS.ifMatch] = formatEtag(spec.ifMatch);
    if (spec.idempotencyKey) headers[HEADERS.idempotencyKey] = spec.idempotencyKey;

    const timeoutMs =
      spec.route === 'exportAll' || spec.route === 'importAll' || spec.route.startsWith('dashboard') ? this.bulkTimeoutMs : this.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const what = `${route.method.toUpperCase()} ${route.path}`;
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(this.baseUrl + spec.path, {
        method: route.method.toUpperCase(),
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal,
      });
      // The body is read under the same deadline: a server that sends headers and then stalls is a timeout too.
      text = await res.text();
    } catch (e) {
      if (isTimeout(e) || signal.aborted) {
        return { error: new DataError({ kind: 'timeout', message: `${what}: no answer within ${timeoutMs} ms` }), retryAfterMs: null };
      }
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      return { error: new DataError({ kind: 'network', message: `${what}: backend unreachable (${detail})` }), retryAfterMs: null };
    }

    let json: unknown;
    let jsonOk = true;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      jsonOk = false;
    }

    if (!res.ok) {
      const info = toDataErrorInfo(res.status, jsonOk ? json : undefined);
      // A 428 that carries the current record means someone else wrote first
      // (e.g. answered the same checklist item): the person compares both
      // versions, exactly as for a 412.
      const fixed =
        info.kind === 'schema'
          ? { ...info, kind: kindForStatus(res.status) }
          : res.status === 428 && info.current !== undefined
            ? { ...info, kind: 'conflict' as const }
            : info;
      const error = new DataError(fixed);
      if (info.kind !== 'schema' && safeParseOf(ApiErrorBodySchema, json).success) CONTRACT_ERRORS.add(error);
      return { error, retryAfterMs: parseRetryAfter(res.headers.get(HEADERS.retryAfter)) };
    }
    if (!jsonOk) {
      return { error: new DataError({ kind: 'schema', message: `${what}: backend sent malformed JSON`, status: res.status }), retryAfterMs: null };
    }
    const parsed = safeParseOf(route.response, json);
    if (!parsed.success) {
      const err = schemaError('schema', `${what}: unexpected response`, parsed.error);
      return { error: new DataError({ ...err.info, status: res.status }), retryAfterMs: null };
    }
    return { value: parsed.data as Output<R>, retryAfterMs: null };
  }

  private async request<R extends RouteName>(spec: RequestSpec & { route: R }): Promise<Output<R>> {
    // Only reads are retried: a write whose answer was lost may have landed,
    // and the outbox (with its fixed idempotency key) owns that decision.
    const retriable = ROUTES[spec.route].auth === 'read' || ROUTES[spec.route].auth === 'none';
    const attempts = retriable ? this.retries + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      const r = await this.once(spec);
      if ('value' in r) return r.value;
      if (attempt + 1 >= attempts || !RETRIABLE_READ.has(r.error.kind)) throw r.error;
      const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** attempt);
      const jittered = ceiling / 2 + (this.random() * ceiling) / 2;
      await sleep(Math.min(this.retryMaxMs, Math.max(jittered, r.retryAfterMs ?? 0)));
    }
  }

  private write<R extends RouteName>(spec: RequestSpec & { route: R }, idempotencyKey?: string): Promise<Output<R>> {
    return this.request({ ...spec, idempotencyKey: idempotencyKey ?? crypto.randomUUID() });
  }

  /** Validates an outgoing body against the contract so a bad write fails here, naming the field. */
  private body<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
    const parsed = safeParseOf(schema, value);
    if (!parsed.success) throw schemaError('validation', what, parsed.error);
    return parsed.data;
  }

  // -------------------------------------------------------------------------
  // Connection check (options page)
  // -------------------------------------------------------------------------

  async testConnection(): Promise<ConnectionReport> {
    let health: HealthResponse;
    try {
      health = await this.request({ route: 'health', path: paths.health() });
    } catch (e) {
      const error = isDataError(e) ? e.info : { kind: 'network' as const, message: String(e) };
      const reachable = error.kind !== 'network' && error.kind !== 'timeout';
      return { reachable, contractVersion: null, compatible: false, tokenAccepted: false, error };
    }
    const major = (v: string) => v.split('.')[0];
    return {
      reachable: true,
      contractVersion: health.contractVersion,
      compatible: major(health.contractVersion) === major(CONTRACT_VERSION),
      tokenAccepted: health.tokenAccepted,
      ...(health.workspace !== undefined ? { workspace: health.workspace } : {}),
      ...(health.role !== undefined ? { role: health.role } : {}),
      ...(health.expiresAt !== undefined ? { expiresAt: health.expiresAt } : {}),
    };
  }

  /** A new secret for the calling token; the old one stops working after the server's grace period. */
  async rotateToken(): Promise<IssuedToken> {
    return this.write({ route: 'rotateToken', path: paths.rotateToken() });
  }

  /** The team settings the workspace's admins published (null until they do). */
  async getTeamSettings(): Promise<TeamSettingsReply> {
    return this.request({ route: 'getTeamSettings', path: paths.teamSettings() });
  }

  /** Publishes the team settings for every member of the workspace (admin tokens only). */
  async putTeamSettings(settings: TeamSettings): Promise<TeamSettingsReply> {
    return this.write({
      route: 'putTeamSettings',
      path: paths.teamSettings(),
      body: this.body(ROUTES.putTeamSettings.body, settings, 'team settings'),
    });
  }

  // -------------------------------------------------------------------------
  // Reads
  // -------------------------------------------------------------------------

  async resolveRecord(ref: CrmRecordRef) {
    return await this.request({ route: 'resolve', path: paths.resolve(), body: this.body(ROUTES.resolve.body, ref, 'record reference') });
  }

  async getAccountContext(accountId: string) {
    try {
      return await this.request({ route: 'accountContext', path: paths.accountContext(accountId) });
    } catch (e) {
      if (isDataError(e) && e.kind === 'not-found' && CONTRACT_ERRORS.has(e)) return null;
      throw e;
    }
  }

  async listAccounts(query: AccountQuery) {
    const q = this.body(AccountQuerySchema, query, 'account query');
    return await this.request({ route: 'listAccounts', path: paths.accounts({ search: q.search, limit: q.limit, cursor: q.cursor }) });
  }

  async listUnassigned() {
    return await this.request({ route: 'unassigned', path: paths.unassigned() });
  }

  async reminderInputs() {
    return await this.request({ route: 'reminderInputs', path: paths.reminderInputs() });
  }

  async exportAll() {
    return await this.request({ route: 'exportAll', path: paths.export() });
  }

  async dashboard(filter: DashboardFilter, settings: DashboardSettings) {
    return await this.request({
      route: 'dashboard',
      path: paths.dashboard(),
      body: this.body(ROUTES.dashboard.body, { filter, settings }, 'dashboard request'),
    });
  }

  async dashboardRows(request: DashboardRowsRequest, settings: DashboardSettings) {
    return await this.request({
      route: 'dashboardRows',
      path: paths.dashboardRows(),
      body: this.body(ROUTES.dashboardRows.body, { ...request, settings }, 'dashboard rows request'),
    });
  }

  async dashboardAgenda(filter: DashboardFilter, settings: DashboardSettings) {
    return await this.request({
      route: 'dashboardAgenda',
      path: paths.dashboardAgenda(),
      body: this.body(ROUTES.dashboardAgenda.body, { filter, settings }, 'dashboard agenda request'),
    });
  }

  // -------------------------------------------------------------------------
  // Writes: each takes an optional idempotency key so the outbox can replay
  // with the key it fixed at enqueue time.
  // -------------------------------------------------------------------------

  async createAccount(draft: AccountDraft, key?: string) {
    return await this.write({ route: 'createAccount', path: paths.accounts(), body: this.body(ROUTES.createAccount.body, draft, 'account') }, key);
  }

  async updateAccount(id: string, patch: AccountPatch, expectedVersion: number, key?: string) {
    const body = this.body(ROUTES.patchAccount.body, patch, 'account change');
    return await this.write({ route: 'patchAccount', path: paths.account(id), body, ifMatch: expectedVersion }, key);
  }

  async linkRecord(accountId: string, link: CrmLink, key?: string) {
    return await this.write(
      { route: 'linkRecord', path: paths.accountLinks(accountId), body: this.body(ROUTES.linkRecord.body, link, 'record link') },
      key,
    );
  }

  async addHealthSnapshot(draft: HealthSnapshotDraft, key?: string) {
    const { accountId, ...rest } = this.body(HealthSnapshotDraftSchema, draft, 'health snapshot');
    return await this.write(
      { route: 'addSnapshot', path: paths.accountSnapshots(accountId), body: this.body(ROUTES.addSnapshot.body, rest, 'health snapshot') },
      key,
    );
  }

  async createCommitment(draft: CommitmentDraft, key?: string) {
    return await this.write(
      { route: 'createCommitment', path: paths.commitments(), body: this.body(ROUTES.createCommitment.body, draft, 'commitment') },
      key,
    );
  }

  async updateCommitment(id: string, patch: CommitmentPatch, expectedVersion: number, key?: string) {
    const body = this.body(ROUTES.patchCommitment.body, patch, 'commitment change');
    return await this.write({ route: 'patchCommitment', path: paths.commitment(id), body, ifMatch: expectedVersion }, key);
  }

  async createFlag(draft: FlagDraft, key?: string) {
    return await this.write({ route: 'createFlag', path: paths.flags(), body: this.body(ROUTES.createFlag.body, draft, 'risk flag') }, key);
  }

  async updateFlag(id: string, patch: FlagPatch, expectedVersion: number, key?: string) {
    const body = this.body(ROUTES.patchFlag.body, patch, 'risk flag change');
    return await this.write({ route: 'patchFlag', path: paths.flag(id), body, ifMatch: expectedVersion }, key);
  }

  async setHandoffAnswer(input: HandoffAnswerInput, key?: string) {
    const { accountId, itemId, expectedVersion, ...rest } = this.body(HandoffAnswerInputSchema, input, 'checklist answer');
    const body = this.body(ROUTES.putHandoffAnswer.body, rest, 'checklist answer');
    return await this.write({ route: 'putHandoffAnswer', path: paths.handoffItem(accountId, itemId), body, ifMatch: expectedVersion }, key);
  }

  /** expectedVersion re-requests over an existing approval (a 409 without it while one is pending). */
  async requestApproval(input: ApprovalRequest, key?: string, expectedVersion?: number) {
    const { accountId, ...rest } = this.body(ApprovalRequestSchema, input, 'approval request');
    const body = this.body(ROUTES.requestApproval.body, rest, 'approval request');
    return await this.write({ route: 'requestApproval', path: paths.approval(accountId), body, ifMatch: expectedVersion ?? null }, key);
  }

  async decideApproval(input: ApprovalDecision, key?: string) {
    const { accountId, expectedVersion, ...rest } = this.body(ApprovalDecisionSchema, input, 'approval decision');
    const body = this.body(ROUTES.decideApproval.body, rest, 'approval decision');
    return await this.write({ route: 'decideApproval', path: paths.approval(accountId), body, ifMatch: expectedVersion }, key);
  }

  async createPlan(input: PlanCreate, key?: string) {
    const { accountId, ...rest } = this.body(PlanCreateSchema, input, 'success plan');
    const body = this.body(ROUTES.createPlan.body, rest, 'success plan');
    return await this.write({ route: 'createPlan', path: paths.plan(accountId), body }, key);
  }

  async createMilestone(draft: MilestoneDraft, key?: string) {
    const { accountId, ...rest } = this.body(MilestoneDraftSchema, draft, 'milestone');
    const body = this.body(ROUTES.createMilestone.body, rest, 'milestone');
    return await this.write({ route: 'createMilestone', path: paths.milestones(accountId), body }, key);
  }

  async updateMilestone(accountId: string, id: string, patch: MilestonePatch, expectedVersion: number, key?: string) {
    const body = this.body(ROUTES.patchMilestone.body, patch, 'milestone change');
    return await this.write({ route: 'patchMilestone', path: paths.milestone(accountId, id), body, ifMatch: expectedVersion }, key);
  }

  async changeStage(input: StageChangeInput, key?: string) {
    const { accountId, expectedVersion, ...rest } = this.body(StageChangeInputSchema, input, 'stage change');
    const body = this.body(ROUTES.changeStage.body, rest, 'stage change');
    return await this.write({ route: 'changeStage', path: paths.stage(accountId), body, ifMatch: expectedVersion }, key);
  }

  async importAll(bundle: ExportBundle, mode: ImportMode, key?: string) {
    return await this.write({ route: 'importAll', path: paths.import(mode), body: this.body(ROUTES.importAll.body, bundle, 'import bundle') }, key);
  }

  /** OutboxTarget: replays a queued write under the key fixed when it was queued. */
  async send(method: OutboxMethod, args: unknown[], idempotencyKey: string): Promise<unknown> {
    const a = args as never[];
    switch (method) {
      case 'createAccount':
        return this.createAccount(a[0]!, idempotencyKey);
      case 'updateAccount':
        return this.updateAccount(a[0]!, a[1]!, a[2]!, idempotencyKey);
      case 'linkRecord':
        return this.linkRecord(a[0]!, a[1]!, idempotencyKey);
      case 'addHealthSnapshot':
        return this.addHealthSnapshot(a[0]!, idempotencyKey);
      case 'createCommitment':
        return this.createCommitment(a[0]!, idempotencyKey);
      case 'updateCommitment':
        return this.updateCommitment(a[0]!, a[1]!, a[2]!, idempotencyKey);
      case 'createFlag':
        return this.createFlag(a[0]!, idempotencyKey);
      case 'updateFlag':
        return this.updateFlag(a[0]!, a[1]!, a[2]!, idempotencyKey);
      case 'setHandoffAnswer':
        return this.setHandoffAnswer(a[0]!, idempotencyKey);
      case 'requestApproval':
        return await this.requestApproval(a[0]!, idempotencyKey, a[1]);
      case 'decideApproval':
        return this.decideApproval(a[0]!, idempotencyKey);
      case 'createPlan':
        return this.createPlan(a[0]!, idempotencyKey);
      case 'createMilestone':
        return this.createMilestone(a[0]!, idempotencyKey);
      case 'updateMilestone':
        return this.updateMilestone(a[0]!, a[1]!, a[2]!, a[3]!, idempotencyKey);
      case 'changeStage':
        return this.changeStage(a[0]!, idempotencyKey);
    }
  }
}
