import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CommitmentSchema, RiskFlagSchema, type Commitment, type RiskFlag } from '../../lib/core/domain';
import type { CommitmentCreateBodySchema, CommitmentPatchBodySchema, FlagCreateBodySchema, FlagPatchBodySchema } from '../../lib/core/http-contract';
import type { Unassigned } from '../../lib/core/model';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { getAccount, requireAccount } from './accounts';
import { audit } from './audit';
import { decodeCursor, encodeCursor, nowIso, parseOrThrow, putRows, stale, type Actor, type BulkRows, type DataRow, type Page } from './shared';

// Commitments and risk flags: versioned, audited, optionally tied to an account.

type Tracked = 'commitments' | 'flags';

const TRACKED_COLUMNS = "$1, e->>'id', e->>'accountId', (e->>'version')::int, e->>'createdAt', e->>'updatedAt', e";
const TRACKED_UPDATE = `account_id = EXCLUDED.account_id, version = EXCLUDED.version, created_at = EXCLUDED.created_at,
  updated_at = EXCLUDED.updated_at, data = EXCLUDED.data`;
const TRACKED_ROWS: { commitments: BulkRows<Commitment>; flags: BulkRows<RiskFlag> } = {
  commitments: {
    into: 'commitments (workspace_id, id, account_id, version, created_at, updated_at, data, status)',
    select: `${TRACKED_COLUMNS}, e->>'status'`,
    conflict: `ON CONFLICT (workspace_id, id) DO UPDATE SET ${TRACKED_UPDATE}, status = EXCLUDED.status`,
    key: (c) => c.id,
  },
  flags: {
    into: 'flags (workspace_id, id, account_id, version, created_at, updated_at, data, severity, resolved)',
    select: `${TRACKED_COLUMNS}, e->>'severity', (e->>'resolved')::boolean`,
    conflict: `ON CONFLICT (workspace_id, id) DO UPDATE SET ${TRACKED_UPDATE}, severity = EXCLUDED.severity, resolved = EXCLUDED.resolved`,
    key: (f) => f.id,
  },
};

export function putCommitments(q: Queryable, workspace: string, commitments: readonly Commitment[]): Promise<void> {
  return putRows(q, workspace, commitments, TRACKED_ROWS.commitments);
}

export function putFlags(q: Queryable, workspace: string, flags: readonly RiskFlag[]): Promise<void> {
  return putRows(q, workspace, flags, TRACKED_ROWS.flags);
}

function putTracked(q: Queryable, workspace: string, table: Tracked, rec: Commitment | RiskFlag): Promise<void> {
  return table === 'commitments' ? putCommitments(q, workspace, [rec as Commitment]) : putFlags(q, workspace, [rec as RiskFlag]);
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
