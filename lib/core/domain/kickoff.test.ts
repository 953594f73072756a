import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_LEVELS } from './defaults';
import { kickoffSla, KickoffSlaSchema } from './kickoff';

// May 2024: Fri 3, Sat 4, Sun 5, Mon 6, Fri 10, Mon 13.
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12);

describe('kickoffSla', () => {
  it('is not applicable without a closed-won date', () => {
    expect(kickoffSla({ kickoffDate: '2024-05-06' }, at(2024, 5, 15))).toEqual({ status: 'not-applicable', dueDate: null });
  });

  it.each([
    ['Friday', '2024-05-03', '2024-05-10'],
    ['Saturday', '2024-05-04', '2024-05-10'],
    ['Sunday', '2024-05-05', '2024-05-10'],
    ['Monday', '2024-05-06', '2024-05-13'],
    ['Wednesday before a month end', '2024-05-29', '2024-06-05'],
  ])('closed won on a %s is due %s', (_day, closedWonDate, due) => {
    expect(kickoffSla({ closedWonDate }, at(2024, 5, 1)).dueDate).toBe(due);
  });

  it('is pending before the due date, with business days left', () => {
    const r = kickoffSla({ closedWonDate: '2024-05-03' }, at(2024, 5, 7));
    expect(r).toEqual({ status: 'pending', dueDate: '2024-05-10', businessDaysLeft: 3 });
    expect(KickoffSlaSchema.parse(r)).toEqual(r);
  });

  it('is still pending on the due date itself', () => {
    expect(kickoffSla({ closedWonDate: '2024-05-03' }, at(2024, 5, 10))).toMatchObject({ status: 'pending', businessDaysLeft: 0 });
  });

  it('is overdue the day after the due date without a kickoff', () => {
    expect(kickoffSla({ closedWonDate: '2024-05-03' }, at(2024, 5, 11))).toMatchObject({ status: 'overdue', businessDaysLate: 1 });
    expect(kickoffSla({ closedWonDate: '2024-05-03' }, at(2024, 5, 15))).toMatchObject({ status: 'overdue', businessDaysLate: 3 });
  });

  it('is met when the kickoff was held by the due date', () => {
    const r = kickoffSla({ closedWonDate: '2024-05-03', kickoffDate: '2024-05-10' }, at(2024, 6, 1));
    expect(r).toEqual({ status: 'met', dueDate: '2024-05-10', kickoffDate: '2024-05-10' });
  });

  it('reports a late kickoff as overdue with how late it was held', () => {
    const r = kickoffSla({ closedWonDate: '2024-05-03', kickoffDate: '2024-05-14' }, at(2024, 6, 1));
    expect(r).toEqual({ status: 'overdue', dueDate: '2024-05-10', kickoffDate: '2024-05-14', businessDaysLate: 2 });
  });

  it('uses the configured number of business days', () => {
    expect(kickoffSla({ closedWonDate: '2024-05-03' }, at(2024, 5, 1), 10).dueDate).toBe('2024-05-17');
  });

  it('takes the kickoff SLA of the account’s segment from the service levels', () => {
    const levels = {
      ...DEFAULT_SERVICE_LEVELS,
      enterprise: { ...DEFAULT_SERVICE_LEVELS.enterprise, kickoffBusinessDays: 3 },
      smb: { ...DEFAULT_SERVICE_LEVELS.smb, kickoffBusinessDays: 10 },
    };
    const closedWonDate = '2024-05-03';
    expect(kickoffSla({ closedWonDate, segment: 'enterprise' }, at(2024, 5, 1), levels).dueDate).toBe('2024-05-08');
    expect(kickoffSla({ closedWonDate, segment: 'mid-market' }, at(2024, 5, 1), levels).dueDate).toBe('2024-05-10');
    expect(kickoffSla({ closedWonDate, segment: 'smb' }, at(2024, 5, 1), levels).dueDate).toBe('2024-05-17');
  });
});
