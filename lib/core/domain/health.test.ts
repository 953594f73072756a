import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  biggestHealthDrag,
  computeHealth,
  HEALTH_BAND_THRESHOLDS,
  healthBand,
  healthConfidence,
  HealthConfidenceSchema,
  HealthDragSchema,
  HealthResultSchema,
  HEALTH_INPUT_FIELDS,
  latestHealth,
} from './health';
import { toIsoDate } from './dates';
import { HEALTH_COMPONENTS, type HealthSnapshot, type HealthWeights } from './health-snapshot';

const NOW = new Date(2024, 4, 15, 12); // Wed 15 May 2024, local noon
const equal = (w: number): HealthWeights => Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, w])) as HealthWeights;
const snap = (date: string, inputs: Partial<HealthSnapshot> = {}): HealthSnapshot => ({
  id: `s-${date}`,
  accountId: 'acc-1',
  date,
  ...inputs,
});

function known(r: ReturnType<typeof computeHealth>) {
  if (r.status !== 'known') throw new Error(`expected a known score, got ${JSON.stringify(r)}`);
  return r;
}

describe('computeHealth', () => {
  it('is unknown (not 0) with no snapshots', () => {
    const r = computeHealth([], equal(10), NOW);
    expect(r.status).toBe('unknown');
    expect(r).not.toHaveProperty('score');
    expect(r.missing).toEqual([...HEALTH_COMPONENTS]);
    expect(HealthResultSchema.parse(r)).toEqual(r);
  });

  it('is unknown when every input is missing', () => {
    const r = computeHealth([snap('2024-05-01'), snap('2024-05-10')], equal(10), NOW);
    expect(r).toMatchObject({ status: 'unknown', reason: 'no-data' });
    expect(r.missing).toHaveLength(HEALTH_COMPONENTS.length);
  });

  it('is unknown with a reason when the present inputs all weigh 0', () => {
    const weights = { ...equal(0), sponsor: 50 };
    const r = computeHealth([snap('2024-05-10', { adoptionPct: 80, nps: 30 })], weights, NOW);
    expect(r).toMatchObject({ status: 'unknown', reason: 'zero-weights' });
    if (r.status === 'unknown') expect(r.detail).toMatch(/weight/);
    expect(r.missing).not.toContain('adoption');
    expect(r.missing).toContain('sponsor');
  });

  it('ignores snapshots dated after now', () => {
    const r = known(computeHealth([snap('2024-05-10', { adoptionPct: 40 }), snap('2024-05-16', { adoptionPct: 100 })], equal(1), NOW));
    expect(r.score).toBe(40);
    expect(r.asOf).toBe('2024-05-10');
    expect(r.history.map((h) => h.date)).toEqual(['2024-05-10']);
  });

  it('counts a snapshot dated today', () => {
    expect(known(computeHealth([snap('2024-05-15', { adoptionPct: 55 })], equal(1), NOW)).score).toBe(55);
  });

  it('is unknown when the only data is in the future', () => {
    expect(computeHealth([snap('2024-06-01', { adoptionPct: 90 })], equal(1), NOW).status).toBe('unknown');
  });

  it('renormalises weights over the inputs present and reports the rest as missing', () => {
    const weights = { ...equal(0), adoption: 30, logins: 10, sponsor: 60 };
    const r = known(computeHealth([snap('2024-05-10', { adoptionPct: 80, loginsPerUserPerWeek: 1.5 })], weights, NOW));
    // adoption 80 × 0.75 + logins 50 × 0.25
    expect(r.score).toBe(73);
    expect(r.band).toBe('healthy');
    const byName = Object.fromEntries(r.components.map((c) => [c.component, c]));
    expect(byName.adoption?.weight).toBeCloseTo(0.75);
    expect(byName.logins?.weight).toBeCloseTo(0.25);
    expect(byName.logins?.raw).toEqual({ loginsPerUserPerWeek: 1.5 });
    expect(r.missing).toEqual(['activeUsers', 'support', 'sentiment', 'sponsor', 'timeToValue']);
  });

  it.each([
    ['adoption', { adoptionPct: 62 }, 62],
    ['activeUsers flat', { activeUserTrendPct: 0 }, 60],
    ['activeUsers +20%', { activeUserTrendPct: 20 }, 100],
    ['activeUsers -30%', { activeUserTrendPct: -30 }, 0],
    ['logins at 3/week', { loginsPerUserPerWeek: 3 }, 100],
    ['logins above 3/week', { loginsPerUserPerWeek: 9 }, 100],
    ['logins at 1/week', { loginsPerUserPerWeek: 1 }, 33],
    ['support: 2 tickets', { openTickets: 2 }, 90],
    ['support: escalations cost more than tickets', { openTickets: 1, escalations: 2 }, 55],
    ['support: swamped', { openTickets: 30, escalations: 3 }, 0],
    ['sentiment: NPS only', { nps: 40 }, 70],
    ['sentiment: CSAT only', { csatPct: 90 }, 90],
    ['sentiment: both averaged', { nps: 0, csatPct: 90 }, 70],
    ['sponsor high', { sponsorEngagement: 'high' as const }, 100],
    ['sponsor none', { sponsorEngagement: 'none' as const }, 0],
    ['time to value 20 days', { daysToFirstValue: 20 }, 100],
    ['time to value 75 days', { daysToFirstValue: 75 }, 50],
    ['time to value 200 days', { daysToFirstValue: 200 }, 0],
  ])('maps %s', (_name, inputs, expected) => {
    const r = known(computeHealth([snap('2024-05-10', inputs)], equal(5), NOW));
    expect(r.components).toHaveLength(1);
    expect(r.score).toBe(expected);
  });

  it.each([
    [HEALTH_BAND_THRESHOLDS.healthy, 'healthy'],
    [HEALTH_BAND_THRESHOLDS.healthy - 1, 'watch'],
    [HEALTH_BAND_THRESHOLDS.watch, 'watch'],
    [HEALTH_BAND_THRESHOLDS.watch - 1, 'at-risk'],
  ] as const)('bands score %i as %s', (score, band) => {
    expect(healthBand(score)).toBe(band);
  });

  it('builds history oldest to newest and names the component that moved the score most', () => {
    const snapshots = [
      snap('2024-05-10', { adoptionPct: 80, sponsorEngagement: 'low', csatPct: 70 }),
      snap('2024-04-10', { adoptionPct: 60, sponsorEngagement: 'high', csatPct: 70 }),
      snap('2024-03-10', { adoptionPct: 50, sponsorEngagement: 'high', csatPct: 60 }),
    ];
    const r = known(computeHealth(snapshots, equal(10), NOW));
    expect(r.history.map((h) => h.date)).toEqual(['2024-03-10', '2024-04-10', '2024-05-10']);
    expect(r.history.at(-1)?.score).toBe(r.score);
    // adoption +20 × 1/3 ≈ +6.7, sponsor −65 × 1/3 ≈ −21.7
    expect(r.movedMost).toEqual({ component: 'sponsor', delta: -21.7 });
  });

  it('has no movedMost with a single snapshot or when nothing changed', () => {
    expect(known(computeHealth([snap('2024-05-10', { adoptionPct: 50 })], equal(1), NOW)).movedMost).toBeNull();
    const same = [snap('2024-05-01', { adoptionPct: 50 }), snap('2024-05-10', { adoptionPct: 50 })];
    expect(known(computeHealth(same, equal(1), NOW)).movedMost).toBeNull();
  });

  it('scores the latest snapshot that has data, not an empty newer one', () => {
    const r = known(computeHealth([snap('2024-05-01', { adoptionPct: 45 }), snap('2024-05-12')], equal(1), NOW));
    expect(r.asOf).toBe('2024-05-01');
    expect(r.score).toBe(45);
  });

  const snapshotArb = fc.record(
    {
      date: fc.date({ min: new Date(2023, 0, 1), max: new Date(2024, 11, 31), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      adoptionPct: fc.double({ min: 0, max: 100, noNaN: true }),
      activeUserTrendPct: fc.double({ min: -100, max: 1000, noNaN: true }),
      loginsPerUserPerWeek: fc.double({ min: 0, max: 1000, noNaN: true }),
      openTickets: fc.nat({ max: 10_000 }),
      escalations: fc.nat({ max: 10_000 }),
      nps: fc.double({ min: -100, max: 100, noNaN: true }),
      csatPct: fc.double({ min: 0, max: 100, noNaN: true }),
      sponsorEngagement: fc.constantFrom('none', 'low', 'medium', 'high' as const),
      daysToFirstValue: fc.nat({ max: 5000 }),
    },
    { requiredKeys: ['date'] },
  );
  const weightsArb = fc.record(
    Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, fc.double({ min: 0, max: 100, noNaN: true })])) as Record<
      keyof HealthWeights,
      fc.Arbitrary<number>
    >,
  );

  it('latestHealth gives what computeHealth gives, with the previous score and the history on request', () => {
    // Optional inputs left out at random, dates repeated and out of order, some after today.
    const sparseArb = fc.record(
      {
        date: fc.constantFrom('2024-05-01', '2024-04-01', '2024-05-14', '2024-05-15', '2024-05-16', '2023-12-31'),
        adoptionPct: fc.double({ min: 0, max: 100, noNaN: true }),
        openTickets: fc.nat({ max: 30 }),
        nps: fc.double({ min: -100, max: 100, noNaN: true }),
        sponsorEngagement: fc.constantFrom('none', 'low', 'medium', 'high' as const),
      },
      { requiredKeys: ['date'] },
    );
    const someZeroWeightsArb = fc.record(
      Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, fc.constantFrom(0, 0, 10, 35.5)])) as Record<keyof HealthWeights, fc.Arbitrary<number>>,
    );
    fc.assert(
      // Also in date order (same-date readings keep their given order), as a store usually holds them.
      fc.property(
        fc.array(fc.oneof(sparseArb, snapshotArb), { maxLength: 8 }),
        fc.oneof(weightsArb, someZeroWeightsArb),
        fc.boolean(),
        (raw, weights, sorted) => {
          const given = raw.map((s, i) => ({ id: `s${i}`, accountId: 'a', ...s }) as HealthSnapshot);
          const snapshots = sorted ? given.toSorted((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)) : given;
          const full = computeHealth(snapshots, weights, NOW);
          const latest = latestHealth(snapshots, weights, toIsoDate(NOW));
          if (full.status !== 'known' || latest.status !== 'known') {
            expect(latest).toEqual(full);
            return;
          }
          const { history: _history, previousScore, details: _details, weakest, ...rest } = latest;
          const { history: fullHistory, components, missing, ...fullRest } = full;
          expect(rest).toEqual(fullRest);
          expect(latest.details()).toEqual({ components, missing });
          // The weakest input is the first listed of the lowest-scoring ones.
          const lowest = components.reduce<(typeof components)[number] | null>((w, c) => (!w || c.score < w.score ? c : w), null);
          expect(weakest).toEqual(lowest && { component: lowest.component, score: lowest.score });
          expect(previousScore).toBe(fullHistory.at(-2)?.score ?? null);
          expect(latest.history()).toEqual(fullHistory);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes a reading with any one input, and only those, as a reading', () => {
    for (const field of Object.values(HEALTH_INPUT_FIELDS).flat()) {
      const value = field === 'sponsorEngagement' ? 'high' : 1;
      const readings = [snap('2024-05-01', { adoptionPct: 45 }), snap('2024-05-02', { [field]: value }), snap('2024-05-03')];
      const latest = latestHealth(readings, equal(1), toIsoDate(NOW));
      expect(latest.status === 'known' && latest.asOf, field).toBe('2024-05-02');
      expect(known(computeHealth(readings, equal(1), NOW)).asOf, field).toBe('2024-05-02');
    }
  });

  it('keeps score and history within 0–100 integers for arbitrary snapshots and weights', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { maxLength: 8 }), weightsArb, (raw, weights) => {
        const snapshots = raw.map((s, i) => ({ id: `s${i}`, accountId: 'a', ...s }) as HealthSnapshot);
        const r = computeHealth(snapshots, weights, NOW);
        HealthResultSchema.parse(r);
        if (r.status === 'known') {
          expect(Number.isInteger(r.score) && r.score >= 0 && r.score <= 100).toBe(true);
          expect(r.band).toBe(healthBand(r.score));
          const totalWeight = r.components.reduce((s, c) => s + c.weight, 0);
          expect(totalWeight).toBeCloseTo(1, 6);
        }
      }),
    );
  });
});

