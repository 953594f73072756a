import type {
  Account,
  ArrChange,
  Commitment,
  HandoffAnswer,
  HealthSnapshot,
  IcpApproval,
  Milestone,
  RiskFlag,
  StageChange,
} from '../../lib/core/domain';
import { EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, type ExportBundle, type ImportMode, type ImportSummary } from '../../lib/core/model';
import type { Db, Queryable } from '../base/db';
import { ApiError } from '../base/errors';
import { putAccounts, putArrChanges } from './accounts';
import { putApprovals } from './approvals';
import { putHandoffRows } from './handoff';
import { putMilestones, putStageChanges } from './milestones';
import { handoffOf, nowIso, type DataRow } from './shared';
import { markDashboardReadings } from '../base/dashboard-marks';
import { putSnapshots } from './snapshots';
import { putCommitments, putFlags } from './tracked';
import { recordChange } from './events';

// A workspace's data as one export bundle, and back.

export async function exportAll(q: Queryable, workspace: string): Promise<ExportBundle> {
  const all = async <T>(sql: string) => (await q.query<DataRow<T>>(sql, [workspace])).rows.map((r) => r.data);
  const [accounts, snapshots, commitments, flags, approvals, arrChanges, milestones, stageChanges] = await Promise.all([
    all<Account>('SELECT data FROM accounts WHERE workspace_id = $1 ORDER BY id'),
    all<HealthSnapshot>('SELECT data FROM snapshots WHERE workspace_id = $1 ORDER BY id'),
    all<Commitment>('SELECT data FROM commitments WHERE workspace_id = $1 ORDER BY id'),
    all<RiskFlag>('SELECT data FROM flags WHERE workspace_id = $1 ORDER BY id'),
    all<IcpApproval>('SELECT data FROM approvals WHERE workspace_id = $1 ORDER BY account_id'),
    all<ArrChange>('SELECT data FROM arr_changes WHERE workspace_id = $1 ORDER BY seq'),
    all<Milestone>('SELECT data FROM milestones WHERE workspace_id = $1 ORDER BY account_id, id'),
    all<StageChange>('SELECT data FROM stage_changes WHERE workspace_id = $1 ORDER BY at, id'),
  ]);
  const answers = await q.query<{ account_id: string; item_id: string; data: HandoffAnswer }>(
    'SELECT account_id, item_id, data FROM handoff_answers WHERE workspace_id = $1 ORDER BY account_id, item_id',
    [workspace],
  );
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: nowIso(),
    accounts,
    snapshots,
    commitments,
    flags,
    handoff: handoffOf(answers.rows),
    approvals,
    arrChanges,
    milestones,
    stageChanges,
  };
}

const WORKSPACE_TABLES = [
  'stage_changes',
  'milestones',
  'arr_changes',
  'record_links',
  'snapshots',
  'commitments',
  'flags',
  'handoff_answers',
  'approvals',
  'accounts',
] as const;

// Below this many rows an import moves the tables' statistics too little to matter.
const ANALYZE_AFTER_ROWS = 1_000;

