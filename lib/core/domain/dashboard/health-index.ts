import { computeHealth, type HealthResult } from '../health';
import type { HealthSnapshot, HealthWeights } from '../health-snapshot';
import { groupByKey } from './common';

export type HealthIndex = ReadonlyMap<string, HealthResult>;

/**
 * Each account's health, computed once so every section of the dashboard
 * reads the same score (and scoring a large portfolio is paid for once).
 */
export function healthIndex(accountIds: Iterable<string>, snapshots: readonly HealthSnapshot[], weights: HealthWeights, now: Date): HealthIndex {
  const byAccount = groupByKey(snapshots, (s) => s.accountId);
  const out = new Map<string, HealthResult>();
  for (const id of accountIds) out.set(id, computeHealth(byAccount.get(id) ?? [], weights, now));
  return out;
}
