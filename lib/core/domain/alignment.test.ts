import { describe, expect, it } from 'vitest';
import { AccountSchema, type Account, type AccountInput } from './account';
import { alignmentMetrics, AlignmentMetricsSchema, type AlignmentPortfolio } from './alignment';
import type { Commitment } from './commitment';
import type { HealthSnapshot } from './health-snapshot';
import { IcpProfileSchema, type IcpApproval } from './icp';
import type { RiskFlag } from './risk-flag';

const NOW = new Date(2024, 4, 15, 12); // Wed 15 May 2024
const T = '2024-05-01T09:00:00Z';
const meta = { version: 1, createdAt: T, updatedAt: T };

const account = (id: string, over: Partial<AccountInput>): Account =>
  AccountSchema.parse({
    ...meta,
    id,
    name: id,
    segment: 'mid-market',
    industry: 'Software',
    arr: 0,
    integrations: ['Salesforce'],
    lifecycleStage: 'onboarding',
    ...over,
  });
const flag = (id: string, accountId: string | null, category: RiskFlag['category'], resolved = false): RiskFlag => ({
  ...meta,
  id,
  accountId,
  category,
  severity: 'high',
  createdBy: 'AE',
  resolved,
});
const commitment = (id: string, accountId: string, over: Partial<Commitment>): Commitment => ({
  ...meta,
  id,
  accountId,
  text: 'Promise',
  kind: 'integration',
  status: 'open',
  roadmapStatus: 'not-on-roadmap',
  createdBy: 'AE',
  ...over,
});
const approved = (accountId: string, status: IcpApproval['status'] = 'approved', updatedAt = T): IcpApproval => ({
  ...meta,
  updatedAt,
  accountId,
  status,
  requestedBy: 'AE',
  requestedAt: T,
  reason: 'Strategic',
  tradeOffs: 'Extra onboarding effort',
});
const snapshot = (accountId: string, adoptionPct: number): HealthSnapshot => ({ id: `h-${accountId}`, accountId, date: '2024-05-10', adoptionPct });

// Industry is soft (a miss gives 50 = fringe); integrations are hard (a miss is outside).
const icpProfile = IcpProfileSchema.parse({
  id: 'p',
  name: 'p',
  fitThreshold: 75,
  fringeThreshold: 50,
  rules: [
    { id: 'ind', field: 'industry', op: 'in', values: ['Software'], weight: 50, hard: false },
    { id: 'int', field: 'integrations', op: 'in', values: ['Salesforce', 'HubSpot'], weight: 50, hard: true },
  ],
});

const portfolio: AlignmentPortfolio = {
  icpProfile,
  accounts: [
    account('fit-new', { arr: 100_000, closedWonDate: '2024-04-01', expectedExpansionArr: 50_000 }),
    account('fringe-new', { arr: 50_000, industry: 'Retail', closedWonDate: '2024-05-01', expectedExpansionArr: 20_000 }),
    account('outside-churned', {
      arr: 80_000,
      integrations: ['SAP'],
      closedWonDate: '2023-06-01',
      lifecycleStage: 'churned',
      acquisitionCost: 30_000,
      expectedExpansionArr: 10_000,
    }),
    account('fringe-approved-at-risk', {
      arr: 40_000,
      industry: 'Retail',
      closedWonDate: '2024-03-01',
      expectedExpansionArr: 10_000,
      expansionArr: 12_000,
    }),
    account('fringe-approved-healthy', { arr: 30_000, industry: 'Retail', closedWonDate: '2024-05-20', expansionArr: 1_000 }),
    account('outside-new-flag', { arr: 20_000, integrations: ['SAP'], closedWonDate: '2024-02-15', expansionArr: 5_000 }),
    account('fit-old-churned', { arr: 70_000, closedWonDate: '2022-01-10', lifecycleStage: 'churned', acquisitionCost: 99_000 }),
  ],
  flags: [
    flag('f1', 'fit-new', 'timeline'),
    flag('f2', 'outside-churned', 'overpromise', true),
    flag('f3', 'outside-new-flag', 'integration-gap'),
    flag('f4', null, 'overpromise'),
  ],
  commitments: [
    commitment('c1', 'fringe-new', { roadmapStatus: 'not-on-roadmap' }),
    commitment('c2', 'fit-new', { status: 'delivered' }),
    commitment('c3', 'fit-new', { kind: 'pricing' }),
  ],
  approvals: [
    approved('fringe-approved-at-risk'),
    approved('fringe-approved-healthy', 'requested', '2024-04-01T00:00:00Z'),
    approved('fringe-approved-healthy', 'approved', '2024-04-20T00:00:00Z'),
  ],
  snapshots: [snapshot('fringe-approved-at-risk', 10), snapshot('fit-new', 20)],
};