export async function importAll(db: Db, workspace: string, bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary> {
  const summary = await importInTransaction(db, workspace, bundle, mode);
  const rows =
    bundle.accounts.length +
    bundle.snapshots.length +
    bundle.commitments.length +
    bundle.flags.length +
    (bundle.arrChanges?.length ?? 0) +
    (bundle.milestones?.length ?? 0) +
    (bundle.stageChanges?.length ?? 0);
  // PGlite has no autovacuum, and PostgreSQL's runs only after a while: until
  // the planner has statistics for what a large import brought, it plans the
  // dashboard's queries as if the tables were empty, several times slower.
  // The import has committed by then: statistics that cannot be gathered
  // leave the next autovacuum to do it, and never turn a landed import into
  // a reported failure that a client would send again.
  if (rows >= ANALYZE_AFTER_ROWS) await db.query(`ANALYZE ${WORKSPACE_TABLES.join(', ')}`).catch(() => undefined);
  return summary;
}

// The tables whose records are keyed by id alone, so a file can move one to another account.
type MovableTable = 'snapshots' | 'commitments' | 'flags' | 'arr_changes' | 'stage_changes';

const idOf = (record: { id: string }) => record.id;

/** Every account whose records a merge of `bundle` wrote: its own, those its records belong to, and those it moved records from. */
function touchedAccounts(bundle: ExportBundle, movedFrom: readonly string[]): string[] {
  const ids = new Set<string>(movedFrom);
  const add = (records: readonly { accountId: string | null }[] | undefined) => {
    for (const r of records ?? []) if (r.accountId !== null) ids.add(r.accountId);
  };
  for (const a of bundle.accounts) ids.add(a.id);
  add(bundle.snapshots);
  add(bundle.commitments);
  add(bundle.flags);
  add(bundle.handoff);
  add(bundle.approvals);
  add(bundle.arrChanges);
  add(bundle.milestones);
  add(bundle.stageChanges);
  return [...ids].sort();
}

function importInTransaction(db: Db, workspace: string, bundle: ExportBundle, mode: ImportMode): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    if (mode === 'replace') {
      for (const t of WORKSPACE_TABLES) await tx.query(`DELETE FROM ${t} WHERE workspace_id = $1`, [workspace]);
    }
    // Every imported account's links go before any is written again: a record moving between two imported accounts
    // must not trip over itself.
    await putAccounts(tx, workspace, bundle.accounts);
    // A record the file moves to another account leaves its old one changed too: a reading, with readings to mark again.
    const holders = async (table: MovableTable, ids: readonly string[]) =>
      mode === 'merge' && ids.length > 0
        ? (
            await tx.query<{ account_id: string }>(`SELECT DISTINCT account_id FROM ${table} WHERE workspace_id = $1 AND id = ANY($2::text[])`, [
              workspace,
              [...ids],
            ])
          ).rows.map((r) => r.account_id)
        : [];
    const movedFrom = await holders('snapshots', bundle.snapshots.map(idOf));
    const recordsMovedFrom = [
      ...(await holders('commitments', bundle.commitments.map(idOf))),
      ...(await holders('flags', bundle.flags.map(idOf))),
      ...(await holders('arr_changes', (bundle.arrChanges ?? []).map(idOf))),
      ...(await holders('stage_changes', (bundle.stageChanges ?? []).map(idOf))),
    ];
    await putSnapshots(tx, workspace, bundle.snapshots);
    await markDashboardReadings(tx, workspace, [...movedFrom, ...bundle.snapshots.map((s) => s.accountId)], new Date());
    await putCommitments(tx, workspace, bundle.commitments);
    await putFlags(tx, workspace, bundle.flags);
    const handoff = bundle.handoff.flatMap((h) => Object.entries(h.answers).map(([itemId, answer]) => ({ accountId: h.accountId, itemId, answer })));
    await putHandoffRows(tx, workspace, handoff);
    await putApprovals(tx, workspace, bundle.approvals);
    // ARR history, plans and stage history belong to an account of this workspace: one the bundle brings or one already here.
    const known = new Set(bundle.accounts.map((a) => a.id));
    const requireKnown = async (accountId: string, field: string) => {
      if (known.has(accountId)) return;
      const r = await tx.query('SELECT 1 FROM accounts WHERE workspace_id = $1 AND id = $2', [workspace, accountId]);
      if (r.rows.length === 0) throw new ApiError('validation', `${field}: no account ${accountId} in this workspace`, { field });
      known.add(accountId);
    };
    for (const [i, c] of (bundle.arrChanges ?? []).entries()) await requireKnown(c.accountId, `arrChanges[${i}].accountId`);
    await putArrChanges(tx, workspace, bundle.arrChanges ?? []);
    for (const [i, m] of (bundle.milestones ?? []).entries()) await requireKnown(m.accountId, `milestones[${i}].accountId`);
    await putMilestones(tx, workspace, bundle.milestones ?? []);
    for (const [i, c] of (bundle.stageChanges ?? []).entries()) await requireKnown(c.accountId, `stageChanges[${i}].accountId`);
    await putStageChanges(tx, workspace, bundle.stageChanges ?? []);
    // A merge names every account it touched, so a dashboard kept for the workspace reads only those again; after a
    // replace nothing kept stands.
    const accountIds = mode === 'merge' ? touchedAccounts(bundle, [...movedFrom, ...recordsMovedFrom]) : undefined;
    await recordChange(tx, workspace, { kind: 'import', entityId: null, accountId: null, accountIds });
    return {
      accounts: bundle.accounts.length,
      snapshots: bundle.snapshots.length,
      commitments: bundle.commitments.length,
      flags: bundle.flags.length,
      handoff: handoff.length,
      approvals: bundle.approvals.length,
    };
  });
}
