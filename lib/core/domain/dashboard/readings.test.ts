import fc from 'fast-check';
import { addDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../demo/generate';
import { toIsoDate } from '../dates';
import { DEFAULT_SETTINGS } from '../defaults';
import { HEALTH_COMPONENTS, type HealthSnapshot, type HealthWeights } from '../health-snapshot';
import { computeDashboard, dashboardDataOf, dashboardSettingsOf, type DashboardData } from './dashboard';
import { lastDays } from './filters';
import { dashboardReadings } from './readings';

const DAY = '2026-06-16';
const reading = (id: string, date: string, inputs: Partial<HealthSnapshot> = {}): HealthSnapshot => ({ id, accountId: 'acc', date, ...inputs });
const ids = (readings: HealthSnapshot[], wholeHistory = false) => dashboardReadings(readings, DAY, wholeHistory).map((s) => s.id);

describe('dashboardReadings', () => {
  it('keeps, per component, the two latest readings that stand for their date', () => {
    const readings = [
      reading('a', '2026-01-01', { adoptionPct: 10, nps: 5 }),
      reading('b', '2026-02-01', { adoptionPct: 20, nps: 6 }),
      reading('c', '2026-03-01', { adoptionPct: 30 }),
      reading('d', '2026-04-01', { adoptionPct: 40 }),
    ];
    // d and c are adoption's two, b and a the only two with NPS.
    expect(ids(readings)).toEqual(['a', 'b', 'c', 'd']);
    // e and d are adoption's two, e and b sentiment's.
    expect(ids([...readings, reading('e', '2026-05-01', { adoptionPct: 50, nps: 7 })])).toEqual(['b', 'd', 'e']);
  });

  it('of one date, the reading stored last stands for it; one stored earlier is kept only when something else needs it', () => {
    const readings = [
      reading('z1', '2026-05-01', { csatPct: 80 }),
      reading('z2', '2026-05-01', { csatPct: 60 }),
      reading('y', '2026-04-01', { csatPct: 70 }),
    ];
    expect(ids(readings)).toEqual(['z2', 'y']);
    // Given in another order (an import file's), the store still lists them by id.
    expect(ids([...readings].reverse())).toEqual(['y', 'z2']);
  });

  it('keeps the latest reading even without an input, and the date standing for an older adoption reading', () => {
    const readings = [
      reading('s3', '2026-03-01', { adoptionPct: 30 }),
      reading('s4', '2026-03-01', { escalations: 1 }),
      reading('s5', '2026-04-01', { escalations: 2 }),
      reading('s6', '2026-05-01', { escalations: 0 }),
      reading('s7', '2026-06-01'),
    ];
    // s3 is the latest with adoption; s4 stands for its date. s5, s6 are support's two. s7 is the latest of any kind.
    expect(ids(readings)).toEqual(['s3', 's4', 's5', 's6', 's7']);
  });

  it('keeps readings dated after the day, and the last with days to first value', () => {
    const readings = [
      reading('v1', '2025-01-01', { daysToFirstValue: 40 }),
      reading('v2', '2025-02-01', { sponsorEngagement: 'low' }),
      reading('v3', '2025-03-01', { sponsorEngagement: 'high' }),
      reading('v4', '2025-04-01', { sponsorEngagement: 'medium' }),
      reading('f1', '2026-07-01', { adoptionPct: 90 }),
    ];
    expect(ids(readings)).toEqual(['v1', 'v3', 'v4', 'f1']);
  });

  it('keeps the last reading with days to first value when another reading stands for its date', () => {
    const readings = [
      reading('x1', '2026-03-01', { daysToFirstValue: 30 }),
      reading('x2', '2026-03-01', { adoptionPct: 50 }),
      reading('x3', '2026-04-01', { adoptionPct: 55 }),
    ];
    expect(ids(readings)).toEqual(['x1', 'x2', 'x3']);
  });

  it('keeps the whole history of an account with a broken commitment', () => {
    const readings = Array.from({ length: 6 }, (_, i) => reading(`h${i}`, `2026-0${i + 1}-01`, { adoptionPct: i }));
    expect(ids(readings, true)).toEqual(readings.map((s) => s.id));
    expect(ids(readings)).toHaveLength(2);
  });
});

const INPUT = fc.record(
  {
    adoptionPct: fc.integer({ min: 0, max: 100 }),
    activeUserTrendPct: fc.integer({ min: -50, max: 80 }),
    loginsPerUserPerWeek: fc.integer({ min: 0, max: 20 }),
    openTickets: fc.integer({ min: 0, max: 9 }),
    escalations: fc.integer({ min: 0, max: 3 }),
    nps: fc.integer({ min: -100, max: 100 }),
    csatPct: fc.integer({ min: 0, max: 100 }),
    sponsorEngagement: fc.constantFrom('none' as const, 'low' as const, 'medium' as const, 'high' as const),
    daysToFirstValue: fc.integer({ min: 0, max: 200 }),
  },
  { requiredKeys: [] },
);

const WEIGHTS: fc.Arbitrary<HealthWeights> = fc
  .tuple(...HEALTH_COMPONENTS.map(() => fc.constantFrom(0, 0, 5, 20, 100)))
  .filter((w) => w.some((v) => v > 0))
  .map((w) => Object.fromEntries(HEALTH_COMPONENTS.map((c, i) => [c, w[i]!])) as HealthWeights);

function reduced(data: DashboardData, day: string): DashboardData {
  const broken = new Set(data.commitments.flatMap((c) => (c.status === 'broken' && c.accountId ? [c.accountId] : [])));
  const byAccount = new Map<string, HealthSnapshot[]>();
  for (const s of data.snapshots) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
  const kept = new Set([...byAccount].flatMap(([id, readings]) => dashboardReadings(readings, day, broken.has(id))));
  return { ...data, snapshots: data.snapshots.filter((s) => kept.has(s)) };
}

describe('the dashboard from the readings kept', () => {
  const marked = new Date(`${DAY}T12:00:00Z`);
  const { bundle, arrChanges } = generateDemoData({ seed: 11, accounts: 40, now: marked });
  const base = dashboardDataOf({ ...bundle, arrChanges });

  it('gives every figure the whole history gives, on the day marked and later, under any weights', () => {
    const extra = fc.record({
      // Mostly a few accounts, so their readings share dates.
      account: fc.oneof(fc.nat(3), fc.nat(base.accounts.length - 1)),
      // Few dates, so readings share them; some after the day marked.
      day: fc.integer({ min: -400, max: 40 }).map((d) => toIsoDate(addDays(marked, Math.round(d / 20) * 20))),
      id: fc.stringMatching(/^snp_[0-9a-f]{6}$/),
      inputs: INPUT,
    });
    fc.assert(
      fc.property(
        fc.array(extra, { maxLength: 60 }),
        fc.array(extra, { maxLength: 3 }),
        WEIGHTS,
        fc.nat(60),
        fc.constantFrom(30, 90, 365),
        (stored, writtenSince, weights, later, days) => {
          const seen = new Set(base.snapshots.map((s) => s.id));
          const withReadings = (snapshots: HealthSnapshot[], added: typeof stored) => {
            const out = [...snapshots];
            for (const a of added) {
              if (seen.has(a.id)) continue;
              seen.add(a.id);
              out.push({ ...a.inputs, id: a.id, accountId: base.accounts[a.account]!.id, date: a.day });
            }
            return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
          };
          const data = { ...base, snapshots: withReadings(base.snapshots, stored) };
          const kept = reduced(data, DAY);
          // Readings written after the marks, as the background adds them to the portfolio it holds.
          const more = withReadings([], writtenSince);
          const settings = { ...dashboardSettingsOf(DEFAULT_SETTINGS), healthWeights: weights };
          const now = addDays(marked, later);
          const filter = lastDays(now, days);
          const figures = (d: DashboardData) =>
            computeDashboard({ ...d, snapshots: [...d.snapshots, ...more].sort((x, y) => (x.id < y.id ? -1 : 1)) }, settings, filter, now);
          expect(figures(kept)).toEqual(figures(data));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('drops most of a portfolio’s readings', () => {
    expect(reduced(base, DAY).snapshots.length).toBeLessThan(base.snapshots.length / 2);
  });
});
