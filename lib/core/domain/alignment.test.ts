import fc from 'fast-check';
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
      from: '2024-02-15',
      to: '2024-05-15',
      count: 4,
      accountIds: ['fit-new', 'fringe-new', 'fringe-approved-at-risk', 'outside-new-flag'],
      arr: [{ currency: 'USD', amount: 210_000 }],
      misalignedCount: 2,
      misalignedAccountIds: ['fringe-new', 'outside-new-flag'],
      misalignedArr: [{ currency: 'USD', amount: 70_000 }],
      misalignedPercent: 50,
    });
    expect(row('fringe-new')?.misalignmentReasons).toEqual(['roadmap-gap']);
    expect(row('outside-new-flag')?.misalignmentReasons).toEqual(['open-flag', 'icp-outside']);
    // A timeline flag, a delivered integration and a pricing promise are not misalignment.
    expect(row('fit-new')?.misaligned).toBe(false);
  });

  it('prices ARR at risk from bad fit: unapproved or unhealthy, never churned, never a fitting account', () => {
    expect(m.arrAtRisk).toEqual({
      accounts: 3,
      accountIds: ['fringe-new', 'fringe-approved-at-risk', 'outside-new-flag'],
      byCurrency: [{ currency: 'USD', amount: 110_000 }],
    });
    expect(row('fit-new')?.healthBand).toBe('at-risk');
    expect(row('fringe-approved-healthy')).toMatchObject({ needsApproval: false, arrAtRisk: false });
  });

  it('sums lost expansion on bad-fit accounts, floored at 0', () => {
    // fringe-new 20k - 0, outside-churned 10k - 0, fringe-approved-at-risk 10k - 12k → 0
    expect(m.lostExpansion).toEqual({
      accounts: 2,
      accountIds: ['fringe-new', 'outside-churned'],
      byCurrency: [{ currency: 'USD', amount: 30_000 }],
    });
    // No expected expansion recorded: listed, not silently taken as 0.
    expect(m.notCounted).toContainEqual(expect.objectContaining({ metric: 'lostExpansion', id: 'fringe-approved-healthy' }));
  });

  it('counts acquisition cost wasted on bad-fit accounts that churned or never expanded', () => {
    expect(m.wastedAcquisitionCost).toEqual({ accounts: 1, accountIds: ['outside-churned'], byCurrency: [{ currency: 'USD', amount: 30_000 }] });
    // fringe-new never expanded but has no acquisition cost on record.
    expect(m.notCounted).toContainEqual(
      expect.objectContaining({ metric: 'wastedAcquisitionCost', id: 'fringe-new', because: expect.stringMatching(/no acquisition cost/) }),
    );
  });

  it('follows bad-fit deals through onboarding flags to churn or no expansion', () => {
    const usd = (amount: number) => [{ currency: 'USD', amount }];
    expect(m.funnel).toEqual([
      {
        step: 'sold-outside-icp',
        label: 'Sold outside the ICP',
        count: 5,
        accountIds: ['fringe-new', 'outside-churned', 'fringe-approved-at-risk', 'fringe-approved-healthy', 'outside-new-flag'],
        arr: usd(220_000),
      },
      {
        step: 'flagged-in-onboarding',
        label: 'Flagged in onboarding',
        count: 3,
        accountIds: ['fringe-new', 'outside-churned', 'outside-new-flag'],
        arr: usd(150_000),
      },
      {
        step: 'churned-or-no-expansion',
        label: 'Churned or no expansion',
        count: 2,
        accountIds: ['fringe-new', 'outside-churned'],
        arr: usd(130_000),
      },
    ]);
  });

  it('handles an empty portfolio without dividing by zero', () => {
    const empty = alignmentMetrics({ icpProfile, accounts: [], commitments: [], flags: [] }, NOW);
    expect(empty.newClients).toMatchObject({ count: 0, misalignedPercent: null });
    expect(empty.funnel.every((s) => s.count === 0 && s.arr.length === 0)).toBe(true);
  });

  it('keeps amounts per currency, never summed across currencies', () => {
    const eu = account('eu', { currency: 'EUR', arr: 9_000, integrations: ['SAP'], closedWonDate: '2024-05-01' });
    const mixed = alignmentMetrics({ ...portfolio, accounts: [...portfolio.accounts, eu] }, NOW);
    expect(mixed.currencies).toEqual(['EUR', 'USD']);
    expect(mixed.newClients.arr).toEqual([
      { currency: 'EUR', amount: 9_000 },
      { currency: 'USD', amount: 210_000 },
    ]);
    expect(mixed.arrAtRisk.byCurrency).toEqual([
      { currency: 'EUR', amount: 9_000 },
      { currency: 'USD', amount: 110_000 },
    ]);
  });

  it('counts accounts with missing fields where it can and lists them where it cannot', () => {
    const gaps = alignmentMetrics(
      {
        icpProfile,
        commitments: [],
        flags: [],
        accounts: [
          account('no-close', { arr: 10_000, industry: 'Retail' }),
          account('zero-arr', { arr: 0, closedWonDate: '2024-05-01', industry: 'Retail', acquisitionCost: 5_000, expectedExpansionArr: 0 }),
          account('no-owner', { arr: 7_000, closedWonDate: '2024-05-02', industry: 'Retail' }),
        ],
      },
      NOW,
    );
    // Zero ARR and no owner still count; they just add nothing to ARR.
    expect(gaps.newClients).toMatchObject({ count: 2, accountIds: ['zero-arr', 'no-owner'], arr: [{ currency: 'USD', amount: 7_000 }] });
    expect(gaps.arrAtRisk.accountIds).toEqual(['no-close', 'zero-arr', 'no-owner']);
    expect(gaps.wastedAcquisitionCost).toMatchObject({ accounts: 1, accountIds: ['zero-arr'] });
    expect(gaps.notCounted.filter((x) => x.id === 'no-close').map((x) => [x.metric, x.because])).toEqual([
      ['newClients', expect.stringMatching(/no closed-won date/)],
      ['lostExpansion', expect.stringMatching(/no expected expansion/)],
      ['wastedAcquisitionCost', expect.stringMatching(/no acquisition cost/)],
    ]);
  });

  it('applies the filters: account filters select, the period picks the deals and ends the new-client window', () => {
    const f = alignmentMetrics(portfolio, NOW, { from: '2024-03-01', to: '2024-04-30', segment: 'mid-market' });
    expect(f.newClients).toMatchObject({
      from: '2024-01-31',
      to: '2024-04-30',
      accountIds: ['fit-new', 'fringe-approved-at-risk', 'outside-new-flag'],
    });
    // Only deals closed in March–April enter the funnel.
    expect(f.funnel[0]!.accountIds).toEqual(['fringe-approved-at-risk']);
    // ARR at risk is today's, whatever the period.
    expect(f.arrAtRisk.accountIds).toEqual(m.arrAtRisk.accountIds);
    expect(alignmentMetrics(portfolio, NOW, { from: '2020-01-01', to: '2024-12-31', segment: 'smb' }).accounts).toEqual([]);
    const byAe = alignmentMetrics(
      { ...portfolio, accounts: portfolio.accounts.map((a) => ({ ...a, ownerAe: a.id === 'fit-new' ? 'Ann' : 'Bo' })) },
      NOW,
      {
        from: '2020-01-01',
        to: '2024-12-31',
        ownerAe: 'Ann',
      },
    );
    expect(byAe.accounts.map((r) => r.accountId)).toEqual(['fit-new']);
  });
});

