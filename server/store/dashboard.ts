import {
  FIRST_VALUE_MILESTONE_ID,
  handoffWindow,
  type Account,
  type ArrChange,
  type Commitment,
  type DashboardSource,
  type HandoffAnswer,
  type HandoffAnswers,
  type HealthSnapshot,
  type IcpApproval,
  type Milestone,
  type RiskFlag,
} from '../../lib/core/domain';
import type { Queryable } from '../base/db';
import { handoffOf, type DataRow } from './shared';

// The records a dashboard of one workspace reads, reduced in SQL to what the
// figures can depend on, so the pure dashboard computation the extension runs
// on its local store gives the same numbers here without the whole workspace
// (above all its health history) crossing into the server. Read for the whole
// workspace once, then for the accounts a write names
// (routes/dashboard-records.ts).
//
// What each reduction relies on (lib/core/domain/dashboard):
// - health: only the readings marked as they were written
//   (base/dashboard-marks.ts, by the rule of
//   lib/core/domain/dashboard/readings.ts that the extension's local store
//   keeps too), which give the figures of the whole history on the day they
//   were marked and every later one, under any health weights; and the whole
//   history of an account with a broken commitment.
// - the handoff checklist is read only for accounts in the review's handoff window.
// - milestones matter only as a success plan's first value achieved.

/** Which accounts a read covers: the whole workspace, or the given accounts. */
interface Scope {
  params: unknown[];
  /** The condition on the accounts table. */
  accounts: string;
  /** The condition on a record's account column. */
  inScope(column: string): string;
}

const workspaceScope = (workspace: string): Scope => ({ params: [workspace], accounts: 'workspace_id = $1', inScope: () => 'TRUE' });

const accountsScope = (workspace: string, accountIds: readonly string[]): Scope => ({
  params: [workspace, [...accountIds]],
  accounts: 'workspace_id = $1 AND id = ANY($2::text[])',
  inScope: (column) => `${column} = ANY($2::text[])`,
});

/** A dashboard's records, and the order ARR changes were made in (`arrSeqs[i]` is `source.arrChanges[i]`'s). */
export interface DashboardRecords {
  source: DashboardSource & { arrChanges: ArrChange[]; milestones: Milestone[] };
  arrSeqs: number[];
}

/** The checklist answers of the scope's accounts that close in the review's handoff window on the day of `now`. */
function handoffRows(q: Queryable, scope: Scope, now: Date) {
  const window = handoffWindow(now);
  const at = (n: number) => `$${scope.params.length + n}`;
  return q.query<{ account_id: string; item_id: string; data: HandoffAnswer }>(
    `SELECT h.account_id, h.item_id, h.data FROM handoff_answers h
     WHERE h.workspace_id = $1 AND h.account_id IN (
       SELECT id FROM accounts WHERE ${scope.accounts} AND data->>'closedWonDate' BETWEEN ${at(1)} AND ${at(2)}
     )
     ORDER BY h.account_id, h.item_id`,
    [...scope.params, window.from, window.to],
  );
}

async function dashboardRecords(q: Queryable, scope: Scope, now: Date, readAll: boolean): Promise<DashboardRecords> {
  const base = scope.params;
  const at = (n: number) => `$${base.length + n}`;
  const { inScope } = scope;
  const all = async <T>(sql: string, params: unknown[] = base) => (await q.query<DataRow<T>>(sql, params)).rows.map((r) => r.data);
  const [accounts, snapshots, commitments, flags, approvals, arr, milestones, answers] = await Promise.all([
    all<Account>(`SELECT data FROM accounts WHERE ${scope.accounts} ORDER BY id`),
    // The readings marked for the dashboard (base/dashboard-marks.ts), or every
    // reading when the marks were made on a later day than this dashboard's; an
    // account with a broken commitment has its whole history read (the promise
    // ledger looks for the last reading before the break).
    all<HealthSnapshot>(
      `SELECT data FROM snapshots
       WHERE workspace_id = $1 AND ${inScope('account_id')}
         AND (${at(1)}::boolean OR for_dashboard
              OR account_id IN (SELECT account_id FROM commitments WHERE workspace_id = $1 AND status = 'broken' AND account_id IS NOT NULL))
       ORDER BY id`,
      [...base, readAll],
    ),
    // Of the whole workspace, also those of no account or of one that no longer
    // exists: the promise ledger lists them as not counted.
    all<Commitment>(`SELECT data FROM commitments WHERE workspace_id = $1 AND ${inScope('account_id')} ORDER BY id`),
    all<RiskFlag>(`SELECT data FROM flags WHERE workspace_id = $1 AND ${inScope('account_id')} ORDER BY id`),
    all<IcpApproval>(`SELECT data FROM approvals WHERE workspace_id = $1 AND ${inScope('account_id')} ORDER BY account_id`),
    q.query<{ seq: string; data: ArrChange }>(
      `SELECT seq::text AS seq, data FROM arr_changes WHERE workspace_id = $1 AND ${inScope('account_id')} ORDER BY arr_changes.seq`,
      base,
    ),
    all<Milestone>(`SELECT data FROM milestones WHERE workspace_id = $1 AND id = ${at(1)} AND ${inScope('account_id')} ORDER BY account_id, id`, [
      ...base,
      FIRST_VALUE_MILESTONE_ID,
    ]),
    handoffRows(q, scope, now),
  ]);
  return {
    source: {
      accounts,
      snapshots,
      commitments,
      flags,
      handoff: handoffOf(answers.rows),
      approvals,
      arrChanges: arr.rows.map((r) => r.data),
      milestones,
    },
    arrSeqs: arr.rows.map((r) => Number(r.seq)),
  };
}

/**
 * The records of the given accounts a dashboard of the whole workspace on the
 * day of `now` depends on: what a write to those accounts can have changed.
 */
export function dashboardRecordsOf(
  q: Queryable,
  workspace: string,
  accountIds: readonly string[],
  now: Date,
  readAll: boolean,
): Promise<DashboardRecords> {
  return dashboardRecords(q, accountsScope(workspace, accountIds), now, readAll);
}

/** The records a dashboard of the whole workspace on the day of `now` depends on. */
export function dashboardRecordsOfWorkspace(q: Queryable, workspace: string, now: Date, readAll: boolean): Promise<DashboardRecords> {
  return dashboardRecords(q, workspaceScope(workspace), now, readAll);
}

/** The accounts of a page of dashboard rows, for their CRM links (whatever the filter). */
export async function accountsByIds(q: Queryable, workspace: string, ids: readonly string[]): Promise<Account[]> {
  if (ids.length === 0) return [];
  const r = await q.query<DataRow<Account>>('SELECT data FROM accounts WHERE workspace_id = $1 AND id = ANY($2::text[]) ORDER BY id', [
    workspace,
    [...ids],
  ]);
  return r.rows.map((row) => row.data);
}

/** The checklists a dashboard of the whole workspace on the day of `now` reads (those of accounts closing in the handoff window). */
export async function dashboardHandoffOfWorkspace(q: Queryable, workspace: string, now: Date): Promise<HandoffAnswers[]> {
  return handoffOf((await handoffRows(q, workspaceScope(workspace), now)).rows);
}
