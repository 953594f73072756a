import { z } from 'zod';
import { LIVE_RETAINED_EVENTS, LiveChangeSchema, type LiveChange, type LiveKind } from '../../lib/core/live';
import type { Queryable } from '../base/db';
import { nowIso } from './shared';

// The live feed's source: every write records what it changed here, in its
// own transaction, as its last step. The counter row stays locked until the
// writer commits, so a workspace's sequence numbers commit in order and a
// reader that has seen n has seen everything before n. The NOTIFY goes out on
// commit (never for a rolled-back write) to every server on the database.

export const CHANGE_CHANNEL = 'seamline_changes';

export interface Change {
  kind: LiveKind;
  entityId: string | null;
  accountId: string | null;
  // Every account a change of many touched (a merging import), when it can name them.
  accountIds?: readonly string[];
}

/** How often (in sequence numbers) a writer also prunes what resuming clients can no longer need. */
const PRUNE_EVERY = 500;

/** Call last in the writing transaction (it locks the workspace's counter until commit). */
export async function recordChange(q: Queryable, workspace: string, change: Change): Promise<void> {
  const r = await q.query<{ seq: string }>(
    `INSERT INTO change_seq (workspace_id, seq) VALUES ($1, 1)
     ON CONFLICT (workspace_id) DO UPDATE SET seq = change_seq.seq + 1 RETURNING seq::text AS seq`,
    [workspace],
  );
  const seq = Number(r.rows[0]!.seq);
  await q.query(
    'INSERT INTO change_events (workspace_id, seq, kind, entity_id, account_id, at, account_ids) VALUES ($1, $2, $3, $4, $5, $6, $7::text[])',
    [workspace, seq, change.kind, change.entityId, change.accountId, nowIso(), change.accountIds ? [...change.accountIds] : null],
  );
  // Identical payloads in one transaction arrive once: the listener reads everything new anyway.
  await q.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, workspace]);
  if (seq % PRUNE_EVERY === 0) {
    await q.query('DELETE FROM change_events WHERE workspace_id = $1 AND seq <= $2', [workspace, seq - LIVE_RETAINED_EVENTS]);
  }
}

/** The workspace's last committed sequence number (0 before its first change). */
export async function latestChangeSeq(q: Queryable, workspace: string): Promise<number> {
  const r = await q.query<{ seq: string }>('SELECT seq::text AS seq FROM change_seq WHERE workspace_id = $1', [workspace]);
  return Number(r.rows[0]?.seq ?? 0);
}

/** Whether every change after `after` is still kept, so a client that saw `after` can catch up from the log. */
export async function canResumeFrom(q: Queryable, workspace: string, after: number): Promise<boolean> {
  const latest = await latestChangeSeq(q, workspace);
  // Ahead of this workspace: the client's number came from another database.
  if (after > latest) return false;
  if (after === latest) return true;
  const r = await q.query<{ seq: string }>('SELECT seq::text AS seq FROM change_events WHERE workspace_id = $1 AND seq = $2', [workspace, after + 1]);
  return r.rows.length === 1;
}

const ChangedAccountsRowSchema = z.object({ seq: z.string().regex(/^\d+$/), account_ids: z.array(z.string()) });

/** The accounts each of the changes `seqs` named as touched (`Change.accountIds`); a change that named none is absent. */
export async function changedAccounts(q: Queryable, workspace: string, seqs: readonly number[]): Promise<Map<number, string[]>> {
  const r = await q.query<unknown>(
    `SELECT seq::text AS seq, account_ids FROM change_events
     WHERE workspace_id = $1 AND seq = ANY($2::bigint[]) AND account_ids IS NOT NULL`,
    [workspace, seqs.map(String)],
  );
  return new Map(r.rows.map((row) => ChangedAccountsRowSchema.parse(row)).map((row) => [Number(row.seq), row.account_ids]));
}

interface ChangeRow {
  seq: string;
  kind: string;
  entity_id: string | null;
  account_id: string | null;
  at: string;
}

/** The changes after `after`, oldest first, parsed at the storage boundary. */
export async function changesSince(q: Queryable, workspace: string, after: number, limit = 500): Promise<LiveChange[]> {
  const r = await q.query<ChangeRow>(
    `SELECT seq::text AS seq, kind, entity_id, account_id, at FROM change_events
     WHERE workspace_id = $1 AND seq > $2 ORDER BY change_events.seq LIMIT $3`,
    [workspace, after, limit],
  );
  return r.rows.map((row) =>
    LiveChangeSchema.parse({ type: 'change', seq: Number(row.seq), kind: row.kind, entityId: row.entity_id, accountId: row.account_id, at: row.at }),
  );
}