describe('alignmentMetrics', () => {
  const m = alignmentMetrics(portfolio, NOW);
  const row = (id: string) => m.accounts.find((r) => r.accountId === id);

  it('produces a result matching its schema', () => {
    expect(AlignmentMetricsSchema.parse(m)).toEqual(m);
    expect(m.asOf).toBe('2024-05-15');
    expect(m.currencies).toEqual(['USD']);
  });

  it('counts new clients over the last 90 days and the share misaligned', () => {
    expect(m.accounts.filter((r) => r.isNew).map((r) => r.accountId)).toEqual([
      'fit-new',
      'fringe-new',
      'fringe-approved-at-risk',
      'outside-new-flag',
    ]);
    expect(m.newClients).toEqual({
      windowDays: 90,
      count: 4,
      arr: 210_000,
      misalignedCount: 2,
      misalignedArr: 70_000,
      misalignedPercent: 50,
    });
    expect(row('fringe-new')?.misalignmentReasons).toEqual(['roadmap-gap']);
    expect(row('outside-new-flag')?.misalignmentReasons).toEqual(['open-flag', 'icp-outside']);
    // A timeline flag, a delivered integration and a pricing promise are not misalignment.
    expect(row('fit-new')?.misaligned).toBe(false);
  });

  it('prices ARR at risk from bad fit: unapproved or unhealthy, never churned, never a fitting account', () => {
    expect(m.arrAtRisk).toEqual({ amount: 110_000, accounts: 3 });
    expect(m.accounts.filter((r) => r.arrAtRisk).map((r) => r.accountId)).toEqual(['fringe-new', 'fringe-approved-at-risk', 'outside-new-flag']);
    expect(row('fit-new')?.healthBand).toBe('at-risk');
    expect(row('fringe-approved-healthy')).toMatchObject({ needsApproval: false, arrAtRisk: false });
  });

  it('sums lost expansion on bad-fit accounts, floored at 0', () => {
    // fringe-new 20k - 0, outside-churned 10k - 0, fringe-approved-at-risk 10k - 12k → 0
    expect(m.lostExpansion).toEqual({ amount: 30_000, accounts: 2 });
  });

  it('counts acquisition cost wasted on bad-fit accounts that churned', () => {
    expect(m.wastedAcquisitionCost).toEqual({ amount: 30_000, accounts: 1 });
  });

  it('follows bad-fit deals through onboarding flags to churn or no expansion', () => {
    expect(m.funnel).toEqual([
      { step: 'sold-outside-icp', label: 'Sold outside the ICP', count: 5, arr: 220_000 },
      { step: 'flagged-in-onboarding', label: 'Flagged in onboarding', count: 3, arr: 150_000 },
      { step: 'churned-or-no-expansion', label: 'Churned or no expansion', count: 2, arr: 130_000 },
    ]);
  });

  it('handles an empty portfolio without dividing by zero', () => {
    const empty = alignmentMetrics({ icpProfile, accounts: [], commitments: [], flags: [] }, NOW);
    expect(empty.newClients).toMatchObject({ count: 0, misalignedPercent: null });
    expect(empty.funnel.every((s) => s.count === 0 && s.arr === 0)).toBe(true);
  });

  it('lists every currency so mixed totals can be called out', () => {
    const mixed = alignmentMetrics({ ...portfolio, accounts: [...portfolio.accounts, account('eu', { currency: 'EUR' })] }, NOW);
    expect(mixed.currencies).toEqual(['EUR', 'USD']);
  });
});
