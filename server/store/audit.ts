import type { AuditEntry } from '../../lib/core/http-contract';
import type { Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { recordChange } from './events';
import { decodeCursor, encodeCursor, nowIso, type Actor, type Page } from './shared';

type AuditInput = {
  entity: AuditEntry['entity'];
  entityId: string;
  accountId: string | null;
  action: AuditEntry['action'];
  before: unknown;
  after: unknown;
};

/**
 * Appends one entry; callers write it in the same transaction as the change it
 * describes, as its last step: it also publishes the change on the live feed
 * (for each account it touched, when it moved between two).
 */
export async function audit(q: Queryable, actor: Actor, entry: AuditInput): Promise<void> {
  await appendAudit(q, actor, entry);
  const left = accountOf(entry.before);
  if (left && left !== entry.accountId) await recordChange(q, actor.workspace, { kind: entry.entity, entityId: entry.entityId, accountId: left });
  await recordChange(q, actor.workspace, { kind: entry.entity, entityId: entry.entityId, accountId: entry.accountId });
}

/** Appends one entry without publishing it: for a write of many records that the live feed announces once. */
export async function appendAudit(q: Queryable, actor: Actor, entry: AuditInput): Promise<void> {
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

function accountOf(record: unknown): string | null {
  const id = record !== null && typeof record === 'object' ? (record as { accountId?: unknown }).accountId : null;
  return typeof id === 'string' ? id : null;
}

interface AuditRow {
  seq: string;
  at: string;
  token_id: string;
  actor_name: string;
  entity: AuditEntry['entity'];
  entity_id: string;
  account_id: string | null;
  action: AuditEntry['action'];
  before: AuditEntry['before'];
  after: AuditEntry['after'];
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
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY audit_log.seq LIMIT $${params.length}`,
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
