import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import { ArrChangeSchema, type ArrChange, type ArrChangeInput } from './arr-history';
import { earlyChurn, EarlyChurnSchema } from './early-churn';

const NOW = new Date(2024, 11, 31, 12);
const account = (id: string, over: Partial<AccountInput>): Account => storedAccount(id, over);
let n = 0;
const ch = (accountId: string, date: string, reason: ArrChange['reason'], over: Partial<ArrChangeInput>): ArrChange =>
  ArrChangeSchema.parse({ id: `c${++n}`, accountId, date, currency: 'USD', reason, ...over });

describe('earlyChurn', () => {
  const accounts = [
    account('ann-early', { ownerAe: 'Ann', closedWonDate: '2024-03-01', lifecycleStage: 'churned' }),
    account('ann-kept', { ownerAe: 'Ann', closedWonDate: '2024-04-01' }),
    account('ann-late-churn', { ownerAe: 'Ann', closedWonDate: '2024-02-01', lifecycleStage: 'churned' }),
    account('bo-day-90', { ownerAe: 'Bo', closedWonDate: '2024-05-01', lifecycleStage: 'churned', currency: 'EUR' }),
    account('bo-pending', { ownerAe: 'Bo', closedWonDate: '2024-12-01' }),
    account('no-owner', { closedWonDate: '2024-06-01', lifecycleStage: 'churned' }),
    account('no-close', { ownerAe: 'Bo' }),
    account('no-churn-date', { ownerAe: 'Bo', closedWonDate: '2024-03-01', lifecycleStage: 'churned' }),
    account('before-period', { ownerAe: 'Bo', closedWonDate: '2023-03-01', lifecycleStage: 'churned' }),
  ];
  const changes = [
    ch('ann-early', '2024-03-01', 'new', { arrAfter: 100 }),
    ch('ann-early', '2024-03-20', 'expansion', { delta: 20 }),
    ch('ann-early', '2024-04-15', 'churn', { arrAfter: 0 }),
    ch('ann-late-churn', '2024-02-01', 'new', { arrAfter: 50 }),
    ch('ann-late-churn', '2024-09-01', 'churn', { arrAfter: 0 }),
    ch('bo-day-90', '2024-05-01', 'new', { arrAfter: 70, currency: 'EUR' }),
    ch('bo-day-90', '2024-07-30', 'churn', { arrAfter: 0, currency: 'EUR' }),
    ch('no-owner', '2024-06-01', 'new', { arrAfter: 10 }),
    ch('no-owner', '2024-06-11', 'churn', { delta: -10 }),
  ];
  const r = earlyChurn({ accounts, arrChanges: changes }, NOW, { from: '2024-01-01', to: '2024-12-31' });

  it('takes the share of judged accounts that churned within 90 days, by owner AE', () => {
    expect(EarlyChurnSchema.parse(r)).toEqual(r);
    expect(r.byAe).toEqual([
      {
        ownerAe: 'Ann',
        judged: 3,
        churned: 1,
        percent: 33,
        accountIds: ['ann-early', 'ann-kept', 'ann-late-churn'],
        churnedAccountIds: ['ann-early'],
        pendingAccountIds: [],
        churnedArr: [{ currency: 'USD', amount: 120 }],
      },
      {
        ownerAe: 'Bo',
        judged: 1,
        churned: 1,
        percent: 100,
        accountIds: ['bo-day-90'],
        churnedAccountIds: ['bo-day-90'],
        pendingAccountIds: ['bo-pending'],
        churnedArr: [{ currency: 'EUR', amount: 70 }],
      },
    ]);
    expect(r.total).toMatchObject({ judged: 5, churned: 3, percent: 60 });
    expect(r.total.churnedArr).toEqual([
      { currency: 'EUR', amount: 70 },
      { currency: 'USD', amount: 130 },
    ]);
  });

  it('lists what it cannot judge or attribute', () => {
    expect(r.notCounted.map((x) => [x.id, x.metric, x.because])).toEqual([
      ['no-owner', 'earlyChurn.byAe', expect.stringMatching(/no owner AE/)],
      ['no-close', 'earlyChurn', expect.stringMatching(/no closed-won date/)],
      ['no-churn-date', 'earlyChurn', expect.stringMatching(/no churn date/)],
    ]);
  });

  it('applies the account filters', () => {
    const bo = earlyChurn({ accounts, arrChanges: changes }, NOW, { from: '2024-01-01', to: '2024-12-31', ownerAe: 'Bo' });
    expect(bo.byAe.map((x) => x.ownerAe)).toEqual(['Bo']);
    expect(bo.total.accountIds).toEqual(['bo-day-90']);
  });
});
