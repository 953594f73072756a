import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  AccountSchema,
  CommitmentSchema,
  HandoffAnswerSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  RiskFlagSchema,
  normaliseAccountName,
  normaliseDomain,
  type Account,
  type Commitment,
  type CrmLink,
  type CrmRecordRef,
  type HandoffAnswer,
  type HandoffAnswers,
  type HealthSnapshot,
  type IcpApproval,
  type RiskFlag,
} from '../lib/core/domain';
import type {
  AccountContext,
  AccountPage,
  AccountSummary,
  ExportBundle,
  ImportMode,
  ImportSummary,
  ResolveResult,
  Unassigned,
} from '../lib/core/model';
import { AccountSummarySchema, EXPORT_FORMAT, EXPORT_SCHEMA_VERSION } from '../lib/core/model';
import type {
  AccountPatchBodySchema,
  ApprovalDecisionBody,
  ApprovalRequestBody,
  AuditEntry,
  CommitmentCreateBodySchema,
  CommitmentPatchBodySchema,
  FlagCreateBodySchema,
  FlagPatchBodySchema,
  HandoffAnswerBody,
  Role,
  SnapshotBody,
  TokenInfo,
  AccountCreateBodySchema,
} from '../lib/core/http-contract';
import type { Db, Queryable } from './db';
import { ApiError, validationError } from './errors';

export interface Actor {
  tokenId: string;
  name: string;
  workspace: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

const nowIso = () => new Date().toISOString();

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined, arity: number): Array<string> | null {
  if (!cursor) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string')) return parts as string[];
  } catch {
    // fall through to the error below
  }
  throw new ApiError('validation', 'cursor: not a cursor this server issued', { field: 'cursor' });
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(what, r.error);
  return r.data;
}

function likePattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

// ---------------------------------------------------------------------------
// Workspaces and tokens
// ---------------------------------------------------------------------------

