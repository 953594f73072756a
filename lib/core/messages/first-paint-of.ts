import { computeHealth } from '../domain/health';
import type { HealthWeights } from '../domain/health-snapshot';
import type { AccountContext } from '../model';
import type { FirstPaint } from './first-paint';

/** The first paint of an account's context, with the health the panel's health card computes from the same readings. */
export function firstPaintOf(context: Pick<AccountContext, 'account' | 'snapshots'>, weights: HealthWeights, now: Date): FirstPaint {
  const health = computeHealth(context.snapshots, weights, now);
  return {
    accountName: context.account.name,
    health:
      health.status === 'known'
        ? { status: 'known', score: health.score, band: health.band, asOf: health.asOf }
        : { status: 'unknown', reason: health.reason },
  };
}
