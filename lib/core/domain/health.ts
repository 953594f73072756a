import { z } from 'zod';
import { toIsoDate } from './dates';
import { HEALTH_BANDS, HEALTH_UNKNOWN_REASONS } from './health-bands';
import {
  HEALTH_COMPONENTS,
  HealthComponentSchema,
  HealthSnapshotSchema,
  type HealthComponent,
  type HealthSnapshot,
  type HealthWeights,
} from './health-snapshot';
import { IsoDateSchema } from './primitives';

// Bands are exported so the UI legend, the alignment dashboard and the docs
// quote the same numbers the score uses.
export const HEALTH_BAND_THRESHOLDS = { healthy: 70, watch: 40 } as const;

export const HealthBandSchema = z.enum(HEALTH_BANDS);

export const HealthInputsSchema = HealthSnapshotSchema.omit({ id: true, accountId: true, date: true });

export const HealthComponentResultSchema = z.object({
  component: HealthComponentSchema,
  score: z.number().int().min(0).max(100),
  // Share of the total after renormalising over the inputs present (0–1, sums to 1).
  weight: z.number().min(0).max(1),
  raw: HealthInputsSchema,
});

export const HealthHistoryPointSchema = z.object({ date: IsoDateSchema, score: z.number().int().min(0).max(100) });

export const HealthUnknownReasonSchema = z.enum(HEALTH_UNKNOWN_REASONS);

export const HealthResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('known'),
    asOf: IsoDateSchema,
    score: z.number().int().min(0).max(100),
    band: HealthBandSchema,
    components: z.array(HealthComponentResultSchema),
    history: z.array(HealthHistoryPointSchema),
    movedMost: z.object({ component: HealthComponentSchema, delta: z.number() }).nullable(),
    missing: z.array(HealthComponentSchema),
  }),
  z.object({
    status: z.literal('unknown'),
    reason: HealthUnknownReasonSchema,
    detail: z.string(),
    missing: z.array(HealthComponentSchema),
  }),
]);

export type HealthBand = z.infer<typeof HealthBandSchema>;
export type HealthInputs = z.infer<typeof HealthInputsSchema>;
export type HealthComponentResult = z.infer<typeof HealthComponentResultSchema>;
export type HealthHistoryPoint = z.infer<typeof HealthHistoryPointSchema>;
export type HealthResult = z.infer<typeof HealthResultSchema>;

export function healthBand(score: number): HealthBand {
  if (score >= HEALTH_BAND_THRESHOLDS.healthy) return 'healthy';
  if (score >= HEALTH_BAND_THRESHOLDS.watch) return 'watch';
  return 'at-risk';
}

const clamp = (n: number, lo = 0, hi = 100) => Math.min(hi, Math.max(lo, n));
const linear = (x: number, x0: number, x1: number) => clamp(((x - x0) / (x1 - x0)) * 100);

// Each input's curve, from the raw values to 0–100. The curves are
// deliberately simple (linear with clamps) so a CSM can explain a score from
// the raw numbers. Scores are plain numbers because a portfolio's whole
// history is scored at once (the dashboard); the raw inputs are picked only
// for the reading that is shown.
// Adoption is already the share of licensed seats in use, so it is its own score.
const adoptionScore = (adoptionPct: number) => clamp(adoptionPct);
// Flat usage period over period maps to 60 (stable, not yet expanding);
// +20% is full marks (a team rolling the product out), -30% is zero (a team
// leaving it usually shows as a drop of that size a quarter before churn).
const activeUsersScore = (trendPct: number) => linear(trendPct, -30, 20);
// Three sessions per user per week is full marks: the product supports a
// weekly working rhythm (pipeline, handoff, QBR prep), and three visits a
// week means it is part of that rhythm; more visits do not mean more value.
const loginsScore = (perUserPerWeek: number) => linear(perUserPerWeek, 0, 3);
// Each open ticket costs 5 points and each escalation 20: a handful of open
// tickets is normal for an active customer, while an escalation means a
// stakeholder went over the support process, which predicts churn far more.
// Ticket counts are tallies where an absent count means none was reported,
// so one of the two present is enough to score this component.
const supportScore = (openTickets: number | undefined, escalations: number | undefined) =>
  clamp(100 - ((openTickets ?? 0) * 5 + (escalations ?? 0) * 20));
