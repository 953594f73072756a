import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import fc from 'fast-check';
import { firstValueSources, timeToValue, TimeToValueSchema } from './time-to-value';
import { groupByKey } from './common';

const NOW = new Date(2024, 11, 31, 12);
const account = (id: string, over: Partial<AccountInput>): Account => storedAccount(id, over);

describe('timeToValue', () => {
  const accounts = [
    account('recorded', { closedWonDate: '2024-03-01', kickoffDate: '2024-03-05' }),
    account('from-health', { closedWonDate: '2024-04-01', kickoffDate: '2024-04-04' }),
    account('smb-fast', { segment: 'smb', closedWonDate: '2024-05-01', kickoffDate: '2024-05-02' }),
    account('waiting', { closedWonDate: '2024-11-01' }),
    account('churned-early', { closedWonDate: '2024-02-01', lifecycleStage: 'churned' }),
    account('no-kickoff', { closedWonDate: '2024-06-01' }),
    account('no-close', {}),
    account('before-close', { closedWonDate: '2024-07-01' }),
  ];
  const snapshots = [
    { accountId: 'recorded', date: '2024-06-01', daysToFirstValue: 90 },
    { accountId: 'from-health', date: '2024-05-01', daysToFirstValue: 40 },
    // The later reading wins.
    { accountId: 'from-health', date: '2024-06-01', daysToFirstValue: 27 },
    { accountId: 'smb-fast', date: '2024-06-01', daysToFirstValue: 9 },
    { accountId: 'no-kickoff', date: '2024-07-01', daysToFirstValue: 12 },
  ];
  const firstValues = [
    { accountId: 'recorded', date: '2024-04-10' },
    { accountId: 'recorded', date: '2024-03-31', source: 'Success plan: first report live' },
    { accountId: 'before-close', date: '2024-06-20' },
    // A planned date in the future has not happened.
    { accountId: 'waiting', date: '2025-02-01' },
  ];
  const r = timeToValue({ accounts, snapshots, firstValues }, NOW, { from: '2024-01-01', to: '2024-12-31' });

  it('measures closed-won to first value, preferring a recorded date, by segment', () => {
    expect(TimeToValueSchema.parse(r)).toEqual(r);
    expect(r.accounts).toEqual([
      { accountId: 'recorded', days: 30, firstValueDate: '2024-03-31', source: 'recorded' },
      { accountId: 'from-health', days: 30, firstValueDate: '2024-05-01', source: 'health-data' },
      { accountId: 'smb-fast', days: 10, firstValueDate: '2024-05-11', source: 'health-data' },
    ]);
    expect(r.total).toMatchObject({
      reached: 3,
      medianDays: 30,
      averageDays: 23.3,
      waitingAccountIds: ['waiting'],
      churnedBeforeValueAccountIds: ['churned-early'],
    });
    expect(r.bySegment.map((s) => [s.segment, s.medianDays])).toEqual([
      ['mid-market', 30],
      ['smb', 10],
    ]);
  });

  it('lists accounts whose time to value cannot be known', () => {
    expect(r.notCounted.map((x) => [x.id, x.because])).toEqual([
      ['no-kickoff', expect.stringMatching(/no kickoff date/)],
      ['no-close', expect.stringMatching(/no closed-won date/)],
      ['before-close', expect.stringMatching(/before the deal closed/)],
    ]);
  });

  it('has no median with nothing reached', () => {
    expect(timeToValue({ accounts: [], snapshots: [] }, NOW).total).toMatchObject({ reached: 0, medianDays: null, averageDays: null });
  });

  it('reads the health data per account when asked: the latest reading up to today with days to first value, of one date the last given', () => {
    // Few accounts and dates, so readings share both; some have no days to first value, some are after today.
    const reading = fc.record(
      {
        accountId: fc.constantFrom('a', 'b', 'c'),
        date: fc.constantFrom('2024-05-01', '2024-06-01', '2024-12-31', '2025-01-02'),
        daysToFirstValue: fc.nat({ max: 200 }),
      },
      { requiredKeys: ['accountId', 'date'] },
    );
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 12 }), (snapshots) => {
        const today = '2024-12-31';
        // The rule, worked out plainly: a stable sort by date keeps the order given within a date.
        const expected = (id: string) => {
          const last = snapshots
            .filter((s) => s.accountId === id && s.daysToFirstValue !== undefined && s.date <= today)
            .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
            .at(-1);
          return last && { date: last.date, days: last.daysToFirstValue };
        };
        const grouped = firstValueSources({ snapshots }, today);
        const lazy = firstValueSources(
          { snapshots },
          today,
          groupByKey(snapshots, (s) => s.accountId),
        );
        for (const id of ['a', 'b', 'c', 'none']) {
          expect(lazy.fromHealth.get(id)).toEqual(expected(id));
          // Asked again, from what was kept.
          expect(lazy.fromHealth.get(id)).toEqual(expected(id));
          expect(grouped.fromHealth.get(id)).toEqual(expected(id));
        }
      }),
      { numRuns: 500 },
    );
  });
});
