import { z } from 'zod';
import { IdSchema, IsoDateSchema, ShortTextSchema } from '../primitives';
import { CurrencyCodeSchema } from './common';

export const ArrChangeReasonSchema = z.enum(['new', 'expansion', 'contraction', 'churn', 'renewal']);

const ArrChangeFieldsSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  date: IsoDateSchema,
  currency: CurrencyCodeSchema,
  arrAfter: z.number().nonnegative().optional(),
  delta: z.number().optional(),
  reason: ArrChangeReasonSchema,
  note: ShortTextSchema.optional(),
});

type ArrChangeBreach = { path: 'arrAfter' | 'delta'; message: string };

/**
 * Where a change whose fields each hold breaks the rule between its amount and
 * its reason, by field; none when it keeps it. The schema's own rule, and
 * also asked alone where the fields were checked one by one (the dashboard's
 * packed inputs), as a schema's whole-row check costs a fresh worker some
 * 10 µs a row.
 */
export function arrChangeBreaches(c: Pick<z.infer<typeof ArrChangeFieldsSchema>, 'arrAfter' | 'delta' | 'reason'>): ArrChangeBreach[] {
  if (c.arrAfter === undefined && c.delta === undefined) {
    return [{ path: 'arrAfter', message: 'give the ARR after the change, the change amount, or both' }];
  }
  const breaches: ArrChangeBreach[] = [];
  if (c.reason === 'churn' && c.arrAfter !== undefined && c.arrAfter !== 0) breaches.push({ path: 'arrAfter', message: 'a churn leaves ARR at 0' });
  if (c.delta === undefined) return breaches;
  const wrongSign = (message: string) => breaches.push({ path: 'delta', message });
  if (c.reason === 'churn' && c.delta > 0) wrongSign('a churn cannot increase ARR');
  if (c.reason === 'new' && c.delta < 0) wrongSign('a new deal cannot decrease ARR');
  if (c.reason === 'expansion' && c.delta <= 0) wrongSign('an expansion increases ARR');
  if (c.reason === 'contraction' && c.delta >= 0) wrongSign('a contraction decreases ARR');
  return breaches;
}

/**
 * One change to an account's ARR, effective on a date. Either the ARR after
 * the change or the change amount (delta) is enough; with both, the ARR after
 * the change wins and a mismatch is reported. A renewal may carry a price
 * change or none (delta 0).
 */
export const ArrChangeSchema = ArrChangeFieldsSchema.superRefine((c, ctx) => {
  for (const { path, message } of arrChangeBreaches(c)) ctx.addIssue({ code: 'custom', message, path: [path] });
});

export type ArrChangeReason = z.infer<typeof ArrChangeReasonSchema>;
export type ArrChange = z.infer<typeof ArrChangeSchema>;
export type ArrChangeInput = z.input<typeof ArrChangeSchema>;

export const ArrPointSchema = z.object({
  changeId: z.string(),
  date: IsoDateSchema,
  reason: ArrChangeReasonSchema,
  arrBefore: z.number().min(0),
  arrAfter: z.number().min(0),
  // arrAfter − arrBefore, whatever the record said.
  delta: z.number(),
});

export const ArrTimelineSchema = z.object({
  accountId: z.string(),
  // The currency of the first change; null only for an empty history.
  currency: CurrencyCodeSchema.nullable(),
  // Every currency the history uses: more than one makes it unusable for retention.
  currencies: z.array(CurrencyCodeSchema),
  points: z.array(ArrPointSchema),
  // Records that were read with a correction, and what was corrected.
  adjustments: z.array(z.object({ changeId: z.string(), because: z.string() })),
});

export type ArrPoint = z.infer<typeof ArrPointSchema>;
export type ArrTimeline = z.infer<typeof ArrTimelineSchema>;

const CENT = 0.005;

/**
 * Replays each account's changes in date order (same-day changes in the order
 * given) into a timeline of ARR levels. ARR never goes below 0 and a churn
 * always ends at 0; records that had to be read that way are listed as
 * adjustments rather than rejected, so one bad record does not hide an
 * account's whole history.
 */
