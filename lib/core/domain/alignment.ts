import { z } from 'zod';
import { AccountSchema, type Account } from './account';
import { CommitmentSchema, type Commitment } from './commitment';
import { isRoadmapGap } from './commitment-status';
import { daysUntil, toIsoDate } from './dates';
import { DEFAULT_HEALTH_WEIGHTS } from './defaults';
import { computeHealth, HealthBandSchema } from './health';
import { HealthSnapshotSchema, HealthWeightsSchema, type HealthSnapshot } from './health-snapshot';
import { IcpApprovalSchema, IcpProfileSchema, type IcpApproval } from './icp';
import { evaluateIcp, IcpBandSchema } from './icp-evaluate';
import { IsoDateSchema } from './primitives';
import { RiskFlagSchema, type RiskCategory, type RiskFlag } from './risk-flag';

export const NEW_CLIENT_WINDOW_DAYS = 90;

// Categories that mean "what was sold does not match what can be delivered",
// as opposed to ordinary onboarding risk (timeline, stakeholder, capacity...).
export const MISALIGNMENT_CATEGORIES: readonly RiskCategory[] = [
  'overpromise',
  'integration-gap',
  'free-services',
  'commercial-mismatch',
  'icp-drift',
];

export const AlignmentPortfolioSchema = z.object({
  accounts: z.array(AccountSchema),
  commitments: z.array(CommitmentSchema),
  flags: z.array(RiskFlagSchema),
  icpProfile: IcpProfileSchema,
  approvals: z.array(IcpApprovalSchema).optional(),
  snapshots: z.array(HealthSnapshotSchema).optional(),
  weights: HealthWeightsSchema.optional(),
});

export const MisalignmentReasonSchema = z.enum(['open-flag', 'roadmap-gap', 'icp-outside']);

export const AlignmentAccountRowSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  arr: z.number(),
  icpBand: IcpBandSchema,
  icpScore: z.number().int().min(0).max(100),
  needsApproval: z.boolean(),
  healthBand: HealthBandSchema.nullable(),
  isNew: z.boolean(),
  misaligned: z.boolean(),
  misalignmentReasons: z.array(MisalignmentReasonSchema),
  badFit: z.boolean(),
  arrAtRisk: z.boolean(),
  churned: z.boolean(),
});

const MoneyTotalSchema = z.object({ amount: z.number().min(0), accounts: z.number().int().min(0) });

export const FunnelStepIdSchema = z.enum(['sold-outside-icp', 'flagged-in-onboarding', 'churned-or-no-expansion']);

export const AlignmentMetricsSchema = z.object({
  asOf: IsoDateSchema,
  // Amounts are summed as given; more than one currency here means the totals
  // mix currencies and the UI must say so.
  currencies: z.array(z.string()),
  newClients: z.object({
    windowDays: z.number().int(),
    count: z.number().int().min(0),
    arr: z.number().min(0),
    misalignedCount: z.number().int().min(0),
    misalignedArr: z.number().min(0),
    // null when there are no new clients to take a share of.
    misalignedPercent: z.number().int().min(0).max(100).nullable(),
  }),
  arrAtRisk: MoneyTotalSchema,
  lostExpansion: MoneyTotalSchema,
  wastedAcquisitionCost: MoneyTotalSchema,
  funnel: z.array(z.object({ step: FunnelStepIdSchema, label: z.string(), count: z.number().int().min(0), arr: z.number().min(0) })),
  accounts: z.array(AlignmentAccountRowSchema),
});

export type AlignmentPortfolio = z.infer<typeof AlignmentPortfolioSchema>;
export type MisalignmentReason = z.infer<typeof MisalignmentReasonSchema>;
export type AlignmentAccountRow = z.infer<typeof AlignmentAccountRowSchema>;
export type FunnelStepId = z.infer<typeof FunnelStepIdSchema>;
export type AlignmentMetrics = z.infer<typeof AlignmentMetricsSchema>;

function groupBy<T extends { accountId: string | null }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    if (item.accountId === null) continue;
    const list = map.get(item.accountId);
    if (list) list.push(item);
    else map.set(item.accountId, [item]);
  }
  return map;
}

