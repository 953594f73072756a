import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AccountSchema, MilestoneSchema, StageChangeSchema, type Milestone, type StageChange, type SuccessPlan } from '../../lib/core/domain';
import type { MilestoneCreateBodySchema, PlanCreateBodySchema, StageChangeBodySchema } from '../../lib/core/http-contract';
import { PlanCreateSchema, applyMilestonePatch, type MilestonePatch, type ReminderInputs, type StageChangeResult } from '../../lib/core/model';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { putAccountRow, requireAccount } from './accounts';
import { nowIso, parseOrThrow, putRows, stale, type Actor, type BulkRows, type DataRow } from './shared';
import { appendAudit, audit } from './audit';
import { recordChange } from './events';

// Success plans (milestones keyed by account and id: a milestone made from a
// template keeps the template's id) and the record of stage changes.

// Dated milestones first by date, undated last, ties by id: the order the
// local store gives, so both adapters show a plan the same way.
const PLAN_ORDER = 'due_date NULLS LAST, id';

const MILESTONE_ROWS: BulkRows<Milestone> = {
  into: 'milestones (workspace_id, account_id, id, version, due_date, data)',
  select: "$1, e->>'accountId', e->>'id', (e->>'version')::int, e->>'dueDate', e",
  conflict: 'ON CONFLICT (workspace_id, account_id, id) DO UPDATE SET version = EXCLUDED.version, due_date = EXCLUDED.due_date, data = EXCLUDED.data',
  key: (m) => JSON.stringify([m.accountId, m.id]),
};

const STAGE_CHANGE_ROWS: BulkRows<StageChange> = {
  into: 'stage_changes (workspace_id, id, account_id, at, data)',
  select: "$1, e->>'id', e->>'accountId', e->>'at', e",
  conflict: 'ON CONFLICT (workspace_id, id) DO UPDATE SET account_id = EXCLUDED.account_id, at = EXCLUDED.at, data = EXCLUDED.data',
  key: (c) => c.id,
};

export function putMilestones(q: Queryable, workspace: string, milestones: readonly Milestone[]): Promise<void> {
  return putRows(q, workspace, milestones, MILESTONE_ROWS);
}

export function putStageChanges(q: Queryable, workspace: string, changes: readonly StageChange[]): Promise<void> {
  return putRows(q, workspace, changes, STAGE_CHANGE_ROWS);
}

async function planOf(q: Queryable, workspace: string, accountId: string): Promise<Milestone[]> {
  const r = await q.query<DataRow<Milestone>>(`SELECT data FROM milestones WHERE workspace_id = $1 AND account_id = $2 ORDER BY ${PLAN_ORDER}`, [
    workspace,
    accountId,
  ]);
  return r.rows.map((row) => row.data);
}

export async function createPlan(db: Db, actor: Actor, accountId: string, body: z.infer<typeof PlanCreateBodySchema>): Promise<SuccessPlan> {
  const plan = parseOrThrow(PlanCreateSchema, { ...body, accountId }, 'success plan');
  const at = nowIso();
  const milestones = plan.milestones.map((m) => parseOrThrow(MilestoneSchema, { ...m, version: 1, createdAt: at, updatedAt: at }, 'milestone'));
  return db.transaction(async (tx) => {
    // The account row is the lock two simultaneous "create plan" requests meet on.
    await requireAccount(tx, actor.workspace, accountId, true);
    const existing = await planOf(tx, actor.workspace, accountId);
    if (existing.length > 0) throw new ApiError('conflict', 'the account already has a success plan', { current: existing });
    for (const m of milestones) {
      await putMilestones(tx, actor.workspace, [m]);
      await appendAudit(tx, actor, { entity: 'milestone', entityId: m.id, accountId, action: 'create', before: null, after: m });
    }
    await recordChange(tx, actor.workspace, { kind: 'milestone', entityId: null, accountId });
    return { accountId, templateId: plan.templateId, milestones: await planOf(tx, actor.workspace, accountId) };
  });
}

export async function createMilestone(db: Db, actor: Actor, accountId: string, body: z.infer<typeof MilestoneCreateBodySchema>): Promise<Milestone> {
  const at = nowIso();
  const m = parseOrThrow(MilestoneSchema, { ...body, accountId, id: `ms_${randomUUID()}`, version: 1, createdAt: at, updatedAt: at }, 'milestone');
  await db.transaction(async (tx) => {
    await requireAccount(tx, actor.workspace, accountId);
    await putMilestones(tx, actor.workspace, [m]);
    await audit(tx, actor, { entity: 'milestone', entityId: m.id, accountId, action: 'create', before: null, after: m });
  });
  return m;
}