export function buildArrTimelines(changes: readonly ArrChange[]): Map<string, ArrTimeline> {
  const byAccount = new Map<string, ArrChange[]>();
  for (let n = 0; n < changes.length; n++) {
    const c = changes[n]!;
    const list = byAccount.get(c.accountId);
    if (list) list.push(c);
    else byAccount.set(c.accountId, [c]);
  }
  const out = new Map<string, ArrTimeline>();
  // Indexed loops and forEach rather than for…of: this runs once over a portfolio's whole history, usually before
  // it is optimised, when every step of an iterator is an object made and collected.
  byAccount.forEach((list, accountId) => {
    // Array sort is stable, so same-day changes keep their given order; a history already in date order (as it is
    // usually recorded) is read as it is.
    let inOrder = true;
    for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i - 1]!.date <= list[i]!.date;
    const ordered = inOrder ? list : list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    // Sized to the history: a list grown by push keeps room for sixteen, and a portfolio's timelines are kept.
    const points = new Array<ArrPoint>(ordered.length);
    const adjustments: ArrTimeline['adjustments'] = [];
    let level = 0;
    for (let n = 0; n < ordered.length; n++) {
      const c = ordered[n]!;
      let after: number;
      if (c.arrAfter !== undefined) {
        after = c.arrAfter;
        if (c.delta !== undefined && Math.abs(level + c.delta - c.arrAfter) > CENT) {
          adjustments.push({
            changeId: c.id,
            because: `its change of ${c.delta} does not take ARR from ${level} to ${c.arrAfter}; the ARR after the change is used`,
          });
        }
      } else {
        after = level + (c.delta ?? 0);
        if (c.reason === 'churn' && Math.abs(after) > CENT) {
          adjustments.push({ changeId: c.id, because: `a churn leaves ARR at 0, but its change of ${c.delta} would leave ${after}; read as 0` });
          after = 0;
        } else if (after < 0) {
          adjustments.push({ changeId: c.id, because: `its change of ${c.delta} would take ARR below 0 (from ${level}); read as 0` });
          after = 0;
        }
      }
      points[n] = { changeId: c.id, date: c.date, reason: c.reason, arrBefore: level, arrAfter: after, delta: after - level };
      level = after;
    }
    const currencies = [ordered[0]!.currency];
    for (let n = 1; n < ordered.length; n++) if (!currencies.includes(ordered[n]!.currency)) currencies.push(ordered[n]!.currency);
    currencies.sort();
    out.set(accountId, { accountId, currency: ordered[0]!.currency, currencies, points, adjustments });
  });
  return out;
}

/** ARR at the end of `dateIso`: after every change dated on or before it (0 before the first). */
export function arrAt(timeline: Pick<ArrTimeline, 'points'>, dateIso: string): number {
  let level = 0;
  for (let n = 0; n < timeline.points.length; n++) {
    const p = timeline.points[n]!;
    if (p.date > dateIso) break;
    level = p.arrAfter;
  }
  return level;
}

/** ARR at the start of `dateIso`: after every change dated strictly before it. */
export function arrBefore(timeline: Pick<ArrTimeline, 'points'>, dateIso: string): number {
  let level = 0;
  for (let n = 0; n < timeline.points.length; n++) {
    const p = timeline.points[n]!;
    if (p.date >= dateIso) break;
    level = p.arrAfter;
  }
  return level;
}

/** The first change that took a paying account to 0 ARR (a churn), or null; with `from`, the first dated on or after it. */
export function firstChurn(timeline: Pick<ArrTimeline, 'points'>, from?: string): ArrPoint | null {
  const points = timeline.points;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if ((from === undefined || p.date >= from) && p.arrBefore > 0 && p.arrAfter === 0) return p;
  }
  return null;
}

/** What an ARR change recorded on save says, before it gets an id and an account. */
export interface ArrChangeOnSave {
  date: string;
  currency: string;
  arrAfter: number;
  delta: number;
  reason: ArrChangeReason;
}

/**
 * The ARR change a save of an account makes, or null when ARR and currency
 * are unchanged. A new account with ARR is a new deal, dated at its close
 * when it has one; later, a rise is an expansion, a fall a contraction, and a
 * fall to 0 a churn, and a rise from 0 a new deal again. A currency switch is
 * recorded too (by its amount, or as a renewal when the amount is the same)
 * so the history shows the mix of currencies instead of hiding it.
 */
export function arrChangeOnSave(
  before: { arr: number; currency: string } | null,
  after: { arr: number; currency: string; closedWonDate?: string | undefined },
  today: string,
): ArrChangeOnSave | null {
  if (before === null) {
    if (after.arr <= 0) return null;
    const date = after.closedWonDate !== undefined && after.closedWonDate <= today ? after.closedWonDate : today;
    return { date, currency: after.currency, arrAfter: after.arr, delta: after.arr, reason: 'new' };
  }
  if (before.arr === after.arr && before.currency === after.currency) return null;
  const delta = after.arr - before.arr;
  const reason: ArrChangeReason =
    before.arr === 0 ? 'new' : after.arr === 0 ? 'churn' : delta > 0 ? 'expansion' : delta < 0 ? 'contraction' : 'renewal';
  return { date: today, currency: after.currency, arrAfter: after.arr, delta, reason };
}
