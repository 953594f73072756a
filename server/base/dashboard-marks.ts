import { dashboardReadings } from '../../lib/core/domain/dashboard/readings';
import { groupByKey } from '../../lib/core/domain/dashboard/common';
import { toIsoDate } from '../../lib/core/domain/dates';
import type { HealthSnapshot } from '../../lib/core/domain/health-snapshot';
import type { Queryable } from './db';
import type { DataRow } from '../store/shared';

// Each health reading carries whether the dashboard reads it (for_dashboard),
// set by the rule the extension's local store keeps (dashboardReadings) inside
// every write that adds or moves a reading, so a dashboard reads a third of
// the readings and never works out which at request time. The marks hold on
// the day they were made and every later one, under any health weights. An
// account with a broken commitment has its whole history read instead
// (store/dashboard.ts), so a commitment's status never moves a mark.

/** Sets again, on the day of `now`, the dashboard marks of every reading of the given accounts. */
export async function markDashboardReadings(q: Queryable, workspace: string, accountIds: readonly string[], now: Date): Promise<void> {
  if (accountIds.length === 0) return;
  const day = toIsoDate(now);
  const accounts = [...new Set(accountIds)].sort();
  // Two writers of one account's readings take turns here, so the second
  // reads the first one's reading before marking: marks worked out without a
  // reading written meanwhile can leave one it makes count unmarked.
  await q.query('SELECT 1 FROM accounts WHERE workspace_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE', [workspace, accounts]);
  const r = await q.query<DataRow<HealthSnapshot>>('SELECT data FROM snapshots WHERE workspace_id = $1 AND account_id = ANY($2::text[])', [
    workspace,
    accounts,
  ]);
  const ids: string[] = [];
  const read: boolean[] = [];
  groupByKey(
    r.rows.map((row) => row.data),
    (s) => s.accountId,
  ).forEach((readings) => {
    const kept = new Set(dashboardReadings(readings, day, false));
    for (const s of readings) {
      ids.push(s.id);
      read.push(kept.has(s));
    }
  });
  await q.query(
    `UPDATE snapshots s SET for_dashboard = m.read
     FROM unnest($2::text[], $3::boolean[]) AS m(id, read)
     WHERE s.workspace_id = $1 AND s.id = m.id AND s.for_dashboard <> m.read`,
    [workspace, ids, read],
  );
  await q.query(
    `INSERT INTO dashboard_marks (workspace_id, marked_on) VALUES ($1, $2)
     ON CONFLICT (workspace_id) DO UPDATE SET marked_on = GREATEST(dashboard_marks.marked_on, EXCLUDED.marked_on)`,
    [workspace, day],
  );
}

/** Whether the marks of `workspace` hold for a dashboard on `day`: made on it or before (or never made, every reading then read). */
export async function dashboardMarksHold(q: Queryable, workspace: string, day: string): Promise<boolean> {
  const r = await q.query<{ marked_on: string }>('SELECT marked_on FROM dashboard_marks WHERE workspace_id = $1', [workspace]);
  const on = r.rows[0]?.marked_on;
  return on === undefined || on <= day;
}
