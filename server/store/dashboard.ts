import {
  FIRST_VALUE_MILESTONE_ID,
  handoffWindow,
  toIsoDate,
  type Account,
  type ArrChange,
  type Commitment,
  type DashboardFilter,
  type DashboardSource,
  type HandoffAnswer,
  type HandoffAnswers,
  type HealthSnapshot,
  type IcpApproval,
  type Milestone,
  type RiskFlag,
} from '../../lib/core/domain';
import type { Queryable } from '../base/db';
import { dashboardMarksHold } from '../base/dashboard-marks';
import type { DataRow } from './shared';

// The dashboard's inputs for one workspace and one filter, reduced in SQL to
// what the figures can depend on, so the pure dashboard computation the
// extension runs on its local store gives the same numbers here without the
// whole workspace (above all its health history) crossing into the server.
//
// What each reduction relies on (lib/core/domain/dashboard):
// - segment, owner AE and CSM select accounts by exact value; every section
//   filters accounts that way before reading anything else, so records of
//   other accounts can never count. Commitments of no known account stay:
//   the promise ledger lists them as not counted.
// - health: only the readings marked as they were written
//   (base/dashboard-marks.ts, by the rule of
//   lib/core/domain/dashboard/readings.ts that the extension's local store
//   keeps too), which give the figures of the whole history on the day they
//   were marked and every later one, under any health weights; and the whole
//   history of an account with a broken commitment.
// - the handoff checklist is read only for accounts in the review's handoff window.
// - milestones matter only as a success plan's first value achieved.

const ACCOUNT_FILTER = `workspace_id = $1
  AND ($2::text IS NULL OR data->>'segment' = $2)
  AND ($3::text IS NULL OR data->>'ownerAe' = $3)
  AND ($4::text IS NULL OR data->>'csm' = $4)`;

const SELECTED = `SELECT id FROM accounts WHERE ${ACCOUNT_FILTER}`;

// Without a segment, owner or CSM every account is selected: the condition is
// then one the planner folds away (it still types $2–$4), so no query joins
// the accounts for nothing, whatever the table statistics say.
const NO_ACCOUNT_FILTER = '($2::text IS NULL AND $3::text IS NULL AND $4::text IS NULL)';

// The readings marked for the dashboard (base/dashboard-marks.ts), or every
// reading when the marks were made on a later day than this dashboard's ($5);
// an account with a broken commitment has its whole history read (the promise
// ledger looks for the last reading before the break).
const snapshotsSql = (inSelected: (column: string) => string) => `
SELECT data FROM snapshots
WHERE workspace_id = $1 AND ${inSelected('account_id')}
  AND ($5::boolean OR for_dashboard
       OR account_id IN (SELECT account_id FROM commitments WHERE workspace_id = $1 AND status = 'broken' AND account_id IS NOT NULL))
ORDER BY id`;

/** Everything the dashboard for `filter` on the day of `now` can depend on, in the order an export lists it. */
export async function dashboardSource(q: Queryable, workspace: string, filter: DashboardFilter, now: Date): Promise<DashboardSource> {
  const today = toIsoDate(now);
  const readAll = !(await dashboardMarksHold(q, workspace, today));
  const accountFilterSet = filter.segment !== undefined || filter.ownerAe !== undefined || filter.csm !== undefined;
  const inSelected = (column: string) => (accountFilterSet ? `${column} IN (${SELECTED})` : NO_ACCOUNT_FILTER);
  const base = [workspace, filter.segment ?? null, filter.ownerAe ?? null, filter.csm ?? null];
  const all = async <T>(sql: string, params: unknown[] = base) => (await q.query<DataRow<T>>(sql, params)).rows.map((r) => r.data);
  const window = handoffWindow(now);
  const [accounts, snapshots, commitments, flags, approvals, arrChanges, milestones, answers] = await Promise.all([
    all<Account>(`SELECT data FROM accounts WHERE ${ACCOUNT_FILTER} ORDER BY id`),
    all<HealthSnapshot>(snapshotsSql(inSelected), [...base, readAll]),
    all<Commitment>(
      `SELECT c.data FROM commitments c WHERE c.workspace_id = $1
         AND (c.account_id IS NULL OR ${inSelected('c.account_id')}
              OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.workspace_id = $1 AND a.id = c.account_id))
       ORDER BY c.id`,
    ),
    all<RiskFlag>(`SELECT data FROM flags WHERE workspace_id = $1 AND (account_id IS NULL OR ${inSelected('account_id')}) ORDER BY id`),
    all<IcpApproval>(`SELECT data FROM approvals WHERE workspace_id = $1 AND ${inSelected('account_id')} ORDER BY account_id`),
    all<ArrChange>(`SELECT data FROM arr_changes WHERE workspace_id = $1 AND ${inSelected('account_id')} ORDER BY seq`),
    all<Milestone>(`SELECT data FROM milestones WHERE workspace_id = $1 AND id = $5 AND ${inSelected('account_id')} ORDER BY account_id, id`, [
      ...base,
      FIRST_VALUE_MILESTONE_ID,
    ]),
    q.query<{ account_id: string; item_id: string; data: HandoffAnswer }>(
      `SELECT h.account_id, h.item_id, h.data FROM handoff_answers h
       WHERE h.workspace_id = $1 AND h.account_id IN (
         SELECT id FROM accounts WHERE ${ACCOUNT_FILTER} AND data->>'closedWonDate' BETWEEN $5 AND $6
       )
       ORDER BY h.account_id, h.item_id`,
      [...base, window.from, window.to],
    ),
  ]);
  const handoff = new Map<string, HandoffAnswers>();
  for (const row of answers.rows) {
    const h = handoff.get(row.account_id) ?? { accountId: row.account_id, answers: {} };
    h.answers[row.item_id] = row.data;
    handoff.set(row.account_id, h);
  }
  return { accounts, snapshots, commitments, flags, handoff: [...handoff.values()], approvals, arrChanges, milestones };
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
