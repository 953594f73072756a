import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedAccount } from '../../../../test/accounts';
import type { AccountInput } from '../account';
import { DEFAULT_ICP_PROFILE } from '../defaults';
import { IcpProfileSchema, type IcpApproval, type IcpRule } from '../icp';
import { evaluateIcp } from '../icp-evaluate';
import { icpVerdicts } from './icp-verdict';

const T = '2024-05-01T10:00:00.000Z';
const approval = (status: IcpApproval['status'], accountId: string): IcpApproval => ({
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
const verdictOf = (e: ReturnType<typeof evaluateIcp>) => ({ band: e.band, score: e.score, needsApproval: e.needsApproval });

describe('icpVerdicts', () => {
  const textArb = fc.constantFrom('Software', ' software ', 'Retail', 'EMEA', 'smb', 'SAP', 'Salesforce', '', '  ');
  const ruleArb: fc.Arbitrary<IcpRule> = fc.oneof(
    fc.record({
      id: fc.constant('in'),
      field: fc.constantFrom('industry' as const, 'region' as const, 'segment' as const, 'integrations' as const, 'seats' as const),
      op: fc.constant('in' as const),
      values: fc.array(fc.constantFrom('Software', 'retail', 'EMEA', 'smb', 'Salesforce', 'SAP', '40'), { minLength: 1, maxLength: 4 }),
      weight: fc.integer({ min: 0, max: 100 }),
      hard: fc.boolean(),
    }),
    fc
      .record({
        id: fc.constant('range'),
        field: fc.constantFrom('employeeCount' as const, 'arr' as const, 'seats' as const, 'industry' as const),
        op: fc.constant('range' as const),
        min: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }),
        span: fc.integer({ min: 0, max: 200_000 }),
        weight: fc.integer({ min: 0, max: 100 }),
        hard: fc.boolean(),
      })
      .map(({ span, min, ...r }) => (min === undefined ? { ...r, max: span } : { ...r, min, max: min + span })),
    fc.record({
      id: fc.constant('equals'),
      field: fc.constantFrom('segment' as const, 'industry' as const, 'integrations' as const, 'seats' as const),
      op: fc.constant('equals' as const),
      value: fc.oneof(
        textArb.filter((t) => t.trim() !== ''),
        fc.constantFrom(40, 41),
        fc.boolean(),
      ),
      weight: fc.integer({ min: 0, max: 100 }),
      hard: fc.boolean(),
    }),
  );
  const fieldsArb = fc.record(
    {
      industry: textArb,
      region: textArb,
      segment: fc.constantFrom('enterprise' as const, 'mid-market' as const, 'smb' as const),
      employeeCount: fc.integer({ min: 0, max: 100_000 }),
      seats: fc.constantFrom(0, 40, 41, 5000),
      arr: fc.integer({ min: 0, max: 1_000_000 }),
      integrations: fc.array(fc.constantFrom('Salesforce', ' sap', 'Slack'), { maxLength: 3 }),
    },
    { requiredKeys: ['segment', 'arr'] },
  );

  it('gives the band, score and approval need evaluateIcp gives, for any profile, account and approval', () => {
    fc.assert(
      fc.property(
        fieldsArb,
        fc.array(ruleArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom(null, 'pending', 'approved', 'rejected', 'approved-other'),
        (fields, rules, a, b, approvalKind) => {
          const account = storedAccount('acc-1', {
            employeeCount: undefined,
            industry: undefined,
            region: undefined,
            ...fields,
          } as Partial<AccountInput>);
          const profile = IcpProfileSchema.parse({ id: 'p', name: 'p', rules, fitThreshold: Math.max(a, b), fringeThreshold: Math.min(a, b) });
          const given =
            approvalKind === null
              ? undefined
              : approvalKind === 'approved-other'
                ? approval('approved', 'acc-2')
                : approval(approvalKind as IcpApproval['status'], 'acc-1');
          expect(icpVerdicts(profile)(account, given)).toEqual(verdictOf(evaluateIcp(account, profile, given)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees with evaluateIcp on the default profile', () => {
    const accounts = [
      storedAccount('a', { integrations: ['Salesforce', 'SAP'] }),
      storedAccount('b', { integrations: [] }),
      storedAccount('c', { industry: '  ', employeeCount: undefined }),
    ];
    for (const account of accounts) {
      expect(icpVerdicts(DEFAULT_ICP_PROFILE)(account, approval('approved', account.id))).toEqual(
        verdictOf(evaluateIcp(account, DEFAULT_ICP_PROFILE, approval('approved', account.id))),
      );
      expect(icpVerdicts(DEFAULT_ICP_PROFILE)(account)).toEqual(verdictOf(evaluateIcp(account, DEFAULT_ICP_PROFILE)));
    }
  });
});