describe('alignmentMetrics properties', () => {
  const accountArb = fc.record({
    arr: fc.integer({ min: 0, max: 2_000_000 }),
    closedAgo: fc.option(fc.integer({ min: -30, max: 400 }), { nil: undefined }),
    industry: fc.constantFrom('Software', 'Retail'),
    sap: fc.boolean(),
    churned: fc.boolean(),
    currency: fc.constantFrom('USD', 'EUR'),
    expansionArr: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
    flagged: fc.boolean(),
  });

  it('keeps the misaligned share within 0–100 and each funnel step within the one before', () => {
    fc.assert(
      fc.property(fc.array(accountArb, { maxLength: 25 }), (specs) => {
        const accounts = specs.map((s, i) =>
          account(`p${i}`, {
            arr: s.arr,
            industry: s.industry,
            integrations: s.sap ? ['SAP'] : ['Salesforce'],
            currency: s.currency,
            lifecycleStage: s.churned ? 'churned' : 'onboarding',
            ...(s.closedAgo !== undefined
              ? { closedWonDate: new Date(Date.UTC(2024, 4, 15) - s.closedAgo * 86_400_000).toISOString().slice(0, 10) }
              : {}),
            ...(s.expansionArr !== undefined ? { expansionArr: s.expansionArr } : {}),
          }),
        );
        const flags = specs.flatMap((s, i) => (s.flagged ? [flag(`pf${i}`, `p${i}`, 'overpromise')] : []));
        const r = alignmentMetrics({ icpProfile, accounts, commitments: [], flags }, NOW);
        const pct = r.newClients.misalignedPercent;
        if (r.newClients.count === 0) expect(pct).toBeNull();
        else {
          expect(pct).toBeGreaterThanOrEqual(0);
          expect(pct).toBeLessThanOrEqual(100);
          expect(pct === 100).toBe(r.newClients.misalignedCount === r.newClients.count);
        }
        for (let i = 1; i < r.funnel.length; i++) {
          expect(r.funnel[i - 1]!.accountIds).toEqual(expect.arrayContaining(r.funnel[i]!.accountIds));
        }
        // Every account is in the rows, whatever it lacks.
        expect(r.accounts).toHaveLength(accounts.length);
      }),
    );
  });
});
