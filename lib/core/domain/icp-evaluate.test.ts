import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountSchema, type Account, type AccountInput } from './account';
import { DEFAULT_ICP_PROFILE } from './defaults';
import { IcpProfileSchema, type IcpApproval, type IcpProfile, type IcpRule } from './icp';
import { evaluateIcp, ICP_BAND_RANK, IcpEvaluationSchema } from './icp-evaluate';

const T = '2024-05-01T09:00:00Z';
const account = (over: Partial<AccountInput> = {}): Account =>
  AccountSchema.parse({
    version: 1,
    createdAt: T,
    updatedAt: T,
    id: 'acc-1',
    name: 'Acme',
    segment: 'mid-market',
    industry: 'Software',
    employeeCount: 800,
    region: 'EMEA',
    arr: 60000,
    integrations: ['Salesforce', 'Slack'],
    lifecycleStage: 'onboarding',
    ...over,
  });
const approval = (status: IcpApproval['status'], accountId = 'acc-1'): IcpApproval => ({
  version: 1,
  createdAt: T,
  updatedAt: T,
  accountId,
  status,
  requestedBy: 'AE',
  requestedAt: T,
  reason: 'Strategic logo',
  tradeOffs: 'Custom SAP work',
});
const profile = (rules: IcpRule[], fit = 75, fringe = 50): IcpProfile =>
  IcpProfileSchema.parse({ id: 'p', name: 'p', rules, fitThreshold: fit, fringeThreshold: fringe });
const industryRule: IcpRule = { id: 'ind', field: 'industry', op: 'in', values: ['Software', 'Fintech', 'Logistics'], weight: 40, hard: false };
const sizeRule: IcpRule = { id: 'size', field: 'employeeCount', op: 'range', min: 200, max: 5000, weight: 30, hard: false };
const segRule: IcpRule = { id: 'seg', field: 'segment', op: 'equals', value: 'mid-market', weight: 30, hard: false };
const intRule: IcpRule = { id: 'int', field: 'integrations', op: 'in', values: ['Salesforce', 'HubSpot', 'Slack'], weight: 0, hard: true };

