import { randomUUID } from 'node:crypto';
import { HealthSnapshotSchema, type HealthSnapshot } from '../../lib/core/domain';
import type { SnapshotBody } from '../../lib/core/http-contract';
import type { Db, Queryable } from '../base/db';
import { requireAccount } from './accounts';
import { markDashboardReadings } from '../base/dashboard-marks';
import { recordChange } from './events';
import { parseOrThrow, putRows, type BulkRows } from './shared';

const SNAPSHOT_ROWS: BulkRows<HealthSnapshot> = {
  into: 'snapshots (workspace_id, id, account_id, date, data)',
  select: "$1, e->>'id', e->>'accountId', e->>'date', e",
  conflict: 'ON CONFLICT (workspace_id, id) DO UPDATE SET account_id = EXCLUDED.account_id, date = EXCLUDED.date, data = EXCLUDED.data',
  key: (s) => s.id,
};

export function putSnapshots(q: Queryable, workspace: string, snapshots: readonly HealthSnapshot[]): Promise<void> {
  return putRows(q, workspace, snapshots, SNAPSHOT_ROWS);
}

export async function addSnapshot(db: Db, workspace: string, accountId: string, body: SnapshotBody): Promise<HealthSnapshot> {
  await requireAccount(db, workspace, accountId);
  const snapshot = parseOrThrow(HealthSnapshotSchema, { ...body, id: randomUUID(), accountId }, 'snapshot');
  await db.transaction(async (tx) => {
    await putSnapshots(tx, workspace, [snapshot]);
    await markDashboardReadings(tx, workspace, [accountId], new Date());
    await recordChange(tx, workspace, { kind: 'snapshot', entityId: snapshot.id, accountId });
  });
  return snapshot;
}
