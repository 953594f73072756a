import { IcpApprovalSchema, type IcpApproval } from '../../lib/core/domain';
import type { ApprovalDecisionBody, ApprovalRequestBody } from '../../lib/core/http-contract';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { requireAccount } from './accounts';
import { nowIso, parseOrThrow, putRows, stale, type BulkRows, type DataRow } from './shared';
import { recordChange } from './events';

// ICP exception approvals: at most one per account, requested then decided.

async function approvalFor(q: Queryable, workspace: string, accountId: string, lock = false): Promise<IcpApproval | null> {
  const r = await q.query<DataRow<IcpApproval>>(
    `SELECT data FROM approvals WHERE workspace_id = $1 AND account_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [workspace, accountId],
  );
  return r.rows[0]?.data ?? null;
}

const APPROVAL_ROWS: BulkRows<IcpApproval> = {
  into: 'approvals (workspace_id, account_id, status, version, data)',
  select: "$1, e->>'accountId', e->>'status', (e->>'version')::int, e",
  conflict: 'ON CONFLICT (workspace_id, account_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, data = EXCLUDED.data',
  key: (a) => a.accountId,
};

export function putApprovals(q: Queryable, workspace: string, approvals: readonly IcpApproval[]): Promise<void> {
  return putRows(q, workspace, approvals, APPROVAL_ROWS);
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
    await putApprovals(tx, workspace, [next]);
    await recordChange(tx, workspace, { kind: 'approval', entityId: accountId, accountId });
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
    await putApprovals(tx, workspace, [next]);
    await recordChange(tx, workspace, { kind: 'approval', entityId: accountId, accountId });
    return next;
  });
}
