import { describe, expect, it } from 'vitest';
import type { Account } from '../account';
import type { Commitment } from '../commitment';
import type { HealthSnapshot } from '../health-snapshot';
import { ArrChangeSchema } from './arr-history';
import { commitmentStatus } from '../commitment-status';
import { promiseLedger, PromiseLedgerSchema, promiseOutcome } from './promise-ledger';

const NOW = new Date(2024, 5, 30, 12);
const T = '2024-01-10T09:00:00Z';
type Acc = Pick<Account, 'id' | 'name' | 'segment' | 'ownerAe' | 'csm' | 'arr' | 'currency'>;
const acc = (id: string, over: Partial<Acc> = {}): Acc => ({
  id,
  name: `Account ${id}`,
  segment: 'mid-market',
  ownerAe: 'Ann',
  csm: 'Cy',
  arr: 100,
  currency: 'USD',
  ...over,
});
let n = 0;
const c = (accountId: string | null, over: Partial<Commitment>): Commitment => ({
  version: 1,
  createdAt: T,
  updatedAt: T,
  id: `cm${++n}`,
  accountId,
  text: `Promise ${n}`,
  kind: 'feature',
  status: 'open',
  roadmapStatus: 'live',
  createdBy: 'Ann',
  madeOn: '2024-02-01',
  ...over,
});
const snap = (accountId: string, date: string, adoptionPct: number): HealthSnapshot => ({
  id: `s-${accountId}-${date}`,
  accountId,
  date,
  adoptionPct,
});

describe('promiseLedger', () => {
  const accounts = [
    acc('a1'),
    acc('a2', { ownerAe: 'Bo', arr: 300, currency: 'EUR' }),
    acc('a3', { ownerAe: undefined }),
    acc('smb', { segment: 'smb' }),
  ];
  const commitments = [
    c('a1', { kind: 'integration', roadmapStatus: 'not-on-roadmap', madeBy: 'Ann' }),
    c('a1', { kind: 'integration', roadmapStatus: 'unknown', status: 'delivered', madeBy: 'Ann' }),
    c('a1', { kind: 'timeline', dueDate: '2024-06-01', madeBy: 'Ann' }),
    c('a1', { kind: 'feature', status: 'broken', updatedAt: '2024-03-01T10:00:00Z', madeBy: 'Ann' }),
    c('a2', { kind: 'feature', roadmapStatus: 'unknown', status: 'pushed-back' }),
    c('a2', { kind: 'pricing', status: 'broken', updatedAt: '2024-04-01T10:00:00Z' }),
    c('a3', { kind: 'sla' }),
    c(null, { kind: 'other', madeBy: 'Ann' }),
    c('a1', { madeOn: '2023-01-01' }),
    c('ghost', {}),
  ];
  const snapshots = [snap('a1', '2024-02-15', 80), snap('a1', '2024-06-15', 60), snap('a2', '2024-03-15', 50), snap('a2', '2024-06-15', 48)];
  const arrChanges = [
    ArrChangeSchema.parse({ id: 'x1', accountId: 'a2', date: '2023-01-01', currency: 'EUR', reason: 'new', arrAfter: 300 }),
    ArrChangeSchema.parse({ id: 'x2', accountId: 'a2', date: '2024-05-01', currency: 'EUR', reason: 'churn', arrAfter: 0 }),
  ];
  const filter = { from: '2024-01-01', to: '2024-06-30' };
  const r = promiseLedger({ accounts, commitments, snapshots, arrChanges }, NOW, filter);

  it('counts commitments by maker, kind and outcome', () => {
    expect(PromiseLedgerSchema.parse(r)).toEqual(r);
    expect(r.all).toMatchObject({ ae: null, total: 8, byOutcome: { delivered: 1, 'pushed-back': 1, broken: 2, overdue: 1, open: 3 } });
    // The row for everyone drills down too, including the promise made to no account yet.
    expect(r.all.cells.find((x) => x.outcome === 'broken' && x.kind === 'pricing')?.accountIds).toEqual(['a2']);
    expect(r.all.cells.find((x) => x.kind === 'other')).toMatchObject({ count: 1, accountIds: [] });
    expect(r.byAe.map((row) => [row.ae, row.total])).toEqual([
      ['Ann', 5],
      ['Bo', 2],
    ]);
    const ann = r.byAe[0]!;
    expect(ann.cells.map((x) => [x.kind, x.outcome, x.count])).toEqual([
      ['integration', 'delivered', 1],
      ['integration', 'open', 1],
      ['feature', 'broken', 1],
      ['timeline', 'overdue', 1],
      ['other', 'open', 1],
    ]);
    expect(ann.cells[0]!.accountIds).toEqual(['a1']);
  });

  it('lists roadmap-gap promises with the ARR of their accounts, per currency', () => {
    expect(r.roadmapGaps).toMatchObject({ count: 2, accountIds: ['a1', 'a2'] });
    expect(r.roadmapGaps.arr).toEqual([
      { currency: 'EUR', amount: 300 },
      { currency: 'USD', amount: 100 },
    ]);
    expect(r.roadmapGaps.items.map((i) => [i.accountId, i.roadmapStatus, i.outcome])).toEqual([
      ['a1', 'not-on-roadmap', 'open'],
      ['a2', 'unknown', 'pushed-back'],
    ]);
  });

  it('finds broken promises followed by a health drop or churn', () => {
    expect(r.brokenThenTrouble).toEqual([
      {
        accountId: 'a1',
        name: 'Account a1',
        commitmentId: expect.any(String),
        brokenOn: '2024-03-01',
        churnedOn: null,
        healthBefore: 80,
        healthAfter: 60,
      },
      {
        accountId: 'a2',
        name: 'Account a2',
        commitmentId: expect.any(String),
        brokenOn: '2024-04-01',
        churnedOn: '2024-05-01',
        healthBefore: null,
        healthAfter: null,
      },
    ]);
  });

  it('lists what it cannot attribute', () => {
    expect(r.notCounted.map((x) => [x.accountId, x.because])).toEqual([
      ['ghost', expect.stringMatching(/no known account/)],
      ['a3', expect.stringMatching(/under no one/)],
    ]);
  });

  it('applies account filters to the account a promise was made to', () => {
    const bo = promiseLedger({ accounts, commitments }, NOW, { ...filter, ownerAe: 'Bo' });
    expect(bo.all.total).toBe(2);
    expect(bo.notCounted).toEqual([]);
    expect(promiseLedger({ accounts, commitments }, NOW, { ...filter, segment: 'smb' }).all.total).toBe(0);
  });
});

describe('promiseOutcome', () => {
  it('calls overdue exactly what commitmentStatus calls overdue', () => {
    for (const status of ['open', 'in-progress', 'delivered', 'pushed-back', 'broken'] as const) {
      for (const dueDate of [undefined, '2024-06-29', '2024-06-30', '2024-07-01']) {
        const commitment = { status, dueDate, kind: 'feature' as const, roadmapStatus: 'live' as const };
        expect(promiseOutcome(commitment, '2024-06-30') === 'overdue', `${status} ${dueDate}`).toBe(commitmentStatus(commitment, NOW).overdue);
      }
    }
  });
});
