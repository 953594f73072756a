import { HandoffAnswerSchema, type HandoffAnswer, type HandoffAnswers } from '../../lib/core/domain';
import type { HandoffAnswerBody } from '../../lib/core/http-contract';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { requireAccount } from './accounts';
import { audit } from './audit';
import { nowIso, parseOrThrow, putRows, stale, type Actor, type BulkRows, type DataRow } from './shared';

// Handoff answers: one version per checklist item.

async function handoffFor(q: Queryable, workspace: string, accountId: string): Promise<HandoffAnswers> {
  const r = await q.query<{ item_id: string; data: HandoffAnswer }>(
    'SELECT item_id, data FROM handoff_answers WHERE workspace_id = $1 AND account_id = $2 ORDER BY item_id',
    [workspace, accountId],
  );
  return { accountId, answers: Object.fromEntries(r.rows.map((row) => [row.item_id, row.data])) };
}

/** One checklist item's answer of one account, as a row. */
export interface HandoffRow {
  accountId: string;
  itemId: string;
  answer: HandoffAnswer;
}

const HANDOFF_ROWS: BulkRows<HandoffRow> = {
  into: 'handoff_answers (workspace_id, account_id, item_id, version, data)',
  select: "$1, e->>'accountId', e->>'itemId', (e->'answer'->>'version')::int, e->'answer'",
  conflict: 'ON CONFLICT (workspace_id, account_id, item_id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data',
  key: (row) => JSON.stringify([row.accountId, row.itemId]),
};

export function putHandoffRows(q: Queryable, workspace: string, rows: readonly HandoffRow[]): Promise<void> {
  return putRows(q, workspace, rows, HANDOFF_ROWS);
}

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