// NPS (-100..100) is rescaled to 0–100 so NPS 0 sits at 50; CSAT is already
// a percentage. With both, they are averaged: neither survey is more trusted.
const sentimentScore = (nps: number | undefined, csatPct: number | undefined) => {
  if (nps === undefined) return clamp(csatPct!);
  const rescaled = (nps + 100) / 2;
  return csatPct === undefined ? clamp(rescaled) : clamp((rescaled + csatPct) / 2);
};
// Steps are uneven on purpose: going from no sponsor to a low-touch one
// matters less than having one who actually shows up (medium and above).
const SPONSOR_SCORE = { none: 0, low: 35, medium: 70, high: 100 } as const;
// First value within 30 days (the first step of a 30/60/90 plan) is full
// marks; 120 days or more is zero, because the customer then reaches its
// first quarterly review without having seen value.
const timeToValueScore = (days: number) => 100 - linear(days, 30, 120);

// Each mapping turns one signal into 0–100, or null when the snapshot does not carry it.
const SCORES: Record<HealthComponent, (s: HealthSnapshot) => number | null> = {
  adoption: (s) => (s.adoptionPct === undefined ? null : adoptionScore(s.adoptionPct)),
  activeUsers: (s) => (s.activeUserTrendPct === undefined ? null : activeUsersScore(s.activeUserTrendPct)),
  logins: (s) => (s.loginsPerUserPerWeek === undefined ? null : loginsScore(s.loginsPerUserPerWeek)),
  support: (s) => (s.openTickets === undefined && s.escalations === undefined ? null : supportScore(s.openTickets, s.escalations)),
  sentiment: (s) => (s.nps === undefined && s.csatPct === undefined ? null : sentimentScore(s.nps, s.csatPct)),
  sponsor: (s) => (s.sponsorEngagement === undefined ? null : SPONSOR_SCORE[s.sponsorEngagement]),
  timeToValue: (s) => (s.daysToFirstValue === undefined ? null : timeToValueScore(s.daysToFirstValue)),
};

/** The snapshot fields each component reads, shown beside its score (the team backend's SQL reads the same ones). */
export const HEALTH_INPUT_FIELDS: Record<HealthComponent, readonly (keyof HealthInputs)[]> = {
  adoption: ['adoptionPct'],
  activeUsers: ['activeUserTrendPct'],
  logins: ['loginsPerUserPerWeek'],
  support: ['openTickets', 'escalations'],
  sentiment: ['nps', 'csatPct'],
  sponsor: ['sponsorEngagement'],
  timeToValue: ['daysToFirstValue'],
};

function rawOf(s: HealthSnapshot, c: HealthComponent): HealthInputs {
  const raw: Record<string, unknown> = {};
  for (const f of HEALTH_INPUT_FIELDS[c]) if (s[f] !== undefined) raw[f] = s[f];
  return raw as HealthInputs;
}

// Per input, in HEALTH_COMPONENTS order: arrays of numbers rather than records keyed by input, since every reading
// of a portfolio is weighed and records built key by key take many shapes, each slow to read.
interface Weighed {
  score: number; // unrounded
  // Each input's score, unrounded; NaN when the reading does not carry it.
  scores: number[];
  // Each input's part of the score; 0 when the reading does not carry it.
  contributions: number[];
}

const safeWeight = (w: number | undefined) => (w !== undefined && Number.isFinite(w) && w > 0 ? w : 0);
const SCORE_LIST = HEALTH_COMPONENTS.map((c) => SCORES[c]);

function weigh(s: HealthSnapshot, weights: HealthWeights): Weighed | 'no-data' | 'zero-weights' {
  // Sized up front: a list grown by push reserves room for 17.
  const scores = new Array<number>(SCORE_LIST.length);
  let total = 0;
  let present = 0;
  for (let i = 0; i < SCORE_LIST.length; i++) {
    const v = SCORE_LIST[i]!(s);
    if (v === null) {
      scores[i] = Number.NaN;
      continue;
    }
    present++;
    total += safeWeight(weights[HEALTH_COMPONENTS[i]!]);
    scores[i] = v;
  }
  if (present === 0) return 'no-data';
  if (total <= 0) return 'zero-weights';
  const contributions = new Array<number>(scores.length);
  let score = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) {
      contributions[i] = 0;
      continue;
    }
    const part = v * (safeWeight(weights[HEALTH_COMPONENTS[i]!]) / total);
    contributions[i] = part;
    score += part;
  }
  return { score: clamp(score), scores, contributions };
}

