import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../account';
import { CommitmentKindSchema, type Commitment } from '../commitment';
import type { HealthSnapshot } from '../health-snapshot';
import { ArrChangeSchema } from './arr-history';
import { commitmentStatus } from '../commitment-status';
import { promiseLedger, PromiseLedgerSchema, promiseOutcome, PromiseOutcomeSchema, type PromiseLedgerRow } from './promise-ledger';

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

describe('promiseLedger rows', () => {
  // The ledger's rows by their definition: cells per kind and outcome in list order, the accounts of each cell in
  // the order its commitments are given, and per outcome the accounts of its cells in cell order.
  const reference = (ae: string | null, items: { c: Commitment; outcome: string }[]): PromiseLedgerRow => {
    const cells = CommitmentKindSchema.options.flatMap((kind) =>
      PromiseOutcomeSchema.options.flatMap((outcome) => {
        const hits = items.filter((i) => i.c.kind === kind && i.outcome === outcome);
        if (hits.length === 0) return [];
        const accountIds = [...new Set(hits.flatMap((h) => (h.c.accountId ? [h.c.accountId] : [])))];
        return [{ kind, outcome, count: hits.length, commitmentIds: hits.map((h) => h.c.id), accountIds }];
      }),
    );
    return {
      ae,
      total: items.length,
      byOutcome: Object.fromEntries(
        PromiseOutcomeSchema.options.map((o) => [o, items.filter((i) => i.outcome === o).length]),
      ) as PromiseLedgerRow['byOutcome'],
      cells,
      outcomes: PromiseOutcomeSchema.options.map((outcome) => ({
        outcome,
        accountIds: [...new Set(cells.filter((x) => x.outcome === outcome).flatMap((x) => x.accountIds))],
      })),
    };
  };

  it('are what their definition gives, for any commitments in any order', () => {
    const commitmentArb = fc.record({
      accountId: fc.constantFrom('a1', 'a2', 'a3', null),
      kind: fc.constantFrom(...CommitmentKindSchema.options),
      status: fc.constantFrom('open', 'delivered', 'pushed-back', 'broken' as const),
      due: fc.option(fc.constantFrom('2024-06-01', '2024-07-15'), { nil: undefined }),
      madeBy: fc.option(fc.constantFrom('Ann', 'Bo'), { nil: undefined }),
    });
    const accounts = [acc('a1'), acc('a2', { ownerAe: 'Bo' }), acc('a3', { ownerAe: undefined })];
    fc.assert(
      fc.property(fc.array(commitmentArb, { maxLength: 40 }), (drafts) => {
        const commitments = drafts.map((d, i) =>
          c(d.accountId, { id: `p${i}`, kind: d.kind, status: d.status, dueDate: d.due, madeBy: d.madeBy, roadmapStatus: 'live' }),
        );
        const ledger = promiseLedger({ accounts, commitments }, NOW);
        const today = '2024-06-30';
        const items = commitments.map((x) => ({ c: x, outcome: promiseOutcome(x, today) }));
        expect(ledger.all).toEqual(reference(null, items));
        const makerOf = (x: Commitment) => x.madeBy ?? accounts.find((a) => a.id === x.accountId)?.ownerAe;
        const makers = [...new Set(commitments.flatMap((x) => makerOf(x) ?? []))].sort();
        expect(ledger.byAe).toEqual(
          makers.map((ae) =>
            reference(
              ae,
              items.filter((i) => makerOf(i.c) === ae),
            ),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });
});
