import { subDays } from 'date-fns';
import { z } from 'zod';
import { AccountSchema, SegmentSchema, type Account } from './account';
import { CommitmentSchema } from './commitment';
import { isUndeliveredRoadmapGap } from './commitment-status';
import { parseIsoDate, toIsoDate } from './dates';
import {
  accountNotCounted,
  AccountIdsSchema,
  MoneyByCurrencySchema,
  NotCountedSchema,
  moneyByCurrency,
  sharePercent,
  type MetricDefinition,
  type NotCounted,
} from './dashboard/common';
import { inPeriod, selectAccounts, type DashboardFilter } from './dashboard/filters';
import type { HealthIndex } from './dashboard/health-index';
import type { IcpVerdict } from './dashboard/icp-verdict';
import { DEFAULT_HEALTH_WEIGHTS } from './defaults';
import { HealthBandSchema, latestHealth } from './health';
import { HealthSnapshotSchema, HealthWeightsSchema, type HealthSnapshot } from './health-snapshot';
import { IcpApprovalSchema, IcpProfileSchema, type IcpApproval } from './icp';
import { evaluateIcp, IcpBandSchema } from './icp-evaluate';
import { IsoDateSchema } from './primitives';
import { RiskFlagSchema, type RiskCategory } from './risk-flag';

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
const MISALIGNMENT_SET: ReadonlySet<RiskCategory> = new Set(MISALIGNMENT_CATEGORIES);

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

export const ALIGNMENT_DEFINITIONS = {
  newClientsMisaligned: {
    label: 'New clients flagged as misaligned',
    definition:
      'Of the accounts closed-won in the 90 days up to the end of the period (or today, if sooner), the share with an open misalignment flag (overpromise, integration gap, free services, commercial mismatch, ICP drift), an undelivered roadmap-gap promise, or an ICP result of outside. Rounded to the nearest point; 100% and 0% only when all or none are.',
  },
  arrAtRisk: {
    label: 'ARR at risk from bad fit',
    definition:
      'ARR of live (not churned) accounts whose ICP band is fringe or outside and that either still need ICP approval or have an at-risk health score, as of today. Churned ARR is already gone, so it is not at risk.',
  },
  lostExpansion: {
    label: 'Lost expansion from misalignment',
    definition:
      'On bad-fit accounts (ICP fringe or outside, approved or not) closed-won in the period: expected expansion ARR minus the expansion ARR booked, never below 0 per account.',
  },
  wastedAcquisitionCost: {
    label: 'Wasted customer-acquisition cost',
    definition: 'Acquisition cost of bad-fit accounts closed-won in the period that churned or have no expansion ARR.',
  },
  'sold-outside-icp': {
    label: 'Sold outside the ICP',
    definition: 'Accounts closed-won in the period whose ICP band is fringe or outside, approved or not.',
  },
  'flagged-in-onboarding': {
    label: 'Flagged in onboarding',
    definition: 'Of those, accounts with any misalignment flag (resolved or not) or an undelivered roadmap-gap promise.',
  },
  'churned-or-no-expansion': {
    label: 'Churned or no expansion',
    definition: 'Of those, accounts that churned or have no expansion ARR.',
  },
} as const satisfies Record<string, MetricDefinition>;

export const AlignmentAccountRowSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  arr: z.number(),
  currency: z.string(),
  segment: SegmentSchema,
  ownerAe: z.string().nullable(),
  csm: z.string().nullable(),
  closedWonDate: IsoDateSchema.nullable(),
  icpBand: IcpBandSchema,
  icpScore: z.number().int().min(0).max(100),
  needsApproval: z.boolean(),
  healthScore: z.number().int().min(0).max(100).nullable(),
  healthBand: HealthBandSchema.nullable(),
  isNew: z.boolean(),
  // Closed-won in the period (every account when no period is given).
  inCohort: z.boolean(),
  misaligned: z.boolean(),
  misalignmentReasons: z.array(MisalignmentReasonSchema),
  badFit: z.boolean(),
  arrAtRisk: z.boolean(),
  churned: z.boolean(),
});

const MoneyTotalSchema = z.object({ accounts: z.number().int().min(0), accountIds: AccountIdsSchema, byCurrency: MoneyByCurrencySchema });

