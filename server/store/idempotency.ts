import type { Queryable } from '../base/db';
import { nowIso } from './shared';

// A key's row is claimed (status NULL) before its request runs, and its
// response is stored in the same transaction as the request's writes. So a
// key either has a stored response, and its write committed exactly once, or
// it has none, and nothing of its write committed: a claim left by a process
// that died can be taken over once the in-flight window has passed without
// risk of applying the write twice.

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How long a claim without a stored response is treated as still running. */
export const IDEMPOTENCY_IN_FLIGHT_MS = 5 * 60 * 1000;

/** Forgets keys older than the retention period; returns how many. */
export async function sweepIdempotencyKeys(q: Queryable, now = Date.now()): Promise<number> {
  const r = await q.query('DELETE FROM idempotency_keys WHERE created_at < $1', [new Date(now - IDEMPOTENCY_RETENTION_MS).toISOString()]);
  return r.rowCount;
}

export type IdempotencyClaim =
  { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } | { kind: 'in-flight'; retryAfterSeconds: number };

interface KeyRow {
  request_hash: string;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  claim: string | null;
  claimed_at: string | null;
  created_at: string;
}

/** Claims `key` for the attempt `claim`, or says why this attempt may not run. Commits on its own, before the request's transaction. */
export async function claimIdempotencyKey(
  q: Queryable,
  workspace: string,
  key: string,
  requestHash: string,
  claim: string,
  inFlightMs = IDEMPOTENCY_IN_FLIGHT_MS,
): Promise<IdempotencyClaim> {
  for (;;) {
    const at = nowIso();
    const ins = await q.query(
      `INSERT INTO idempotency_keys (workspace_id, key, request_hash, created_at, claim, claimed_at)
       VALUES ($1, $2, $3, $4, $5, $4) ON CONFLICT DO NOTHING`,
      [workspace, key, requestHash, at, claim],
    );
    if (ins.rowCount === 1) return { kind: 'claimed' };
    const r = await q.query<KeyRow>(
      'SELECT request_hash, status, headers, body, claim, claimed_at, created_at FROM idempotency_keys WHERE workspace_id = $1 AND key = $2',
      [workspace, key],
    );
    const row = r.rows[0];
    if (!row) continue; // released between the insert and the read: claim again
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status !== null) return { kind: 'replay', response: { status: row.status, headers: row.headers ?? {}, body: row.body ?? '' } };
    const until = Date.parse(row.claimed_at ?? row.created_at) + inFlightMs;
    const now = Date.now();
    if (until > now) return { kind: 'in-flight', retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
    // Take over only the claim we saw: if its attempt is still committing,
    // this waits for it and then matches nothing, and the next read replays.
    const taken = await q.query(
      `UPDATE idempotency_keys SET claim = $3, claimed_at = $4
       WHERE workspace_id = $1 AND key = $2 AND status IS NULL AND claim IS NOT DISTINCT FROM $5`,
      [workspace, key, claim, at, row.claim],
    );
    if (taken.rowCount === 1) return { kind: 'claimed' };
  }
}

/** Inside the request's transaction: locks the key, true while `claim` still holds it unanswered. */
export async function holdIdempotencyClaim(q: Queryable, workspace: string, key: string, claim: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM idempotency_keys WHERE workspace_id = $1 AND key = $2 AND claim = $3 AND status IS NULL FOR UPDATE', [
    workspace,
    key,
    claim,
  ]);
  return r.rows.length === 1;
}

/** Inside the request's transaction: the answer every later retry of the key receives. */
export async function completeIdempotencyKey(q: Queryable, workspace: string, key: string, response: StoredResponse): Promise<void> {
  await q.query('UPDATE idempotency_keys SET status = $3, headers = $4::jsonb, body = $5 WHERE workspace_id = $1 AND key = $2', [
    workspace,
    key,
    response.status,
    JSON.stringify(response.headers),
    response.body,
  ]);
}

/** Frees a key whose attempt failed without writing, so a retry can run at once. */
export async function releaseIdempotencyKey(q: Queryable, workspace: string, key: string, claim: string): Promise<void> {
  await q.query('DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2 AND claim = $3 AND status IS NULL', [workspace, key, claim]);
}