/** The reading that is shown: each present input's score, renormalised weight and raw value. */
function describe(s: HealthSnapshot, weights: HealthWeights): { components: HealthComponentResult[]; missing: HealthComponent[] } {
  const present = HEALTH_COMPONENTS.filter((c) => SCORES[c](s) !== null);
  const total = present.reduce((sum, c) => sum + safeWeight(weights[c]), 0);
  return {
    components: present.map((c) => ({ component: c, score: Math.round(SCORES[c](s)!), weight: safeWeight(weights[c]) / total, raw: rawOf(s, c) })),
    missing: HEALTH_COMPONENTS.filter((c) => SCORES[c](s) === null),
  };
}

// Every score is null exactly when its fields are all absent, so a reading has
// an input when any field is present (checked without scoring: this runs on every reading of a portfolio, and
// reading each field by name is much cheaper than by a computed key). A test holds it to HEALTH_INPUT_FIELDS.
export const hasAnyInput = (s: HealthSnapshot) =>
  s.adoptionPct !== undefined ||
  s.activeUserTrendPct !== undefined ||
  s.loginsPerUserPerWeek !== undefined ||
  s.openTickets !== undefined ||
  s.escalations !== undefined ||
  s.nps !== undefined ||
  s.csatPct !== undefined ||
  s.sponsorEngagement !== undefined ||
  s.daysToFirstValue !== undefined;

/** The readings a score can stand on: one per date (the last given), none after `today` or without any input, oldest first. */
export function readingsUpTo(snapshots: readonly HealthSnapshot[], today: string): HealthSnapshot[] {
  // ISO dates compare lexically, which keeps this loop free of date parsing.
  const byDate = new Map<string, HealthSnapshot>();
  for (let n = 0; n < snapshots.length; n++) {
    const s = snapshots[n]!;
    if (s.date > today || !hasAnyInput(s)) continue;
    byDate.set(s.date, s);
  }
  const ordered = [...byDate.values()];
  // Readings are usually stored in date order; the dates are distinct, so one pass tells whether sorting is needed.
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i - 1]!.date > ordered[i]!.date) {
      ordered.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      break;
    }
  }
  return ordered;
}

type KnownHealth = Extract<HealthResult, { status: 'known' }>;
type UnknownHealth = Extract<HealthResult, { status: 'unknown' }>;

const NO_DATA = (): UnknownHealth => ({
  status: 'unknown',
  reason: 'no-data',
  detail: 'No health data recorded yet.',
  missing: [...HEALTH_COMPONENTS],
});
const ZERO_WEIGHTS = (latest: HealthSnapshot): UnknownHealth => ({
  status: 'unknown',
  reason: 'zero-weights',
  detail: 'Every input that has data is weighted 0, so no score can be computed. Give one of them a weight.',
  missing: HEALTH_COMPONENTS.filter((c) => SCORES[c](latest) === null),
});

/** The input whose contribution changed most from the scored reading before, to one decimal; null without one. */
function movedMostOf(current: Weighed, previous: Weighed | undefined): KnownHealth['movedMost'] {
  if (!previous) return null;
  let most = -1;
  let mostDelta = 0;
  for (let i = 0; i < current.contributions.length; i++) {
    const delta = current.contributions[i]! - previous.contributions[i]!;
    if (Math.abs(delta) > 1e-9 && (most < 0 || Math.abs(delta) > Math.abs(mostDelta))) {
      most = i;
      mostDelta = delta;
    }
  }
  return most < 0 ? null : { component: HEALTH_COMPONENTS[most]!, delta: Math.round(mostDelta * 10) / 10 };
}

/** Everything but the history, from the latest reading's weighing and the scored reading before it. */
function knownHealth(latest: HealthSnapshot, current: Weighed, previous: Weighed | undefined, weights: HealthWeights): Omit<KnownHealth, 'history'> {
  const score = Math.round(current.score);
  const { components, missing } = describe(latest, weights);
  return { status: 'known', asOf: latest.date, score, band: healthBand(score), components, movedMost: movedMostOf(current, previous), missing };
}

