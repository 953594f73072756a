import { describe, expect, it } from 'vitest';
import {
  daysToFirstValue,
  isMilestoneMissed,
  milestoneStatusChange,
  MilestoneSchema,
  nextMilestone,
  SuccessPlanSchema,
  type Milestone,
} from './success-plan';

const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12);
const STAMP = '2024-05-29T09:00:00.000Z';
const milestone = (patch: Partial<Milestone> = {}): Milestone => ({
  id: 'first-value',
  accountId: 'acc_acme',
  title: 'First value achieved',
  ownerRole: 'csm',
  status: 'planned',
  dueDate: '2024-07-29',
  version: 1,
  createdAt: STAMP,
  updatedAt: STAMP,
  ...patch,
});

describe('MilestoneSchema', () => {
  it('accepts a full milestone unchanged', () => {
    const m = milestone({
      owner: 'Dana Lee',
      status: 'done',
      achievedOn: '2024-07-20',
      successCriteria: '“All 40 reps log calls in Seamline by day 30”',
      evidence: 'Usage report, 42 active reps',
      internalNote: 'Champion is leaving in Q4',
    });
    expect(MilestoneSchema.parse(m)).toEqual(m);
  });

  it('asks for the date a done milestone was achieved, at that field', () => {
    const r = MilestoneSchema.safeParse(milestone({ status: 'done' }));
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['achievedOn'], message: 'enter the date the milestone was achieved' })]);
  });

  it.each([
    ['status', { status: 'finished' }],
    ['ownerRole', { ownerRole: 'intern' }],
    ['dueDate', { dueDate: '29/07/2024' }],
    ['title', { title: '   ' }],
  ])('rejects a bad %s at that field', (field, patch) => {
    const r = MilestoneSchema.safeParse({ ...milestone(), ...patch });
    expect(r.error?.issues.map((i) => i.path)).toEqual([[field]]);
  });
});

describe('SuccessPlanSchema', () => {
  it('rejects a duplicate milestone id and a milestone of another account', () => {
    const r = SuccessPlanSchema.safeParse({
      accountId: 'acc_acme',
      templateId: 'smb-plan',
      milestones: [milestone(), milestone(), milestone({ id: 'first-qbr', accountId: 'acc_other' })],
    });
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['milestones', 1, 'id'], 'duplicate milestone id "first-value"'],
      [['milestones', 2, 'accountId'], 'the milestone belongs to another account'],
    ]);
  });
});

describe('isMilestoneMissed', () => {
  it('is missed from the day after its due date until done', () => {
    expect(isMilestoneMissed(milestone(), at(2024, 7, 29))).toBe(false);
    expect(isMilestoneMissed(milestone(), at(2024, 7, 30))).toBe(true);
    expect(isMilestoneMissed(milestone({ status: 'at-risk' }), at(2024, 7, 30))).toBe(true);
    expect(isMilestoneMissed(milestone({ status: 'done', achievedOn: '2024-08-02' }), at(2024, 8, 5))).toBe(false);
  });

  it('is missed when marked missed, whatever the date', () => {
    expect(isMilestoneMissed(milestone({ status: 'missed' }), at(2024, 6, 1))).toBe(true);
    expect(isMilestoneMissed(milestone({ status: 'missed', dueDate: undefined }), at(2024, 6, 1))).toBe(true);
  });

  it('is never missed without a due date unless marked so', () => {
    expect(isMilestoneMissed(milestone({ dueDate: undefined }), at(2030, 1, 1))).toBe(false);
  });
});

describe('nextMilestone', () => {
  it('is the open milestone due first, overdue ones included, undated last', () => {
    const list = [
      milestone({ id: 'a', dueDate: undefined }),
      milestone({ id: 'b', dueDate: '2024-09-01' }),
      milestone({ id: 'c', dueDate: '2024-06-05', status: 'done', achievedOn: '2024-06-05' }),
      milestone({ id: 'd', dueDate: '2024-07-05', status: 'missed' }),
      milestone({ id: 'e', dueDate: '2024-07-05' }),
    ];
    expect(nextMilestone(list)?.id).toBe('d');
    expect(nextMilestone(list.filter((m) => m.dueDate !== '2024-07-05'))?.id).toBe('b');
    expect(nextMilestone([list[0]!, list[2]!])?.id).toBe('a');
  });

  it('is null once everything is done', () => {
    expect(nextMilestone([milestone({ status: 'done', achievedOn: '2024-07-01' })])).toBeNull();
    expect(nextMilestone([])).toBeNull();
  });
});

describe('milestoneStatusChange', () => {
  it('records today as the date achieved when marked done, keeping a date already entered', () => {
    expect(milestoneStatusChange({}, 'done', at(2024, 7, 20))).toEqual({ status: 'done', achievedOn: '2024-07-20' });
    expect(milestoneStatusChange({ achievedOn: '2024-07-18' }, 'done', at(2024, 7, 20))).toEqual({ status: 'done', achievedOn: '2024-07-18' });
  });

  it('clears the date achieved when a milestone is reopened, and the result is a valid milestone', () => {
    const reopened = {
      ...milestone({ status: 'done', achievedOn: '2024-07-18' }),
      ...milestoneStatusChange({ achievedOn: '2024-07-18' }, 'at-risk', at(2024, 7, 20)),
    };
    expect(reopened.achievedOn).toBeUndefined();
    expect(MilestoneSchema.safeParse(reopened).success).toBe(true);
  });
});

describe('daysToFirstValue', () => {
  const done = milestone({ status: 'done', achievedOn: '2024-07-20' });
  it('counts calendar days from closed-won to first value achieved', () => {
    expect(daysToFirstValue({ closedWonDate: '2024-05-29' }, [done])).toBe(52);
  });

  it('is unknown until first value is achieved and there is a closed-won date', () => {
    expect(daysToFirstValue({ closedWonDate: '2024-05-29' }, [milestone({})])).toBeNull();
    expect(daysToFirstValue({}, [done])).toBeNull();
    expect(daysToFirstValue({ closedWonDate: '2024-05-29' }, [{ ...done, id: 'other' }])).toBeNull();
  });
});