export async function ensureWorkspace(q: Queryable, id: string): Promise<void> {
  await q.query('INSERT INTO workspaces (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, nowIso()]);
}

interface TokenRow {
  id: string;
  workspace_id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

function tokenInfo(r: TokenRow): TokenInfo {
  return { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at };
}

export async function issueToken(q: Queryable, workspace: string, name: string, role: Role): Promise<{ token: TokenInfo; secret: string }> {
  const secret = `sl_${randomBytes(32).toString('base64url')}`;
  const id = `tok_${randomBytes(9)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
  const r = await q.query<TokenRow>(
    `INSERT INTO tokens (id, workspace_id, name, role, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [id, workspace, name, role, hashToken(secret), nowIso()],
  );
  return { token: tokenInfo(r.rows[0]!), secret };
}

export async function findActiveToken(q: Queryable, secret: string): Promise<Actor | null> {
  const r = await q.query<TokenRow>('SELECT * FROM tokens WHERE hash = $1 AND revoked_at IS NULL', [hashToken(secret)]);
  const row = r.rows[0];
  return row ? { tokenId: row.id, name: row.name, workspace: row.workspace_id, role: row.role } : null;
}

export async function touchToken(q: Queryable, tokenId: string): Promise<void> {
  await q.query('UPDATE tokens SET last_used_at = $2 WHERE id = $1', [tokenId, nowIso()]);
}

export async function listTokens(q: Queryable, workspace: string): Promise<TokenInfo[]> {
  const r = await q.query<TokenRow>('SELECT * FROM tokens WHERE workspace_id = $1 ORDER BY created_at, id', [workspace]);
  return r.rows.map(tokenInfo);
}

export async function revokeToken(q: Queryable, workspace: string, id: string): Promise<TokenInfo> {
  const r = await q.query<TokenRow>('UPDATE tokens SET revoked_at = COALESCE(revoked_at, $3) WHERE workspace_id = $1 AND id = $2 RETURNING *', [
    workspace,
    id,
    nowIso(),
  ]);
  if (!r.rows[0]) throw new ApiError('not-found', `token ${id} not found`);
  return tokenInfo(r.rows[0]);
}

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

type DataRow<T> = { data: T };

function summary(a: Account): AccountSummary {
  return AccountSummarySchema.parse(a);
}

async function writeLinks(q: Queryable, workspace: string, account: Account): Promise<void> {
  await q.query('DELETE FROM account_links WHERE workspace_id = $1 AND account_id = $2', [workspace, account.id]);
  for (const l of account.crmRefs) {
    const r = await q.query(
      `INSERT INTO account_links (workspace_id, platform, host, object_type, record_id, account_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [workspace, l.platform, l.host, l.objectType, l.recordId, account.id],
    );
    if (r.rowCount === 0) {
      const other = await linkedAccount(q, workspace, l);
      if (other && other.id !== account.id) {
        throw new ApiError('conflict', `${l.platform} record ${l.recordId} is already linked to another account`, { current: other });
      }
    }
  }
}

async function linkedAccount(
  q: Queryable,
  workspace: string,
  l: Pick<CrmLink, 'platform' | 'host' | 'objectType' | 'recordId'>,
): Promise<Account | null> {
  const r = await q.query<DataRow<Account>>(
    `SELECT a.data FROM account_links l JOIN accounts a ON a.workspace_id = l.workspace_id AND a.id = l.account_id
     WHERE l.workspace_id = $1 AND l.platform = $2 AND l.host = $3 AND l.object_type = $4 AND l.record_id = $5`,
    [workspace, l.platform, l.host.toLowerCase(), l.objectType, l.recordId],
  );
  return r.rows[0]?.data ?? null;
}

async function putAccountRow(q: Queryable, workspace: string, a: Account, insert: boolean): Promise<void> {
  const params = [
    workspace,
    a.id,
    a.name,
    normaliseAccountName(a.name),
    a.websiteDomain ? normaliseDomain(a.websiteDomain) || null : null,
    a.version,
    a.createdAt,
    a.updatedAt,
    JSON.stringify(a),
  ];
  if (insert) {
    await q.query(
      `INSERT INTO accounts (workspace_id, id, name, name_key, domain_key, version, created_at, updated_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
       ON CONFLICT (workspace_id, id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, domain_key = EXCLUDED.domain_key,
         version = EXCLUDED.version, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`,
      params,
    );
  } else {
    await q.query(
      `UPDATE accounts SET name = $3, name_key = $4, domain_key = $5, version = $6, created_at = $7, updated_at = $8, data = $9::jsonb
       WHERE workspace_id = $1 AND id = $2`,
      params,
    );
  }
  await writeLinks(q, workspace, a);
}

export async function getAccount(q: Queryable, workspace: string, id: string, lock = false): Promise<Account | null> {
  const r = await q.query<DataRow<Account>>(`SELECT data FROM accounts WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
    workspace,
    id,
  ]);
  return r.rows[0]?.data ?? null;
}

async function requireAccount(q: Queryable, workspace: string, id: string, lock = false): Promise<Account> {
  const a = await getAccount(q, workspace, id, lock);
  if (!a) throw new ApiError('not-found', `account ${id} not found`);
  return a;
}

export async function listAccounts(
  q: Queryable,
  workspace: string,
  query: { search?: string; limit: number; cursor?: string },
): Promise<AccountPage> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [workspace];
  const search = query.search?.trim();
  if (search) {
    params.push(likePattern(search.toLowerCase()));
    const ors = [`lower(name) LIKE $${params.length}`, `domain_key LIKE $${params.length}`];
    // Punctuation-only searches normalise to nothing, which would match every name.
    const key = normaliseAccountName(search);
    if (key) {
      params.push(likePattern(key));
      ors.push(`name_key LIKE $${params.length}`);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  const total = Number(
    (await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM accounts WHERE ${where.join(' AND ')}`, params)).rows[0]?.n ?? 0,
  );
  const after = decodeCursor(query.cursor, 2);
  const pageParams = [...params];
  const pageWhere = [...where];
  if (after) {
    pageParams.push(after[0], after[1]);
    pageWhere.push(`(name_key, id) > ($${pageParams.length - 1}, $${pageParams.length})`);
  }
  pageParams.push(query.limit + 1);
  const r = await q.query<{ data: Account; name_key: string; id: string }>(
    `SELECT data, name_key, id FROM accounts WHERE ${pageWhere.join(' AND ')} ORDER BY name_key, id LIMIT $${pageParams.length}`,
    pageParams,
  );
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((row) => summary(row.data)),
    nextCursor: r.rows.length > query.limit && last ? encodeCursor([last.name_key, last.id]) : null,
    total,
  };
}

export async function createAccount(db: Db, workspace: string, draft: z.infer<typeof AccountCreateBodySchema>): Promise<Account> {
  const at = nowIso();
  const account = parseOrThrow(AccountSchema, { ...draft, id: randomUUID(), version: 1, createdAt: at, updatedAt: at }, 'account');
  await db.transaction((tx) => putAccountRow(tx, workspace, account, true));
  return account;
}

export async function patchAccount(
  db: Db,
  workspace: string,
  id: string,
  patch: z.infer<typeof AccountPatchBodySchema>,
  expected: number,
): Promise<Account> {
  return db.transaction(async (tx) => {
    const current = await requireAccount(tx, workspace, id, true);
    if (current.version !== expected) throw stale(current);
    const next = parseOrThrow(AccountSchema, { ...current, ...patch, version: current.version + 1, updatedAt: nowIso() }, 'account');
    await putAccountRow(tx, workspace, next, false);
    return next;
  });
}

export async function linkRecord(db: Db, workspace: string, id: string, link: CrmLink): Promise<Account> {
  return db.transaction(async (tx) => {
    const current = await requireAccount(tx, workspace, id, true);
    const norm = { ...link, host: link.host.toLowerCase() };
    const owner = await linkedAccount(tx, workspace, norm);
    if (owner && owner.id !== id) {
      throw new ApiError('conflict', `${link.platform} record ${link.recordId} is already linked to another account`, { current: owner });
    }
    if (owner) return current;
    const next = parseOrThrow(
      AccountSchema,
      { ...current, crmRefs: [...current.crmRefs, norm], version: current.version + 1, updatedAt: nowIso() },
      'account',
    );
    await putAccountRow(tx, workspace, next, false);
    return next;
  });
}

function stale(current: unknown): ApiError {
  return new ApiError('version-mismatch', 'the record changed since you read it; compare with the current version and retry', { current });
}

// ---------------------------------------------------------------------------
// Resolve and context
// ---------------------------------------------------------------------------

export async function resolve(q: Queryable, workspace: string, ref: CrmRecordRef): Promise<ResolveResult> {
  const exact = await linkedAccount(q, workspace, ref);
  if (exact) return { status: 'linked', accountId: exact.id, matchedBy: 'record' };

  const candidatesBy = async (column: 'domain_key' | 'name_key', key: string) =>
    (
      await q.query<DataRow<Account>>(`SELECT data FROM accounts WHERE workspace_id = $1 AND ${column} = $2 ORDER BY name_key, id LIMIT 20`, [
        workspace,
        key,
      ])
    ).rows.map((r) => r.data);

  const domain = ref.websiteDomain ? normaliseDomain(ref.websiteDomain) : '';
  if (domain) {
    const found = await candidatesBy('domain_key', domain);
    if (found.length === 1) return { status: 'linked', accountId: found[0]!.id, matchedBy: 'domain' };
    if (found.length > 1) return { status: 'not-linked', reason: 'ambiguous', candidates: found.map(summary) };
  }
  const name = ref.name ? normaliseAccountName(ref.name) : '';
  if (name) {
    const found = await candidatesBy('name_key', name);
    if (found.length === 1) return { status: 'linked', accountId: found[0]!.id, matchedBy: 'name' };
    if (found.length > 1) return { status: 'not-linked', reason: 'ambiguous', candidates: found.map(summary) };
  }
  return { status: 'not-linked', reason: 'unknown', candidates: [] };
}

async function handoffFor(q: Queryable, workspace: string, accountId: string): Promise<HandoffAnswers> {
  const r = await q.query<{ item_id: string; data: HandoffAnswer }>(
    'SELECT item_id, data FROM handoff_answers WHERE workspace_id = $1 AND account_id = $2 ORDER BY item_id',
    [workspace, accountId],
  );
  return { accountId, answers: Object.fromEntries(r.rows.map((row) => [row.item_id, row.data])) };
}

async function approvalFor(q: Queryable, workspace: string, accountId: string, lock = false): Promise<IcpApproval | null> {
  const r = await q.query<DataRow<IcpApproval>>(
    `SELECT data FROM approvals WHERE workspace_id = $1 AND account_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [workspace, accountId],
  );
  return r.rows[0]?.data ?? null;
}

// One round trip returning one JSON text: the side panel asks for this on
// every CRM page view, and parsing one string is cheaper than decoding rows.
export async function accountContext(q: Queryable, workspace: string, id: string): Promise<AccountContext> {
  const r = await q.query<{ ctx: string }>(
    `SELECT jsonb_build_object(
       'account', a.data,
       'snapshots', COALESCE((SELECT jsonb_agg(s.data ORDER BY s.date, s.id) FROM snapshots s WHERE s.workspace_id = $1 AND s.account_id = $2), '[]'::jsonb),
       'commitments', COALESCE((SELECT jsonb_agg(c.data ORDER BY c.created_at, c.id) FROM commitments c WHERE c.workspace_id = $1 AND c.account_id = $2), '[]'::jsonb),
       'flags', COALESCE((SELECT jsonb_agg(f.data ORDER BY f.created_at, f.id) FROM flags f WHERE f.workspace_id = $1 AND f.account_id = $2), '[]'::jsonb),
       'handoff', jsonb_build_object('accountId', $2::text, 'answers',
         COALESCE((SELECT jsonb_object_agg(h.item_id, h.data) FROM handoff_answers h WHERE h.workspace_id = $1 AND h.account_id = $2), '{}'::jsonb)),
       'approval', (SELECT p.data FROM approvals p WHERE p.workspace_id = $1 AND p.account_id = $2)
     )::text AS ctx
     FROM accounts a WHERE a.workspace_id = $1 AND a.id = $2`,
    [workspace, id],
  );
  const row = r.rows[0];
  if (!row) throw new ApiError('not-found', `account ${id} not found`);
  return JSON.parse(row.ctx) as AccountContext;
}

// ---------------------------------------------------------------------------
// Snapshots, commitments, flags
// ---------------------------------------------------------------------------

async function putSnapshot(q: Queryable, workspace: string, s: HealthSnapshot): Promise<void> {
  await q.query(
    `INSERT INTO snapshots (workspace_id, id, account_id, date, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (workspace_id, id) DO UPDATE SET account_id = EXCLUDED.account_id, date = EXCLUDED.date, data = EXCLUDED.data`,
    [workspace, s.id, s.accountId, s.date, JSON.stringify(s)],
  );
}

export async function addSnapshot(db: Db, workspace: string, accountId: string, body: SnapshotBody): Promise<HealthSnapshot> {
  await requireAccount(db, workspace, accountId);
  const snapshot = parseOrThrow(HealthSnapshotSchema, { ...body, id: randomUUID(), accountId }, 'snapshot');
  await putSnapshot(db, workspace, snapshot);
  return snapshot;
}

type Tracked = 'commitments' | 'flags';

async function putTracked(q: Queryable, workspace: string, table: Tracked, rec: Commitment | RiskFlag): Promise<void> {
  const base = [workspace, rec.id, rec.accountId, rec.version, rec.createdAt, rec.updatedAt, JSON.stringify(rec)];
  const sets = `account_id = EXCLUDED.account_id, version = EXCLUDED.version, created_at = EXCLUDED.created_at,
    updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`;
  if (table === 'commitments') {
    await q.query(
      `INSERT INTO commitments (workspace_id, id, account_id, version, created_at, updated_at, data, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       ON CONFLICT (workspace_id, id) DO UPDATE SET ${sets}, status = EXCLUDED.status`,
      [...base, (rec as Commitment).status],
    );
  } else {
    await q.query(
      `INSERT INTO flags (workspace_id, id, account_id, version, created_at, updated_at, data, severity, resolved)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
       ON CONFLICT (workspace_id, id) DO UPDATE SET ${sets}, severity = EXCLUDED.severity, resolved = EXCLUDED.resolved`,
      [...base, (rec as RiskFlag).severity, (rec as RiskFlag).resolved],
    );
  }
}

async function audit(
  q: Queryable,
  actor: Actor,
  entry: { entity: AuditEntry['entity']; entityId: string; accountId: string | null; action: AuditEntry['action']; before: unknown; after: unknown },
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (workspace_id, at, token_id, actor_name, entity, entity_id, account_id, action, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    [
      actor.workspace,
      nowIso(),
      actor.tokenId,
      actor.name,
      entry.entity,
      entry.entityId,
      entry.accountId,
      entry.action,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
    ],
  );
}

async function checkAccountRef(q: Queryable, workspace: string, accountId: string | null | undefined): Promise<void> {
  if (accountId && !(await getAccount(q, workspace, accountId))) {
    throw new ApiError('validation', `accountId: account ${accountId} not found`, { field: 'accountId' });
  }
}

const TRACKED = {
  commitments: { schema: CommitmentSchema, entity: 'commitment', label: 'commitment' },
  flags: { schema: RiskFlagSchema, entity: 'flag', label: 'flag' },
} as const;

async function createTracked<T extends Commitment | RiskFlag>(
  db: Db,
  actor: Actor,
  table: Tracked,
  draft: object & { accountId: string | null },
): Promise<T> {
  const spec = TRACKED[table];
  const at = nowIso();
  const rec = parseOrThrow(spec.schema, { ...draft, id: randomUUID(), version: 1, createdAt: at, updatedAt: at }, spec.label) as T;
  await db.transaction(async (tx) => {
    await checkAccountRef(tx, actor.workspace, rec.accountId);
    await putTracked(tx, actor.workspace, table, rec);
    await audit(tx, actor, { entity: spec.entity, entityId: rec.id, accountId: rec.accountId, action: 'create', before: null, after: rec });
  });
  return rec;
}

async function patchTracked<T extends Commitment | RiskFlag>(
  db: Db,
  actor: Actor,
  table: Tracked,
  id: string,
  patch: object,
  expected: number,
): Promise<T> {
  const spec = TRACKED[table];
  return db.transaction(async (tx) => {
    const r = await tx.query<DataRow<T>>(`SELECT data FROM ${table} WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [actor.workspace, id]);
    const current = r.rows[0]?.data;
    if (!current) throw new ApiError('not-found', `${spec.label} ${id} not found`);
    if (current.version !== expected) throw stale(current);
    const next = parseOrThrow(spec.schema, { ...current, ...patch, version: current.version + 1, updatedAt: nowIso() }, spec.label) as T;
    if (next.accountId !== current.accountId) await checkAccountRef(tx, actor.workspace, next.accountId);
    await putTracked(tx, actor.workspace, table, next);
    await audit(tx, actor, { entity: spec.entity, entityId: id, accountId: next.accountId, action: 'update', before: current, after: next });
    return next;
  });
}

export const createCommitment = (db: Db, actor: Actor, draft: z.infer<typeof CommitmentCreateBodySchema>) =>
  createTracked<Commitment>(db, actor, 'commitments', draft);
export const patchCommitment = (db: Db, actor: Actor, id: string, patch: z.infer<typeof CommitmentPatchBodySchema>, expected: number) =>
  patchTracked<Commitment>(db, actor, 'commitments', id, patch, expected);
export const createFlag = (db: Db, actor: Actor, draft: z.infer<typeof FlagCreateBodySchema>) => createTracked<RiskFlag>(db, actor, 'flags', draft);
export const patchFlag = (db: Db, actor: Actor, id: string, patch: z.infer<typeof FlagPatchBodySchema>, expected: number) =>
  patchTracked<RiskFlag>(db, actor, 'flags', id, patch, expected);

export async function listTracked<T>(
  q: Queryable,
  workspace: string,
  table: Tracked,
  accountId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<T>> {
  await requireAccount(q, workspace, accountId);
  const total = Number(
    (await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE workspace_id = $1 AND account_id = $2`, [workspace, accountId]))
      .rows[0]?.n ?? 0,
  );
  const after = decodeCursor(page.cursor, 2);
  const params: unknown[] = [workspace, accountId];
  let cond = '';
  if (after) {
    params.push(after[0], after[1]);
    cond = ' AND (created_at, id) > ($3, $4)';
  }
  params.push(page.limit + 1);
  const r = await q.query<{ data: T; created_at: string; id: string }>(
    `SELECT data, created_at, id FROM ${table} WHERE workspace_id = $1 AND account_id = $2${cond} ORDER BY created_at, id LIMIT $${params.length}`,
    params,
  );
  const rows = r.rows.slice(0, page.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((row) => row.data),
    nextCursor: r.rows.length > page.limit && last ? encodeCursor([last.created_at, last.id]) : null,
    total,
  };
}

export async function listUnassigned(q: Queryable, workspace: string): Promise<Unassigned> {
  const [c, f] = await Promise.all([
    q.query<DataRow<Commitment>>('SELECT data FROM commitments WHERE workspace_id = $1 AND account_id IS NULL ORDER BY created_at, id', [workspace]),
    q.query<DataRow<RiskFlag>>('SELECT data FROM flags WHERE workspace_id = $1 AND account_id IS NULL ORDER BY created_at, id', [workspace]),
  ]);
  return { commitments: c.rows.map((r) => r.data), flags: f.rows.map((r) => r.data) };
}

// ---------------------------------------------------------------------------
// Handoff answers: one version per item
// ---------------------------------------------------------------------------

export async function putHandoffAnswer(
  db: Db,
  actor: Actor,
  accountId: string,
  itemId: string,
  body: HandoffAnswerBody,
  ifMatch: number | null,
): Promise<{ answers: HandoffAnswers; version: number }> {
  return db.transaction(async (tx) => {
    await requireAccount(tx, actor.workspace, accountId);
    const r = await tx.query<DataRow<HandoffAnswer>>(
      'SELECT data FROM handoff_answers WHERE workspace_id = $1 AND account_id = $2 AND item_id = $3 FOR UPDATE',
      [actor.workspace, accountId, itemId],
    );
    const before = r.rows[0]?.data ?? null;
    if (before && ifMatch === null) {
      throw new ApiError('precondition-required', `item ${itemId} already has an answer; send If-Match with its version`, {
        current: await handoffFor(tx, actor.workspace, accountId),
      });
    }
    if (ifMatch !== null && before?.version !== ifMatch) throw stale(await handoffFor(tx, actor.workspace, accountId));
    const answer = parseOrThrow(
      HandoffAnswerSchema,
      { done: body.done, ...(body.note !== undefined ? { note: body.note } : {}), by: body.by, at: nowIso(), version: (before?.version ?? 0) + 1 },
      'answer',
    );
    if (before) {
      await tx.query('UPDATE handoff_answers SET version = $4, data = $5::jsonb WHERE workspace_id = $1 AND account_id = $2 AND item_id = $3', [
        actor.workspace,
        accountId,
        itemId,
        answer.version,
        JSON.stringify(answer),
      ]);
    } else {
      const ins = await tx.query(
        `INSERT INTO handoff_answers (workspace_id, account_id, item_id, version, data) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
        [actor.workspace, accountId, itemId, answer.version, JSON.stringify(answer)],
      );
      // Another writer created the answer between our read and insert.
      if (ins.rowCount === 0) throw stale(await handoffFor(tx, actor.workspace, accountId));
    }
    await audit(tx, actor, {
      entity: 'handoff',
      entityId: `${accountId}/${itemId}`,
      accountId,
      action: before ? 'update' : 'create',
      before,
      after: answer,
    });
    return { answers: await handoffFor(tx, actor.workspace, accountId), version: answer.version };
  });
}

// ---------------------------------------------------------------------------
// ICP approvals
// ---------------------------------------------------------------------------

async function putApproval(q: Queryable, workspace: string, a: IcpApproval): Promise<void> {
  await q.query(
    `INSERT INTO approvals (workspace_id, account_id, status, version, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (workspace_id, account_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, data = EXCLUDED.data`,
    [workspace, a.accountId, a.status, a.version, JSON.stringify(a)],
  );
}

export async function requestApproval(
  db: Db,
  workspace: string,
  accountId: string,
  body: ApprovalRequestBody,
  ifMatch: number | null,
): Promise<IcpApproval> {
  return db.transaction(async (tx) => {
    await requireAccount(tx, workspace, accountId);
    const current = await approvalFor(tx, workspace, accountId, true);
    if (current && ifMatch !== null && current.version !== ifMatch) throw stale(current);
    if (current?.status === 'requested' && ifMatch === null) {
      throw new ApiError('conflict', 'an approval is already pending for this account', { current });
    }
    const at = nowIso();
    const next = parseOrThrow(
      IcpApprovalSchema,
      {
        accountId,
        status: 'requested',
        requestedBy: body.requestedBy,
        requestedAt: at,
        reason: body.reason,
        tradeOffs: body.tradeOffs,
        version: (current?.version ?? 0) + 1,
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      },
      'approval',
    );
    await putApproval(tx, workspace, next);
    return next;
  });
}

export async function decideApproval(
  db: Db,
  workspace: string,
  accountId: string,
  body: ApprovalDecisionBody,
  expected: number,
): Promise<IcpApproval> {
  return db.transaction(async (tx) => {
    await requireAccount(tx, workspace, accountId);
    const current = await approvalFor(tx, workspace, accountId, true);
    if (!current) throw new ApiError('not-found', 'no approval has been requested for this account');
    if (current.version !== expected) throw stale(current);
    if (current.status !== 'requested') throw new ApiError('conflict', `the approval was already ${current.status}`, { current });
    const at = nowIso();
    const next = parseOrThrow(
      IcpApprovalSchema,
      {
        ...current,
        status: body.status,
        decidedBy: body.decidedBy,
        decidedAt: at,
        ...(body.decisionNote !== undefined ? { decisionNote: body.decisionNote } : {}),
        version: current.version + 1,
        updatedAt: at,
      },
      'approval',
    );
    await putApproval(tx, workspace, next);
    return next;
  });
}

// ---------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------

interface AuditRow {
  seq: string;
  at: string;
  token_id: string;
  actor_name: string;
  entity: AuditEntry['entity'];
  entity_id: string;
  account_id: string | null;
  action: AuditEntry['action'];
  before: unknown;
  after: unknown;
}

export async function listAudit(
  q: Queryable,
  workspace: string,
  query: { entity?: AuditEntry['entity']; id?: string; limit: number; cursor?: string },
): Promise<Page<AuditEntry>> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [workspace];
  if (query.entity) {
    params.push(query.entity);
    where.push(`entity = $${params.length}`);
  }
  if (query.id) {
    params.push(query.id);
    where.push(`entity_id = $${params.length}`);
  }
  const total = Number(
    (await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE ${where.join(' AND ')}`, params)).rows[0]?.n ?? 0,
  );
  const after = decodeCursor(query.cursor, 1);
  if (after) {
    if (!/^\d{1,18}$/.test(after[0]!)) throw new ApiError('validation', 'cursor: not a cursor this server issued', { field: 'cursor' });
    params.push(after[0]);
    where.push(`seq > $${params.length}::bigint`);
  }
  params.push(query.limit + 1);
  const r = await q.query<AuditRow>(
    `SELECT seq::text AS seq, at, token_id, actor_name, entity, entity_id, account_id, action, before, after
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`,
    params,
  );
  const rows = r.rows.slice(0, query.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map((row) => ({
      id: row.seq,
      at: row.at,
      actor: { tokenId: row.token_id, name: row.actor_name },
      entity: row.entity,
      entityId: row.entity_id,
      accountId: row.account_id,
      action: row.action,
      before: row.before ?? null,
      after: row.after ?? null,
    })),
    nextCursor: r.rows.length > query.limit && last ? encodeCursor([last.seq]) : null,
    total,
  };
}

// ---------------------------------------------------------------------------
// Export and import
// ---------------------------------------------------------------------------

export async function exportAll(q: Queryable, workspace: string): Promise<ExportBundle> {
  const all = async <T>(sql: string) => (await q.query<DataRow<T>>(sql, [workspace])).rows.map((r) => r.data);
  const [accounts, snapshots, commitments, flags, approvals] = await Promise.all([
    all<Account>('SELECT data FROM accounts WHERE workspace_id = $1 ORDER BY id'),
    all<HealthSnapshot>('SELECT data FROM snapshots WHERE workspace_id = $1 ORDER BY id'),
    all<Commitment>('SELECT data FROM commitments WHERE workspace_id = $1 ORDER BY id'),
    all<RiskFlag>('SELECT data FROM flags WHERE workspace_id = $1 ORDER BY id'),
    all<IcpApproval>('SELECT data FROM approvals WHERE workspace_id = $1 ORDER BY account_id'),
  ]);
  const answers = await q.query<{ account_id: string; item_id: string; data: HandoffAnswer }>(
    'SELECT account_id, item_id, data FROM handoff_answers WHERE workspace_id = $1 ORDER BY account_id, item_id',
    [workspace],
  );
  const handoff = new Map<string, HandoffAnswers>();
  for (const row of answers.rows) {
    const h = handoff.get(row.account_id) ?? { accountId: row.account_id, answers: {} };
    h.answers[row.item_id] = row.data;
    handoff.set(row.account_id, h);
  }
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: nowIso(),
    accounts,
    snapshots,
    commitments,
    flags,
    handoff: [...handoff.values()],
    approvals,
  };
}

const WORKSPACE_TABLES = ['account_links', 'snapshots', 'commitments', 'flags', 'handoff_answers', 'approvals', 'accounts'] as const;

export async function importAll(db: Db, workspace: string, bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    if (mode === 'replace') {
      for (const t of WORKSPACE_TABLES) await tx.query(`DELETE FROM ${t} WHERE workspace_id = $1`, [workspace]);
    }
    // Links are rewritten per account, so clear every imported account's first:
    // a record moving between two imported accounts must not trip over itself.
    for (const a of bundle.accounts) await tx.query('DELETE FROM account_links WHERE workspace_id = $1 AND account_id = $2', [workspace, a.id]);
    for (const a of bundle.accounts) await putAccountRow(tx, workspace, a, true);
    for (const s of bundle.snapshots) await putSnapshot(tx, workspace, s);
    for (const c of bundle.commitments) await putTracked(tx, workspace, 'commitments', c);
    for (const f of bundle.flags) await putTracked(tx, workspace, 'flags', f);
    let handoff = 0;
    for (const h of bundle.handoff) {
      for (const [itemId, answer] of Object.entries(h.answers)) {
        handoff++;
        await tx.query(
          `INSERT INTO handoff_answers (workspace_id, account_id, item_id, version, data) VALUES ($1, $2, $3, $4, $5::jsonb)
           ON CONFLICT (workspace_id, account_id, item_id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data`,
          [workspace, h.accountId, itemId, answer.version, JSON.stringify(answer)],
        );
      }
    }
    for (const a of bundle.approvals) await putApproval(tx, workspace, a);
    return {
      accounts: bundle.accounts.length,
      snapshots: bundle.snapshots.length,
      commitments: bundle.commitments.length,
      flags: bundle.flags.length,
      handoff,
      approvals: bundle.approvals.length,
    };
  });
}

// ---------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_ABANDONED_MS = 5 * 60 * 1000;

/** Forgets keys older than the retention period; returns how many. */
export async function sweepIdempotencyKeys(q: Queryable, now = Date.now()): Promise<number> {
  const r = await q.query('DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now - IDEMPOTENCY_RETENTION_MS).toISOString()]);
  return r.rowCount;
}

export type IdempotencyClaim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in-flight' };

export async function claimIdempotencyKey(q: Queryable, workspace: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
  const ins = await q.query(
    'INSERT INTO idempotency_keys (workspace_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [workspace, key, requestHash, nowIso()],
  );
  if (ins.rowCount === 1) return { kind: 'claimed' };
  const r = await q.query<{ request_hash: string; status: number | null; headers: Record<string, string> | null; body: string | null }>(
    'SELECT request_hash, status, headers, body FROM idempotency_keys WHERE workspace_id = $1 AND key = $2',
    [workspace, key],
  );
  const row = r.rows[0];
  if (!row) return claimIdempotencyKey(q, workspace, key, requestHash);
  if (row.request_hash !== requestHash) return { kind: 'mismatch' };
  if (row.status === null) {
    // A claim left behind by a process that died mid-request must not block the key forever.
    const taken = await q.query(
      'UPDATE idempotency_keys SET created_at = $4 WHERE workspace_id = $1 AND key = $2 AND status IS NULL AND created_at < $3',
      [workspace, key, new Date(Date.now() - IDEMPOTENCY_ABANDONED_MS).toISOString(), nowIso()],
    );
    return taken.rowCount === 1 ? { kind: 'claimed' } : { kind: 'in-flight' };
  }
  return { kind: 'replay', response: { status: row.status, headers: row.headers ?? {}, body: row.body ?? '' } };
}

export async function completeIdempotencyKey(q: Queryable, workspace: string, key: string, response: StoredResponse | null): Promise<void> {
  if (response === null) {
    await q.query('DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2 AND status IS NULL', [workspace, key]);
    return;
  }
  await q.query('UPDATE idempotency_keys SET status = $3, headers = $4::jsonb, body = $5 WHERE workspace_id = $1 AND key = $2', [
    workspace,
    key,
    response.status,
    JSON.stringify(response.headers),
    response.body,
  ]);
}