function scoredHistory(ordered: readonly HealthSnapshot[], weights: HealthWeights): { date: string; scored: Weighed }[] {
  const scored: { date: string; scored: Weighed }[] = [];
  for (const s of ordered) {
    const r = weigh(s, weights);
    if (typeof r !== 'string') scored.push({ date: s.date, scored: r });
  }
  return scored;
}

/**
 * Health score of one account from its snapshots.
 *
 * The score reflects the latest snapshot dated on or before `now` that carries
 * at least one input (an empty snapshot says nothing, so it cannot overrule
 * the last real reading). Several snapshots on one date: the last one given wins.
 */
export function computeHealth(snapshots: readonly HealthSnapshot[], weights: HealthWeights, now: Date): HealthResult {
  const ordered = readingsUpTo(snapshots, toIsoDate(now));
  const latest = ordered.at(-1);
  if (!latest) return NO_DATA();
  const scored = scoredHistory(ordered, weights);
  const current = scored.at(-1)?.date === latest.date ? scored.at(-1)!.scored : null;
  if (!current) return ZERO_WEIGHTS(latest);
  const { status, asOf, score, band, components, movedMost, missing } = knownHealth(latest, current, scored.at(-2)?.scored, weights);
  const history = scored.map((p) => ({ date: p.date, score: Math.round(p.scored.score) }));
  return { status, asOf, score, band, components, history, movedMost, missing };
}

/**
 * computeHealth as a portfolio needs it: the same result, with the score
 * before the latest reading given directly, and what only some readers need
 * worked out when asked for: the latest reading's inputs (`details`) and the
 * whole history scored. A dashboard reads the score and band of every account
 * and the rest for a few, so building all of it for every account would be
 * most of what a portfolio's health costs.
 */
export type LatestHealth =
  | (Omit<KnownHealth, 'history' | 'components' | 'missing'> & {
      previousScore: number | null;
      // The input with the lowest score (rounded as its component shows it; the first listed of equals).
      weakest: { component: HealthComponent; score: number } | null;
      details: () => Pick<KnownHealth, 'components' | 'missing'>;
      history: () => KnownHealth['history'];
    })
  | UnknownHealth;

/**
 * The reading that stands for the latest date on or before `bound` (before it, when `before`): of one date, the
 * last given with an input, as readingsUpTo keeps it. One pass in any order, with no copy of the history.
 */
function standing(snapshots: readonly HealthSnapshot[], bound: string, before: boolean): HealthSnapshot | undefined {
  let best: HealthSnapshot | undefined;
  for (let i = 0; i < snapshots.length; i++) {
    const s = snapshots[i]!;
    if (s.date > bound || (before && s.date === bound) || (best && s.date < best.date) || !hasAnyInput(s)) continue;
    best = s;
  }
  return best;
}

/**
 * The standing readings of the latest date on or before `today` and of the date before it (standing(…, false)
 * and then standing(…, true) from the first one's date), in one pass: a portfolio scores every account, and
 * each pass tests every reading for an input.
 */
function lastTwoStanding(snapshots: readonly HealthSnapshot[], today: string): [HealthSnapshot | undefined, HealthSnapshot | undefined] {
  let best: HealthSnapshot | undefined;
  let second: HealthSnapshot | undefined;
  for (let i = 0; i < snapshots.length; i++) {
    const s = snapshots[i]!;
    const date = s.date;
    if (date > today) continue;
    if (best && date < best.date) {
      // Of one date the last given stands, hence a same-date reading replaces the second.
      if ((second && date < second.date) || !hasAnyInput(s)) continue;
      second = s;
      continue;
    }
    if (!hasAnyInput(s)) continue;
    if (!best || date > best.date) second = best;
    best = s;
  }
  return [best, second];
}

/** The health weights as a portfolio reads them: each input's usable weight (safeWeight), in HEALTH_COMPONENTS order. */
export type WeightList = Readonly<Float64Array>;

export function weightList(weights: HealthWeights): WeightList {
  return Float64Array.from(HEALTH_COMPONENTS, (c) => safeWeight(weights[c]));
}

/**
 * weigh for a portfolio, with no allocation: each input's score goes into `scores` (NaN when the reading does not
 * carry it), with the same formulas in the same order; gives the total weight of the inputs present, 0 when
 * every one present is weighted 0, and -1 when the reading has none.
 */
