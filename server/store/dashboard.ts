import {
  FIRST_VALUE_MILESTONE_ID,
  handoffWindow,
  HEALTH_COMPONENTS,
  HEALTH_INPUT_FIELDS,
  toIsoDate,
  type Account,
  type ArrChange,
  type Commitment,
  type DashboardFilter,
  type DashboardSource,
  type HandoffAnswer,
  type HandoffAnswers,
  type HealthSnapshot,
  type HealthWeights,
  type IcpApproval,
  type Milestone,
  type RiskFlag,
} from '../../lib/core/domain';
import type { Queryable } from '../base/db';
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
// - health: the score, band, inputs and what moved most come from the latest
//   reading (one snapshot per date, the last stored that carries an input) and
//   the last two readings the weights can score; the review agenda reads the
//   latest snapshot, the last two with adoption, and the time to value the
//   latest with days to first value. Readings dated after today never count.
//   An account with a broken commitment keeps its whole history (the promise
//   ledger looks for the last reading before the break). The extension's
//   local store keeps marks by the same rules, made for any weights and any
//   later day (lib/core/domain/dashboard/readings.ts).
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

// Health components in HEALTH_COMPONENTS' order: $6 + i is component i's weight being positive.
const COMPONENTS = HEALTH_COMPONENTS;
const COMPONENT_FIELDS = HEALTH_INPUT_FIELDS;
const ALL_FIELDS = COMPONENTS.flatMap((c) => COMPONENT_FIELDS[c]);
const sqlList = (fields: readonly string[]) => `array[${fields.map((f) => `'${f}'`).join(', ')}]`;

// A reading the weights can score: one of its inputs has a positive weight ($6 + i says whether component i has).
const SCORABLE = COMPONENTS.map((c, i) => `($${6 + i}::boolean AND s.data ?| ${sqlList(COMPONENT_FIELDS[c])})`).join(' OR ');

const safeWeight = (w: number | undefined) => w !== undefined && Number.isFinite(w) && w > 0;

// One sort of the account's readings, newest first (of one date, the last
// stored first), and running counts over it:
// - a reading stands for its date when it carries an input and no reading of
//   its date stored later does. The readings before it in the order are dated
//   the same or later, so the earliest date among those carrying an input is
//   its own exactly when one of its date does;
// - the latest standing reading, and the last two standing ones the weights can score;
// - the latest reading of any kind, the last two with adoption, the last with
//   days to first value; when one of those is kept, so is its date's standing
//   reading (a kept reading that is not the last of its date must not stand in
//   for the one that is).
const snapshotsSql = (inSelected: (column: string) => string) => `
WITH s AS (
  SELECT s.id, s.account_id, s.date,
         s.data ?| ${sqlList(ALL_FIELDS)} AS has_input,
         (${SCORABLE}) AS scorable,
         s.data ? 'adoptionPct' AS has_adoption,
         s.data ? 'daysToFirstValue' AS has_value
  FROM snapshots s
  WHERE s.workspace_id = $1 AND s.date <= $5 AND ${inSelected('s.account_id')}
),
counted AS (
  SELECT id, account_id, date, has_input, scorable,
         has_input AND coalesce(min(date) FILTER (WHERE has_input) OVER before, '') <> date AS standing,
         row_number() OVER upto = 1 AS latest_any,
         has_adoption AND count(*) FILTER (WHERE has_adoption) OVER upto <= 2 AS adoption_kept,
         has_value AND count(*) FILTER (WHERE has_value) OVER upto = 1 AS value_kept
  FROM s
  WINDOW upto AS (PARTITION BY account_id ORDER BY date DESC, id DESC ROWS UNBOUNDED PRECEDING),
         before AS (PARTITION BY account_id ORDER BY date DESC, id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
ranked AS (
  SELECT id, account_id,
         latest_any OR adoption_kept OR value_kept AS wanted,
         standing AND count(*) FILTER (WHERE standing) OVER upto = 1 AS latest,
         standing AND scorable AND count(*) FILTER (WHERE standing AND scorable) OVER upto <= 2 AS latest_scorable,
         standing AND bool_or((latest_any AND has_input) OR adoption_kept OR value_kept) OVER (PARTITION BY account_id, date) AS of_wanted_date
  FROM counted
  WINDOW upto AS (PARTITION BY account_id ORDER BY date DESC, id DESC ROWS UNBOUNDED PRECEDING)
),
kept AS (
  SELECT id FROM ranked WHERE latest OR latest_scorable OR wanted OR of_wanted_date
     OR account_id IN (SELECT account_id FROM commitments WHERE workspace_id = $1 AND status = 'broken' AND account_id IS NOT NULL)
)
SELECT data FROM snapshots WHERE workspace_id = $1 AND id IN (SELECT id FROM kept) ORDER BY id`;

/** Everything the dashboard for `filter` on the day of `now` can depend on, in the order an export lists it. */
export async function dashboardSource(
  q: Queryable,
  workspace: string,
  filter: DashboardFilter,
  weights: HealthWeights,
  now: Date,
): Promise<DashboardSource> {
  const today = toIsoDate(now);
  const accountFilterSet = filter.segment !== undefined || filter.ownerAe !== undefined || filter.csm !== undefined;
  const inSelected = (column: string) => (accountFilterSet ? `${column} IN (${SELECTED})` : NO_ACCOUNT_FILTER);
  const base = [workspace, filter.segment ?? null, filter.ownerAe ?? null, filter.csm ?? null];
  const all = async <T>(sql: string, params: unknown[] = base) => (await q.query<DataRow<T>>(sql, params)).rows.map((r) => r.data);
  const window = handoffWindow(now);
  const [accounts, snapshots, commitments, flags, approvals, arrChanges, milestones, answers] = await Promise.all([
    all<Account>(`SELECT data FROM accounts WHERE ${ACCOUNT_FILTER} ORDER BY id`),
    all<HealthSnapshot>(snapshotsSql(inSelected), [...base, today, ...COMPONENTS.map((c) => safeWeight(weights[c]))]),
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