describe('evaluateIcp', () => {
  it('fits when every rule passes', () => {
    const r = evaluateIcp(account(), profile([industryRule, sizeRule, segRule, intRule]));
    expect(r).toMatchObject({ band: 'fit', score: 100, hardFailures: [], needsApproval: false, approvalStatus: 'none' });
    expect(IcpEvaluationSchema.parse(r)).toEqual(r);
  });

  it('explains a failed "in" rule in a sentence', () => {
    const r = evaluateIcp(account({ industry: 'Retail' }), profile([industryRule, sizeRule, segRule]));
    const reason = r.reasons.find((x) => x.ruleId === 'ind');
    expect(reason).toMatchObject({ passed: false, known: true, hard: false, weight: 40 });
    expect(reason?.detail).toBe('Industry Retail is not in Software, Fintech, Logistics');
    expect(r.score).toBe(60);
    expect(r.band).toBe('fringe');
  });

  it('matches list values case- and space-insensitively', () => {
    expect(evaluateIcp(account({ industry: ' fintech ' }), profile([industryRule])).band).toBe('fit');
  });

  it.each([
    [199, false, 'below the minimum of 200'],
    [200, true, 'within 200–5,000'],
    [5000, true, 'within 200–5,000'],
    [5001, false, 'above the maximum of 5,000'],
  ])('range is inclusive: %i employees → passed %s', (employeeCount, passed, phrase) => {
    const [reason] = evaluateIcp(account({ employeeCount }), profile([sizeRule])).reasons;
    expect(reason?.passed).toBe(passed);
    expect(reason?.detail).toContain(phrase);
  });

  it('needs every account integration to be in the list', () => {
    const r = evaluateIcp(account({ integrations: ['Salesforce', 'SAP'] }), profile([industryRule, intRule]));
    expect(r.band).toBe('outside');
    expect(r.hardFailures.map((h) => h.ruleId)).toEqual(['int']);
    expect(r.hardFailures[0]?.detail).toContain('SAP is not in');
    expect(evaluateIcp(account({ integrations: [] }), profile([intRule])).reasons[0]?.passed).toBe(true);
  });

  it('a failed hard rule puts the account outside even with a high score', () => {
    const hardSeg = { ...segRule, hard: true, weight: 1 };
    const r = evaluateIcp(account({ segment: 'enterprise' }), profile([industryRule, sizeRule, hardSeg]));
    expect(r.score).toBe(99);
    expect(r.band).toBe('outside');
    expect(r.reasons.find((x) => x.ruleId === 'seg')?.detail).toBe('Segment enterprise is not mid-market');
  });

  it('counts a missing field as not satisfied, with an "unknown" detail', () => {
    const r = evaluateIcp(account({ employeeCount: undefined, industry: undefined }), profile([industryRule, sizeRule, segRule]));
    const size = r.reasons.find((x) => x.ruleId === 'size');
    expect(size).toMatchObject({ passed: false, known: false });
    expect(size?.detail).toMatch(/unknown/);
    expect(r.score).toBe(30);
    expect(r.band).toBe('outside');
  });

  it.each([
    [undefined, true, 'none'],
    ['requested', true, 'requested'],
    ['rejected', true, 'rejected'],
    ['approved', false, 'approved'],
  ] as const)('approval %s → needsApproval %s', (status, needs, shown) => {
    const r = evaluateIcp(account({ industry: 'Retail' }), profile([industryRule, sizeRule, segRule]), status && approval(status));
    expect(r.band).toBe('fringe');
    expect(r.needsApproval).toBe(needs);
    expect(r.approvalStatus).toBe(shown);
  });

  it('ignores an approval recorded for another account', () => {
    const r = evaluateIcp(account({ industry: 'Retail' }), profile([industryRule, sizeRule, segRule]), approval('approved', 'acc-2'));
    expect(r).toMatchObject({ needsApproval: true, approvalStatus: 'none' });
  });

  it('never needs approval when the account fits', () => {
    expect(evaluateIcp(account(), profile([industryRule]), approval('requested')).needsApproval).toBe(false);
  });

  it('evaluates the default profile with readable labels', () => {
    const r = evaluateIcp(account({ integrations: ['Salesforce', 'SAP'] }), DEFAULT_ICP_PROFILE);
    expect(r.band).toBe('outside');
    expect(r.reasons.every((x) => x.label.length > 0 && x.detail.length > 0)).toBe(true);
  });

  const valueArb = fc.constantFrom('Software', 'Retail', 'Fintech', 'EMEA', 'APAC', 'mid-market', 'smb');
  const ruleArb: fc.Arbitrary<IcpRule> = fc.oneof(
    fc.record({
      id: fc.constantFrom('r1', 'r2', 'r3'),
      field: fc.constantFrom('industry' as const, 'region' as const, 'segment' as const, 'integrations' as const),
      op: fc.constant('in' as const),
      values: fc.array(fc.constantFrom('Software', 'Retail', 'EMEA', 'smb', 'Salesforce', 'SAP'), { minLength: 1, maxLength: 4 }),
      weight: fc.integer({ min: 0, max: 100 }),
      hard: fc.boolean(),
    }),
    fc
      .record({
        id: fc.constant('r4'),
        field: fc.constantFrom('employeeCount' as const, 'arr' as const, 'seats' as const),
        op: fc.constant('range' as const),
        min: fc.integer({ min: 0, max: 50_000 }),
        span: fc.integer({ min: 0, max: 200_000 }),
        weight: fc.integer({ min: 0, max: 100 }),
        hard: fc.boolean(),
      })
      .map(({ span, ...r }) => ({ ...r, max: r.min + span })),
    fc.record({
      id: fc.constant('r5'),
      field: fc.constantFrom('segment' as const, 'industry' as const),
      op: fc.constant('equals' as const),
      value: valueArb,
      weight: fc.integer({ min: 0, max: 100 }),
      hard: fc.boolean(),
    }),
  );
  const accountArb = fc.record(
    {
      industry: valueArb,
      region: valueArb,
      segment: fc.constantFrom('enterprise' as const, 'mid-market' as const, 'smb' as const),
      employeeCount: fc.integer({ min: 0, max: 100_000 }),
      seats: fc.integer({ min: 0, max: 5000 }),
      arr: fc.integer({ min: 0, max: 1_000_000 }),
      integrations: fc.array(fc.constantFrom('Salesforce', 'SAP', 'Slack'), { maxLength: 3 }),
    },
    { requiredKeys: ['segment', 'arr'] },
  );

  it('adding a satisfied rule never lowers the score or the band', () => {
    fc.assert(
      fc.property(
        accountArb,
        fc.array(ruleArb, { maxLength: 6 }),
        ruleArb,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (fields, rules, extra, a, b) => {
          const acc = account({ employeeCount: undefined, industry: undefined, region: undefined, ...fields });
          const p = profile(rules, Math.max(a, b), Math.min(a, b));
          const before = evaluateIcp(acc, p);
          const extraResult = evaluateIcp(acc, profile([extra], 100, 0)).reasons[0];
          fc.pre(extraResult?.passed === true);
          const after = evaluateIcp(acc, profile([...rules, extra], Math.max(a, b), Math.min(a, b)));
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          expect(ICP_BAND_RANK[after.band]).toBeGreaterThanOrEqual(ICP_BAND_RANK[before.band]);
        },
      ),
    );
  });
});