function scoreInto(s: HealthSnapshot, w: WeightList, scores: Float64Array): number {
  let total = 0;
  let present = 0;
  const adoption = s.adoptionPct;
  const trend = s.activeUserTrendPct;
  const logins = s.loginsPerUserPerWeek;
  const tickets = s.openTickets;
  const escalations = s.escalations;
  const nps = s.nps;
  const csat = s.csatPct;
  const sponsor = s.sponsorEngagement;
  const days = s.daysToFirstValue;
  scores[0] = adoption === undefined ? Number.NaN : (present++, (total += w[0]!), adoptionScore(adoption));
  scores[1] = trend === undefined ? Number.NaN : (present++, (total += w[1]!), activeUsersScore(trend));
  scores[2] = logins === undefined ? Number.NaN : (present++, (total += w[2]!), loginsScore(logins));
  scores[3] = tickets === undefined && escalations === undefined ? Number.NaN : (present++, (total += w[3]!), supportScore(tickets, escalations));
  scores[4] = nps === undefined && csat === undefined ? Number.NaN : (present++, (total += w[4]!), sentimentScore(nps, csat));
  scores[5] = sponsor === undefined ? Number.NaN : (present++, (total += w[5]!), SPONSOR_SCORE[sponsor]);
  scores[6] = days === undefined ? Number.NaN : (present++, (total += w[6]!), timeToValueScore(days));
  return present === 0 ? -1 : total;
}

// weigh's score from scoreInto's scores and total: the same sum in the same order, so the same number.
function scoreOf(scores: Float64Array, w: WeightList, total: number): number {
  let score = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (!Number.isNaN(v)) score += v * (w[i]! / total);
  }
  return clamp(score);
}

// Scratch space for the two readings latestHealth weighs: a portfolio scores every account, and one list per
// reading was most of the garbage that made.
const CURRENT = new Float64Array(HEALTH_COMPONENTS.length);
const PREVIOUS = new Float64Array(HEALTH_COMPONENTS.length);

// movedMostOf over scoreInto's scores: each input's part of the score is its score times its share of the weight.
function movedMostFrom(current: Float64Array, currentTotal: number, previous: Float64Array, previousTotal: number, w: WeightList) {
  let most = -1;
  let mostDelta = 0;
  for (let i = 0; i < current.length; i++) {
    const c = current[i]!;
    const p = previous[i]!;
    const delta = (Number.isNaN(c) ? 0 : c * (w[i]! / currentTotal)) - (Number.isNaN(p) ? 0 : p * (w[i]! / previousTotal));
    if (Math.abs(delta) > 1e-9 && (most < 0 || Math.abs(delta) > Math.abs(mostDelta))) {
      most = i;
      mostDelta = delta;
    }
  }
  return most < 0 ? null : { component: HEALTH_COMPONENTS[most]!, delta: Math.round(mostDelta * 10) / 10 };
}

function weakestFrom(scores: Float64Array): { component: HealthComponent; score: number } | null {
  let at = -1;
  let lowest = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) continue;
    const score = Math.round(scores[i]!);
    if (at < 0 || score < lowest) {
      at = i;
      lowest = score;
    }
  }
  return at < 0 ? null : { component: HEALTH_COMPONENTS[at]!, score: lowest };
}

/** What scoring many accounts on one day shares: the weights (also as a WeightList) and the day. */
export interface HealthScoring {
  weights: HealthWeights;
  w: WeightList;
  today: string;
}

export function healthScoring(weights: HealthWeights, today: string): HealthScoring {
  return { weights, w: weightList(weights), today };
}

