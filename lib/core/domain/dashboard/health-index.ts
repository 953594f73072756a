import { healthScoring, latestHealth, type LatestHealth } from '../health';
import type { HealthSnapshot, HealthWeights } from '../health-snapshot';
import { toIsoDate } from '../dates';
import { groupByKey } from './common';

export type HealthIndex = ReadonlyMap<string, LatestHealth>;

/**
 * Each account's health, computed once so every section of the dashboard
 * reads the same score (and scoring a large portfolio is paid for once).
 */
export function healthIndex(
  accountIds: Iterable<string>,
  snapshots: readonly HealthSnapshot[] | ReadonlyMap<string, readonly HealthSnapshot[]>,
  weights: HealthWeights,
  now: Date,
): HealthIndex {
  const byAccount = Array.isArray(snapshots)
    ? groupByKey(snapshots as readonly HealthSnapshot[], (s) => s.accountId)
    : (snapshots as ReadonlyMap<string, readonly HealthSnapshot[]>);
  const today = toIsoDate(now);
  const scoring = healthScoring(weights, today);
  const out = new Map<string, LatestHealth>();
  const ids = Array.isArray(accountIds) ? (accountIds as readonly string[]) : [...accountIds];
  for (let i = 0; i < ids.length; i++) out.set(ids[i]!, latestHealth(byAccount.get(ids[i]!) ?? [], weights, today, scoring));
  return out;
}
