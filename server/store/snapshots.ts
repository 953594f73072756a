import { randomUUID } from 'node:crypto';
import { HealthSnapshotSchema, type HealthSnapshot } from '../../lib/core/domain';
import type { SnapshotBody } from '../../lib/core/http-contract';
import type { Db, Queryable } from '../base/db';
import { requireAccount } from './accounts';
import { markDashboardReadings } from '../base/dashboard-marks';
import { recordChange } from './events';
import { parseOrThrow } from './shared';

export async function putSnapshot(q: Queryable, workspace: string, s: HealthSnapshot): Promise<void> {
  await q.query(
    `INSERT INTO snapshots (workspace_id, id, account_id, date, data) VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (workspace_id, id) DO UPDATE SET account_id = EXCLUDED.account_id, date = EXCLUDED.date, data = EXCLUDED.data`,
    [workspace, s.id, s.accountId, s.date, JSON.stringify(s)],
  );
}

export async function addSnapshot(db: Db, workspace: string, accountId: string, body: SnapshotBody): Promise<HealthSnapshot> {
  await requireAccount(db, workspace, accountId);
  const snapshot = parseOrThrow(HealthSnapshotSchema, { ...body, id: randomUUID(), accountId }, 'snapshot');
  await db.transaction(async (tx) => {
    await putSnapshot(tx, workspace, snapshot);
    await markDashboardReadings(tx, workspace, [accountId], new Date());
    await recordChange(tx, workspace, { kind: 'snapshot', entityId: snapshot.id, accountId });
  });
  return snapshot;
}
