import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Commitment } from './commitment';
import { commitmentStatus, CommitmentStatusResultSchema, sortCommitments } from './commitment-status';

const NOW = new Date(2024, 4, 15, 12); // Wed 15 May 2024
type Input = Pick<Commitment, 'status' | 'dueDate' | 'kind' | 'roadmapStatus'> & { id: string };
const c = (over: Partial<Input> = {}): Input => ({ id: 'c', status: 'open', kind: 'timeline', roadmapStatus: 'unknown', ...over });

describe('commitmentStatus', () => {
  it.each([
    ['past due, open', c({ dueDate: '2024-05-14' }), { overdue: true, dueSoon: false, daysUntilDue: -1, open: true }],
    ['due today', c({ dueDate: '2024-05-15' }), { overdue: false, dueSoon: true, daysUntilDue: 0 }],
    ['due on the last due-soon day', c({ dueDate: '2024-05-29' }), { overdue: false, dueSoon: true, daysUntilDue: 14 }],
    ['due the day after', c({ dueDate: '2024-05-30' }), { overdue: false, dueSoon: false, daysUntilDue: 15 }],
    ['in progress and late', c({ status: 'in-progress', dueDate: '2024-04-01' }), { overdue: true, open: true }],
    [
      'delivered late is settled',
      c({ status: 'delivered', dueDate: '2024-04-01' }),
      { overdue: false, dueSoon: false, open: false, daysUntilDue: -44 },
    ],
    ['broken is not overdue', c({ status: 'broken', dueDate: '2024-05-16' }), { overdue: false, dueSoon: false, open: false }],
    ['no due date', c(), { overdue: false, dueSoon: false, daysUntilDue: null }],
  ])('%s', (_name, input, expected) => {
    const r = commitmentStatus(input, NOW);
    expect(r).toMatchObject(expected);
    expect(CommitmentStatusResultSchema.parse(r)).toEqual(r);
  });

  it('honours a custom due-soon window', () => {
    expect(commitmentStatus(c({ dueDate: '2024-05-20' }), NOW, 3).dueSoon).toBe(false);
    expect(commitmentStatus(c({ dueDate: '2024-05-18' }), NOW, 3).dueSoon).toBe(true);
  });

  it.each([
    ['integration', 'not-on-roadmap', true],
    ['integration', 'unknown', true],
    ['feature', 'unknown', true],
    ['feature', 'on-roadmap', false],
    ['integration', 'live', false],
    ['pricing', 'not-on-roadmap', false],
    ['professional-services', 'unknown', false],
  ] as const)('%s with roadmap %s → gap %s', (kind, roadmapStatus, gap) => {
    expect(commitmentStatus(c({ kind, roadmapStatus }), NOW).roadmapGap).toBe(gap);
  });
});

describe('sortCommitments', () => {
  it('puts overdue first (most overdue first), then due soon, then by date, then undated', () => {
    const list = [
      c({ id: 'undated' }),
      c({ id: 'far', dueDate: '2024-09-01' }),
      c({ id: 'soon-2', dueDate: '2024-05-20' }),
      c({ id: 'late-1', dueDate: '2024-05-14' }),
      c({ id: 'delivered-past', status: 'delivered', dueDate: '2024-05-01' }),
      c({ id: 'late-30', dueDate: '2024-04-15' }),
      c({ id: 'soon-0', dueDate: '2024-05-15' }),
      c({ id: 'undated-2', status: 'delivered' }),
    ];
    expect(sortCommitments(list, NOW).map((x) => x.id)).toEqual([
      'late-30',
      'late-1',
      'soon-0',
      'soon-2',
      'delivered-past',
      'far',
      'undated',
      'undated-2',
    ]);
    expect(list[0]?.id).toBe('undated');
  });

  it('is a permutation of its input', () => {
    const arb = fc.array(
      fc.record(
        {
          id: fc.string({ minLength: 1, maxLength: 4 }),
          status: fc.constantFrom('open', 'in-progress', 'delivered', 'pushed-back', 'broken' as const),
          kind: fc.constantFrom('integration', 'feature', 'timeline' as const),
          roadmapStatus: fc.constantFrom('live', 'on-roadmap', 'not-on-roadmap', 'unknown' as const),
          dueDate: fc.date({ min: new Date(2023, 0, 1), max: new Date(2025, 11, 31), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        },
        { requiredKeys: ['id', 'status', 'kind', 'roadmapStatus'] },
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (list) => {
        const sorted = sortCommitments(list, NOW);
        expect(sorted).toHaveLength(list.length);
        expect(new Set(sorted)).toEqual(new Set(list));
        for (const item of list) expect(sorted.filter((x) => x === item).length).toBe(list.filter((x) => x === item).length);
        const ranks = sorted.map((x) => {
          const s = commitmentStatus(x, NOW);
          return s.overdue ? 0 : s.dueSoon ? 1 : s.daysUntilDue !== null ? 2 : 3;
        });
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }),
    );
  });
});