describe('healthConfidence', () => {
  it.each<[string, Partial<HealthSnapshot>, number, 'low' | 'medium' | 'high']>([
    ['one input', { adoptionPct: 50 }, 1, 'low'],
    ['three of seven', { adoptionPct: 50, nps: 0, sponsorEngagement: 'low' }, 3, 'low'],
    ['four of seven', { adoptionPct: 50, nps: 0, sponsorEngagement: 'low', openTickets: 1 }, 4, 'medium'],
    ['five of seven', { adoptionPct: 50, nps: 0, sponsorEngagement: 'low', openTickets: 1, loginsPerUserPerWeek: 2 }, 5, 'high'],
    [
      'all seven',
      { adoptionPct: 50, nps: 0, sponsorEngagement: 'low', openTickets: 1, loginsPerUserPerWeek: 2, activeUserTrendPct: 0, daysToFirstValue: 40 },
      7,
      'high',
    ],
  ])('%s', (_name, inputs, present, level) => {
    expect(healthConfidence(computeHealth([snap('2024-05-01', inputs)], equal(10), NOW))).toEqual(
      HealthConfidenceSchema.parse({ present, total: 7, level }),
    );
  });

  it('is zero of seven with no data', () => {
    expect(healthConfidence(computeHealth([], equal(10), NOW))).toEqual({ present: 0, total: 7, level: 'low' });
  });
});