export const FunnelStepIdSchema = z.enum(['sold-outside-icp', 'flagged-in-onboarding', 'churned-or-no-expansion']);

export const AlignmentMetricsSchema = z.object({
  asOf: IsoDateSchema,
  // Every currency among the accounts looked at; amounts below are per currency.
  currencies: z.array(z.string()),
  newClients: z.object({
    windowDays: z.number().int(),
    from: IsoDateSchema,
    to: IsoDateSchema,
    count: z.number().int().min(0),
    accountIds: AccountIdsSchema,
    arr: MoneyByCurrencySchema,
    misalignedCount: z.number().int().min(0),
    misalignedAccountIds: AccountIdsSchema,
    misalignedArr: MoneyByCurrencySchema,
    // null when there are no new clients to take a share of.
    misalignedPercent: z.number().int().min(0).max(100).nullable(),
  }),
  arrAtRisk: MoneyTotalSchema,
  lostExpansion: MoneyTotalSchema,
  wastedAcquisitionCost: MoneyTotalSchema,
  funnel: z.array(
    z.object({
      step: FunnelStepIdSchema,
      label: z.string(),
      count: z.number().int().min(0),
      accountIds: AccountIdsSchema,
      arr: MoneyByCurrencySchema,
    }),
  ),
  accounts: z.array(AlignmentAccountRowSchema),
  notCounted: z.array(NotCountedSchema),
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
export function latestApprovals(approvals: readonly IcpApproval[]): Map<string, IcpApproval> {
  const map = new Map<string, IcpApproval>();
  for (let n = 0; n < approvals.length; n++) {
    const a = approvals[n]!;
    const prev = map.get(a.accountId);
    if (!prev || Date.parse(a.updatedAt) >= Date.parse(prev.updatedAt)) map.set(a.accountId, a);
  }
  return map;
}

/** The accounts with a misalignment flag (any, and open), and those with an undelivered roadmap-gap promise. */
export interface MisalignedAccounts {
  flagged: ReadonlySet<string>;
  openFlag: ReadonlySet<string>;
  roadmapGap: ReadonlySet<string>;
}

/** MisalignedAccounts of a portfolio's flags and commitments: one pass over each list. */
export function misalignedAccounts(portfolio: Pick<AlignmentPortfolio, 'flags' | 'commitments'>): MisalignedAccounts {
  const flagged = new Set<string>();
  const openFlag = new Set<string>();
  for (let n = 0; n < portfolio.flags.length; n++) {
    const f = portfolio.flags[n]!;
    if (f.accountId === null || !MISALIGNMENT_SET.has(f.category)) continue;
    flagged.add(f.accountId);
    if (!f.resolved) openFlag.add(f.accountId);
  }
  const roadmapGap = new Set<string>();
  for (let n = 0; n < portfolio.commitments.length; n++) {
    const c = portfolio.commitments[n]!;
    if (c.accountId !== null && isUndeliveredRoadmapGap(c)) roadmapGap.add(c.accountId);
  }
  return { flagged, openFlag, roadmapGap };
}

// One figure's accounts, in the order added, and its amounts summed per currency as they are added.
type Tally = ReturnType<typeof tally>;
function tally() {
  const accountIds: string[] = [];
  const totals = new Map<string, number>();
  return {
    accountIds,
    add(accountId: string, currency: string, amount: number) {
      accountIds.push(accountId);
      totals.set(currency, (totals.get(currency) ?? 0) + amount);
    },
    byCurrency: () => moneyByCurrency(totals),
    total: () => ({ accounts: accountIds.length, accountIds, byCurrency: moneyByCurrency(totals) }),
  };
}

/**
 * The alignment dashboard: how much of what sales closes is a bad fit, and
 * what that costs. Each number is defined in ALIGNMENT_DEFINITIONS; the
 * judgement calls behind them:
 * - bad fit: ICP band fringe or outside, approved or not. An approval records
 *   that the trade-off was accepted; it does not make lost expansion or a
 *   churned account's acquisition cost any less lost.
 * - a roadmap-gap commitment counts until it is delivered.
 * - the funnel, lost expansion and wasted acquisition cost follow the deals
 *   closed in the period (all deals without a filter); ARR at risk is today's.
 * - amounts are per currency; accounts that lack what a number needs (a close
 *   date, an expected expansion, an acquisition cost) are listed in notCounted.
 */
export function alignmentMetrics(
  portfolio: AlignmentPortfolio,
  now: Date,
  filter?: DashboardFilter,
  // Health already computed for these accounts (computeDashboard shares it across sections).
  health?: HealthIndex,
  // Each account's ICP result under this profile and these approvals, already computed (kept between filter changes).
  icpResults?: ReadonlyMap<string, IcpVerdict>,
  // The same figures for a portfolio that differs only in the records of `accounts` (their health, or the accounts
  // themselves): only their rows are worked out again, when each account keeps its row's place.
  after?: { previous: AlignmentMetrics; accounts: ReadonlySet<string> },
  // misalignedAccounts(portfolio), when already worked out (the dashboard keeps it while flags and commitments stand).
  misaligned: MisalignedAccounts = misalignedAccounts(portfolio),
  // The same figures for the same portfolio and the same accounts under another period: the rows are made again only
  // where the period places an account differently (a person trying periods changes no account).
  otherPeriod?: AlignmentMetrics,
): AlignmentMetrics {
  const weights = portfolio.weights ?? DEFAULT_HEALTH_WEIGHTS;
  const { flagged: flaggedAccounts, openFlag: openFlagAccounts, roadmapGap: gapAccounts } = misaligned;
  const snapshotsBy = health ? null : groupBy<HealthSnapshot & { accountId: string }>(portfolio.snapshots ?? []);
  let approvalsBy: Map<string, IcpApproval> | undefined;
  const today = toIsoDate(now);
  const windowTo = filter && filter.to < today ? filter.to : today;
  const windowFrom = toIsoDate(subDays(parseIsoDate(windowTo), NEW_CLIENT_WINDOW_DAYS));
  const accounts = selectAccounts(portfolio.accounts, filter);
  const healthOf = (id: string) => health?.get(id) ?? latestHealth(snapshotsBy?.get(id) ?? [], weights, today);
  const notCounted: NotCounted[] = [];
  const skip = (account: Account, metric: string, because: string) => notCounted.push(accountNotCounted(account, metric, because));

  // One row per account, in the order of `accounts` (the account behind rows[i] is accounts[i]).
  const isNewOn = (close: string | null) => close !== null && close >= windowFrom && close <= windowTo;
  const inCohortOn = (close: string | null) => !filter || (close !== null && inPeriod(close, filter));
  const rowOf = (account: Account): AlignmentAccountRow => {
    const icp =
      icpResults?.get(account.id) ??
      evaluateIcp(account, portfolio.icpProfile, (approvalsBy ??= latestApprovals(portfolio.approvals ?? [])).get(account.id));
    const health = healthOf(account.id);
    const gap = gapAccounts.has(account.id);

    const reasons: MisalignmentReason[] = [];
    if (openFlagAccounts.has(account.id)) reasons.push('open-flag');
    if (gap) reasons.push('roadmap-gap');
    if (icp.band === 'outside') reasons.push('icp-outside');

    const close = account.closedWonDate ?? null;
    const churned = account.lifecycleStage === 'churned';
    const badFit = icp.band !== 'fit';
    const healthBand = health.status === 'known' ? health.band : null;
    return {
      accountId: account.id,
      name: account.name,
      arr: account.arr,
      currency: account.currency,
      segment: account.segment,
      ownerAe: account.ownerAe ?? null,
      csm: account.csm ?? null,
      closedWonDate: close,
      icpBand: icp.band,
      icpScore: icp.score,
      needsApproval: icp.needsApproval,
      healthScore: health.status === 'known' ? health.score : null,
      healthBand,
      isNew: isNewOn(close),
      inCohort: inCohortOn(close),
      misaligned: reasons.length > 0,
      misalignmentReasons: reasons,
      badFit,
      arrAtRisk: badFit && !churned && (icp.needsApproval || healthBand === 'at-risk'),
      churned,
    };
  };
  // An account added, removed or moved in or out of the filter's selection moves the rows after it: then every row
  // is worked out afresh. Otherwise the kept rows stand but the written accounts'.
  let rows: AlignmentAccountRow[] | null = null;
  const previous = after?.previous.accounts;
  if (after && previous && previous.length === accounts.length) {
    rows = new Array<AlignmentAccountRow>(accounts.length);
    for (let i = 0; i < rows.length; i++) {
      const kept = previous[i]!;
      if (kept.accountId !== accounts[i]!.id) {
        rows = null;
        break;
      }
      rows[i] = after.accounts.has(kept.accountId) ? rowOf(accounts[i]!) : kept;
    }
  }
  if (!rows && otherPeriod && otherPeriod.accounts.length === accounts.length) {
    rows = otherPeriod.accounts.map((r) => {
      const isNew = isNewOn(r.closedWonDate);
      const inCohort = inCohortOn(r.closedWonDate);
      return r.isNew === isNew && r.inCohort === inCohort ? r : { ...r, isNew, inCohort };
    });
  }
  rows ??= accounts.map(rowOf);

  // Every figure below in one pass over the rows, each in row order (so its sums add up in the same order whatever
  // the path): on a large portfolio a pass per figure cost more than the figures.
  const undated: NotCounted[] = [];
  const newClients = tally();
  const newMisaligned = tally();
  const atRisk = tally();
  const lost = tally();
  const wasted = tally();
  const sold = tally();
  const flagged = tally();
  const noGrowth = tally();
  const currencies = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const account = accounts[i]!;
    currencies.add(account.currency);
    if (r.closedWonDate === null) {
      undated.push(accountNotCounted(account, 'newClients', 'no closed-won date, so it is not known whether it is a new client'));
      if (filter) {
        for (const metric of ['lostExpansion', 'wastedAcquisitionCost', 'funnel']) {
          undated.push(accountNotCounted(account, metric, 'no closed-won date, so it cannot be placed in the period'));
        }
      }
    }
    if (r.isNew) {
      newClients.add(r.accountId, r.currency, r.arr);
      if (r.misaligned) newMisaligned.add(r.accountId, r.currency, r.arr);
    }
    if (r.arrAtRisk) atRisk.add(r.accountId, r.currency, r.arr);
    if (!r.inCohort || !r.badFit) continue;
    sold.add(r.accountId, r.currency, r.arr);
    const { expectedExpansionArr, expansionArr, acquisitionCost } = account;
    if (expectedExpansionArr === undefined) skip(account, 'lostExpansion', 'no expected expansion ARR is recorded');
    else {
      const amount = Math.max(0, expectedExpansionArr - (expansionArr ?? 0));
      if (amount > 0) lost.add(r.accountId, r.currency, amount);
    }
    const noExpansion = r.churned || (expansionArr ?? 0) === 0;
    if (noExpansion) {
      if (acquisitionCost === undefined) skip(account, 'wastedAcquisitionCost', 'no acquisition cost is recorded');
      else wasted.add(r.accountId, r.currency, acquisitionCost);
    }
    if (gapAccounts.has(r.accountId) || flaggedAccounts.has(r.accountId)) {
      flagged.add(r.accountId, r.currency, r.arr);
      if (noExpansion) noGrowth.add(r.accountId, r.currency, r.arr);
    }
  }
  const step = (id: FunnelStepId, t: Tally) => ({
    step: id,
    label: ALIGNMENT_DEFINITIONS[id].label,
    count: t.accountIds.length,
    accountIds: t.accountIds,
    arr: t.byCurrency(),
  });

  return {
    asOf: today,
    currencies: [...currencies].sort(),
    newClients: {
      windowDays: NEW_CLIENT_WINDOW_DAYS,
      from: windowFrom,
      to: windowTo,
      count: newClients.accountIds.length,
      accountIds: newClients.accountIds,
      arr: newClients.byCurrency(),
      misalignedCount: newMisaligned.accountIds.length,
      misalignedAccountIds: newMisaligned.accountIds,
      misalignedArr: newMisaligned.byCurrency(),
      misalignedPercent: sharePercent(newMisaligned.accountIds.length, newClients.accountIds.length),
    },
    arrAtRisk: atRisk.total(),
    lostExpansion: lost.total(),
    wastedAcquisitionCost: wasted.total(),
    funnel: [step('sold-outside-icp', sold), step('flagged-in-onboarding', flagged), step('churned-or-no-expansion', noGrowth)],
    accounts: rows,
    // The accounts without a close date first, as they were always listed.
    notCounted: undated.concat(notCounted),
  };
}
