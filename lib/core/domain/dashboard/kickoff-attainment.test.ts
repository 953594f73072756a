import fc from 'fast-check';
import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import { toIsoDate } from '../dates';
import { kickoffSla } from '../kickoff';
import { kickoffAttainment, KickoffAttainmentSchema, kickoffStatus } from './kickoff-attainment';

const NOW = new Date(2024, 4, 15, 12); // Wed 15 May 2024
const account = (id: string, over: Partial<AccountInput>): Account => storedAccount(id, over);

describe('kickoffAttainment', () => {
  const accounts = [
    account('met', { closedWonDate: '2024-04-01', kickoffDate: '2024-04-05' }),
    account('late', { closedWonDate: '2024-04-01', kickoffDate: '2024-04-20' }),
    account('missed', { closedWonDate: '2024-04-22' }),
    account('pending', { closedWonDate: '2024-05-14' }),
    account('ent-met', { segment: 'enterprise', closedWonDate: '2024-03-01', kickoffDate: '2024-03-01' }),
    account('old', { closedWonDate: '2023-01-01' }),
    account('no-close', {}),
  ];
  const r = kickoffAttainment(accounts, NOW, { from: '2024-01-01', to: '2024-12-31' });

  it('takes the share met of kickoffs that were due, by segment', () => {
    expect(KickoffAttainmentSchema.parse(r)).toEqual(r);
    expect(r.bySegment).toEqual([
      {
        segment: 'enterprise',
        businessDays: 5,
        met: 1,
        overdue: 0,
        pending: 0,
        attainmentPercent: 100,
        metAccountIds: ['ent-met'],
        overdueAccountIds: [],
        pendingAccountIds: [],
      },
      {
        segment: 'mid-market',
        businessDays: 5,
        met: 1,
        overdue: 2,
        pending: 1,
        attainmentPercent: 33,
        metAccountIds: ['met'],
        overdueAccountIds: ['late', 'missed'],
        pendingAccountIds: ['pending'],
      },
    ]);
    expect(r.total).toMatchObject({ businessDays: 5, met: 2, overdue: 2, pending: 1, attainmentPercent: 50 });
    expect(r.notCounted.map((x) => x.id)).toEqual(['no-close']);
  });

  it('judges each segment by its own service level', () => {
    const levels = {
      enterprise: { kickoffBusinessDays: 5, firstResponseHours: 4, goLiveDays: 90 },
      'mid-market': { kickoffBusinessDays: 30, firstResponseHours: 8, goLiveDays: 60 },
      smb: { kickoffBusinessDays: 3, firstResponseHours: 24, goLiveDays: 30 },
    };
    const bySegment = kickoffAttainment(accounts, NOW, { from: '2024-01-01', to: '2024-12-31' }, levels);
    expect(bySegment.total.businessDays).toBeNull();
    expect(bySegment.bySegment.map((row) => [row.segment, row.businessDays])).toEqual([
      ['enterprise', 5],
      ['mid-market', 30],
    ]);
    // A longer mid-market SLA turns its overdue kickoffs into met or pending ones; enterprise is unchanged.
    expect(bySegment.bySegment[1]!.overdue).toBeLessThan(r.bySegment[1]!.overdue);
    expect(bySegment.bySegment[0]).toEqual({ ...r.bySegment[0], businessDays: 5 });
  });

  it('uses the SLA length it is given', () => {
    const lenient = kickoffAttainment(accounts, NOW, { from: '2024-01-01', to: '2024-12-31' }, 20);
    expect(lenient.total).toMatchObject({
      overdueAccountIds: [],
      metAccountIds: ['met', 'late', 'ent-met'],
      pendingAccountIds: ['missed', 'pending'],
    });
  });

  it('keeps attainment within 0–100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ close: fc.integer({ min: 0, max: 120 }), kickoff: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }) }), {
          maxLength: 30,
        }),
        (specs) => {
          const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
          const list = specs.map((s, i) =>
            account(`k${i}`, { closedWonDate: day(s.close), ...(s.kickoff !== undefined ? { kickoffDate: day(s.close + s.kickoff) } : {}) }),
          );
          const p = kickoffAttainment(list, NOW).total.attainmentPercent;
          if (p !== null) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});

describe('kickoffStatus', () => {
  // Closed, held and today across weekends, month ends and a year end.
  const dayArb = fc.integer({ min: 0, max: 60 }).map((d) => toIsoDate(new Date(2023, 11, 20 + d)));
  it('gives kickoffSla’s status for any close date, kickoff date, SLA and day', () => {
    const dueDates = new Map<string, string>();
    fc.assert(
      fc.property(
        dayArb,
        fc.option(dayArb, { nil: undefined }),
        fc.integer({ min: 1, max: 30 }),
        dayArb,
        fc.integer({ min: 0, max: 23 }),
        (closed, held, days, today, hour) => {
          const now = new Date(`${today}T00:00:00`);
          now.setHours(hour);
          const account = { closedWonDate: closed, kickoffDate: held };
          expect(kickoffStatus(account, days, toIsoDate(now), dueDates)).toBe(kickoffSla(account, now, days).status);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