describe('biggestHealthDrag', () => {
  it('names the input that costs the most points at its weight', () => {
    // Equal weights over three inputs: adoption 90 costs 3.3, sponsor none costs 33.3, NPS 0 (50) costs 16.7.
    const r = computeHealth([snap('2024-05-01', { adoptionPct: 90, sponsorEngagement: 'none', nps: 0 })], equal(10), NOW);
    expect(biggestHealthDrag(r)).toEqual(HealthDragSchema.parse({ component: 'sponsor', pointsLost: 33.3 }));
  });

  it('weighs the shortfall: a heavily weighted small miss can outweigh a light big one', () => {
    const weights = { ...equal(0), adoption: 90, sponsor: 10 };
    const r = computeHealth([snap('2024-05-01', { adoptionPct: 60, sponsorEngagement: 'none' })], weights, NOW);
    expect(biggestHealthDrag(r)).toEqual({ component: 'adoption', pointsLost: 36 });
  });

  it('is null at full marks and when the score is unknown', () => {
    expect(biggestHealthDrag(computeHealth([snap('2024-05-01', { adoptionPct: 100, sponsorEngagement: 'high' })], equal(10), NOW))).toBeNull();
    expect(biggestHealthDrag(computeHealth([], equal(10), NOW))).toBeNull();
  });

  it('gives a tie to the input listed first', () => {
    const r = computeHealth([snap('2024-05-01', { adoptionPct: 50, nps: 0 })], equal(10), NOW);
    expect(biggestHealthDrag(r)?.component).toBe('adoption');
  });
});