export async function patchMilestone(
  db: Db,
  actor: Actor,
  accountId: string,
  id: string,
  patch: MilestonePatch,
  expected: number,
): Promise<Milestone> {
  return db.transaction(async (tx) => {
    const r = await tx.query<DataRow<Milestone>>('SELECT data FROM milestones WHERE workspace_id = $1 AND account_id = $2 AND id = $3 FOR UPDATE', [
      actor.workspace,
      accountId,
      id,
    ]);
    const current = r.rows[0]?.data;
    if (!current) throw new ApiError('not-found', `milestone ${id} of account ${accountId} not found`);
    if (current.version !== expected) throw stale(current);
    const next = parseOrThrow(
      MilestoneSchema,
      { ...applyMilestonePatch(current, patch), id, accountId, version: current.version + 1, updatedAt: nowIso() },
      'milestone',
    );
    await putMilestones(tx, actor.workspace, [next]);
    await audit(tx, actor, { entity: 'milestone', entityId: id, accountId, action: 'update', before: current, after: next });
    return next;
  });
}

export async function changeStage(
  db: Db,
  actor: Actor,
  accountId: string,
  body: z.infer<typeof StageChangeBodySchema>,
  expected: number,
): Promise<StageChangeResult> {
  return db.transaction(async (tx) => {
    const current = await requireAccount(tx, actor.workspace, accountId, true);
    if (current.version !== expected) throw stale(current);
    const at = nowIso();
    const change = parseOrThrow(
      StageChangeSchema,
      {
        id: `stg_${randomUUID()}`,
        accountId,
        from: current.lifecycleStage,
        to: body.to,
        by: body.by,
        at,
        ...(body.note !== undefined ? { note: body.note } : {}),
      },
      'stage change',
    );
    const account = parseOrThrow(AccountSchema, { ...current, lifecycleStage: body.to, version: current.version + 1, updatedAt: at }, 'account');
    await putAccountRow(tx, actor.workspace, account);
    await putStageChanges(tx, actor.workspace, [change]);
    await recordChange(tx, actor.workspace, { kind: 'account', entityId: accountId, accountId });
    return { account, change };
  });
}

export async function reminderInputs(q: Queryable, workspace: string): Promise<ReminderInputs> {
  const [milestones, accounts, commitments] = await Promise.all([
    q.query<{ account_id: string; data: Milestone }>(
      `SELECT account_id, data FROM milestones WHERE workspace_id = $1 ORDER BY account_id, ${PLAN_ORDER}`,
      [workspace],
    ),
    q.query<{ id: string; name: string; segment: string; closed_won: string | null; kickoff: string | null }>(
      `SELECT id, data->>'name' AS name, data->>'segment' AS segment, data->>'closedWonDate' AS closed_won, data->>'kickoffDate' AS kickoff
       FROM accounts WHERE workspace_id = $1 ORDER BY id`,
      [workspace],
    ),
    q.query<{ data: ReminderInputs['commitments'][number] & Record<string, unknown> }>(
      `SELECT data FROM commitments WHERE workspace_id = $1 AND status IN ('open', 'in-progress') ORDER BY created_at, id`,
      [workspace],
    ),
  ]);
  const plans = new Map<string, ReminderInputs['plans'][number]>();
  for (const { account_id, data: m } of milestones.rows) {
    const plan = plans.get(account_id) ?? { accountId: account_id, milestones: [] };
    plan.milestones.push({ id: m.id, title: m.title, status: m.status, ...(m.dueDate !== undefined ? { dueDate: m.dueDate } : {}) });
    plans.set(account_id, plan);
  }
  return {
    plans: [...plans.values()],
    accounts: accounts.rows.map((a) => ({
      id: a.id,
      name: a.name,
      segment: a.segment as ReminderInputs['accounts'][number]['segment'],
      ...(a.closed_won !== null ? { closedWonDate: a.closed_won } : {}),
      ...(a.kickoff !== null ? { kickoffDate: a.kickoff } : {}),
    })),
    commitments: commitments.rows.map(({ data: c }) => ({
      id: c.id,
      accountId: c.accountId,
      text: c.text,
      status: c.status,
      ...(c.dueDate !== undefined ? { dueDate: c.dueDate } : {}),
    })),
  };
}