/** A known latest health; the inputs and the history are worked out on the first call (methods, not a closure per account). */
class KnownLatestHealth {
  readonly status = 'known' as const;
  // What the inputs and the history are worked out from when asked.
  readonly #snapshots: readonly HealthSnapshot[];
  readonly #latest: HealthSnapshot;
  readonly #scoring: HealthScoring;
  #details: Pick<KnownHealth, 'components' | 'missing'> | null = null;
  #history: KnownHealth['history'] | null = null;
  constructor(
    readonly asOf: string,
    readonly score: number,
    readonly band: HealthBand,
    readonly movedMost: KnownHealth['movedMost'],
    readonly previousScore: number | null,
    readonly weakest: { component: HealthComponent; score: number } | null,
    snapshots: readonly HealthSnapshot[],
    latest: HealthSnapshot,
    scoring: HealthScoring,
  ) {
    this.#snapshots = snapshots;
    this.#latest = latest;
    this.#scoring = scoring;
  }
  details(): Pick<KnownHealth, 'components' | 'missing'> {
    return (this.#details ??= describe(this.#latest, this.#scoring.weights));
  }
  history(): KnownHealth['history'] {
    if (this.#history) return this.#history;
    // scoredHistory's scores, rounded, weighed as the latest reading was.
    const { w, today } = this.#scoring;
    const snapshots = this.#snapshots;
    const scores = new Float64Array(HEALTH_COMPONENTS.length);
    const history: KnownHealth['history'] = [];
    for (const s of readingsUpTo(snapshots, today)) {
      const total = scoreInto(s, w, scores);
      if (total > 0) history.push({ date: s.date, score: Math.round(scoreOf(scores, w, total)) });
    }
    return (this.#history = history);
  }
}

/** computeHealth for many accounts on one day: `today` is toIsoDate(now), worked out once by the caller. */
export function latestHealth(
  snapshots: readonly HealthSnapshot[],
  weights: HealthWeights,
  today: string,
  // healthScoring(weights, today), when the caller scores many accounts.
  scoring: HealthScoring = healthScoring(weights, today),
): LatestHealth {
  const w = scoring.w;
  const [latest, before] = lastTwoStanding(snapshots, today);
  if (!latest) return NO_DATA();
  const currentTotal = scoreInto(latest, w, CURRENT);
  if (currentTotal <= 0) return ZERO_WEIGHTS(latest);
  const unrounded = scoreOf(CURRENT, w, currentTotal);
  // The reading before it: each earlier date's standing reading in turn, until one can be scored (the first,
  // unless every input it has is weighted 0).
  let previousTotal = 0;
  for (let s = before; s; s = standing(snapshots, s.date, true)) {
    previousTotal = scoreInto(s, w, PREVIOUS);
    if (previousTotal > 0) break;
  }
  const score = Math.round(unrounded);
  const hasPrevious = previousTotal > 0;
  return new KnownLatestHealth(
    latest.date,
    score,
    healthBand(score),
    hasPrevious ? movedMostFrom(CURRENT, currentTotal, PREVIOUS, previousTotal, w) : null,
    hasPrevious ? Math.round(scoreOf(PREVIOUS, w, previousTotal)) : null,
    weakestFrom(CURRENT),
    snapshots,
    latest,
    scoring,
  );
}

export const HealthConfidenceLevelSchema = z.enum(['low', 'medium', 'high']);

export const HealthConfidenceSchema = z.object({
  present: z.number().int().min(0),
  total: z.number().int().min(1),
  level: HealthConfidenceLevelSchema,
});

export const HealthDragSchema = z.object({
  component: HealthComponentSchema,
  // Points of the 0–100 score this input costs against full marks, one decimal.
  pointsLost: z.number().min(0).max(100),
});

export type HealthConfidence = z.infer<typeof HealthConfidenceSchema>;
export type HealthDrag = z.infer<typeof HealthDragSchema>;

// Under half the inputs, the score mostly reflects what is missing; from five
// of seven on, one absent input cannot swing the band on its own.
const CONFIDENCE_SHARES = { medium: 0.5, high: 0.7 } as const;

/** How much of the picture the score stands on: inputs with data out of every input the score can use. */
export function healthConfidence(result: HealthResult): HealthConfidence {
  const total = HEALTH_COMPONENTS.length;
  const present = total - result.missing.length;
  const share = present / total;
  const level = share >= CONFIDENCE_SHARES.high ? 'high' : share >= CONFIDENCE_SHARES.medium ? 'medium' : 'low';
  return { present, total, level };
}

/**
 * The input that holds the score down most: the one whose shortfall from full
 * marks, at its share of the weight, costs the most points. Null when the
 * score is unknown or every input is at full marks. Ties go to the input listed
 * first in HEALTH_COMPONENTS.
 */
export function biggestHealthDrag(result: HealthResult): HealthDrag | null {
  if (result.status !== 'known') return null;
  let drag: HealthDrag | null = null;
  for (const c of result.components) {
    const lost = (100 - c.score) * c.weight;
    if (lost > 1e-9 && (!drag || lost > drag.pointsLost)) drag = { component: c.component, pointsLost: lost };
  }
  return drag && { component: drag.component, pointsLost: Math.round(drag.pointsLost * 10) / 10 };
}
