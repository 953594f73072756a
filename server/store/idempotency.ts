import type { Queryable } from '../db';
import { nowIso } from './shared';

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