// An account can have a rejected request followed by a new one; the most
// recently updated record is the one that stands.
function latestApprovals(approvals: readonly IcpApproval[]): Map<string, IcpApproval> {
  const map = new Map<string, IcpApproval>();
  for (const a of approvals) {
    const prev = map.get(a.accountId);
    if (!prev || Date.parse(a.updatedAt) >= Date.parse(prev.updatedAt)) map.set(a.accountId, a);
  }
  return map;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The alignment dashboard: how much of what sales closes is a bad fit, and
 * what that costs.
 *
 * Definitions (each a judgement call, kept in one place):
 * - bad fit: ICP band fringe or outside, approved or not. An approval records
 *   that the trade-off was accepted; it does not make lost expansion or a
 *   churned account's acquisition cost any less lost.
 * - ARR at risk from bad fit: live (not churned) bad-fit accounts that either
 *   still need ICP approval or whose health is at risk. Churned ARR is already
 *   gone, so it is not "at risk".
 * - a roadmap-gap commitment counts until it is delivered.
 * - funnel: sold outside the ICP (bad fit) → of those, flagged in onboarding
 *   (any misalignment flag, resolved or not, or a roadmap-gap commitment) →
 *   of those, churned or with no expansion ARR.
 */
export function alignmentMetrics(portfolio: AlignmentPortfolio, now: Date): AlignmentMetrics {
  const weights = portfolio.weights ?? DEFAULT_HEALTH_WEIGHTS;
  const flagsBy = groupBy<RiskFlag>(portfolio.flags);
  const commitmentsBy = groupBy<Commitment>(portfolio.commitments);
  const snapshotsBy = groupBy<HealthSnapshot & { accountId: string }>(portfolio.snapshots ?? []);
  const approvalsBy = latestApprovals(portfolio.approvals ?? []);

  const rows: (AlignmentAccountRow & { account: Account; flaggedEver: boolean })[] = portfolio.accounts.map((account) => {
    const icp = evaluateIcp(account, portfolio.icpProfile, approvalsBy.get(account.id));
    const health = computeHealth(snapshotsBy.get(account.id) ?? [], weights, now);
    const healthBand = health.status === 'known' ? health.band : null;
    const flags = (flagsBy.get(account.id) ?? []).filter((f) => MISALIGNMENT_CATEGORIES.includes(f.category));
    const gapCommitments = (commitmentsBy.get(account.id) ?? []).filter((c) => isRoadmapGap(c) && c.status !== 'delivered');

    const reasons: MisalignmentReason[] = [];
    if (flags.some((f) => !f.resolved)) reasons.push('open-flag');
    if (gapCommitments.length > 0) reasons.push('roadmap-gap');
    if (icp.band === 'outside') reasons.push('icp-outside');

    const sinceClose = account.closedWonDate ? daysUntil(account.closedWonDate, now) : null;
    const churned = account.lifecycleStage === 'churned';
    const badFit = icp.band !== 'fit';
    return {
      account,
      accountId: account.id,
      name: account.name,
      arr: account.arr,
      icpBand: icp.band,
      icpScore: icp.score,
      needsApproval: icp.needsApproval,
      healthBand,
      isNew: sinceClose !== null && sinceClose <= 0 && sinceClose >= -NEW_CLIENT_WINDOW_DAYS,
      misaligned: reasons.length > 0,
      misalignmentReasons: reasons,
      badFit,
      arrAtRisk: badFit && !churned && (icp.needsApproval || healthBand === 'at-risk'),
      churned,
      flaggedEver: flags.length > 0 || gapCommitments.length > 0,
    };
  });

  const newRows = rows.filter((r) => r.isNew);
  const newMisaligned = newRows.filter((r) => r.misaligned);
  const atRisk = rows.filter((r) => r.arrAtRisk);
  const lost = rows
    .filter((r) => r.badFit && r.account.expectedExpansionArr !== undefined)
    .map((r) => Math.max(0, (r.account.expectedExpansionArr ?? 0) - (r.account.expansionArr ?? 0)));
  const wasted = rows.filter((r) => r.badFit && r.churned && r.account.acquisitionCost !== undefined);

  const sold = rows.filter((r) => r.badFit);
  const flagged = sold.filter((r) => r.flaggedEver);
  const noGrowth = flagged.filter((r) => r.churned || (r.account.expansionArr ?? 0) === 0);
  const step = (id: FunnelStepId, label: string, list: typeof rows) => ({
    step: id,
    label,
    count: list.length,
    arr: sum(list.map((r) => r.arr)),
  });

  return {
    asOf: toIsoDate(now),
    currencies: [...new Set(portfolio.accounts.map((a) => a.currency))].sort(),
    newClients: {
      windowDays: NEW_CLIENT_WINDOW_DAYS,
      count: newRows.length,
      arr: sum(newRows.map((r) => r.arr)),
      misalignedCount: newMisaligned.length,
      misalignedArr: sum(newMisaligned.map((r) => r.arr)),
      misalignedPercent: newRows.length === 0 ? null : Math.round((newMisaligned.length / newRows.length) * 100),
    },
    arrAtRisk: { amount: sum(atRisk.map((r) => r.arr)), accounts: atRisk.length },
    lostExpansion: { amount: sum(lost), accounts: lost.filter((x) => x > 0).length },
    wastedAcquisitionCost: { amount: sum(wasted.map((r) => r.account.acquisitionCost ?? 0)), accounts: wasted.length },
    funnel: [
      step('sold-outside-icp', 'Sold outside the ICP', sold),
      step('flagged-in-onboarding', 'Flagged in onboarding', flagged),
      step('churned-or-no-expansion', 'Churned or no expansion', noGrowth),
    ],
    accounts: rows.map(({ account: _account, flaggedEver: _flagged, ...row }) => row),
  };
}
