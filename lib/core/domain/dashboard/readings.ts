import { hasAnyInput, HEALTH_INPUT_FIELDS, readingsUpTo } from '../health';
import { HEALTH_COMPONENTS, type HealthSnapshot } from '../health-snapshot';

// Which of an account's health readings the dashboard can depend on, so a
// store can keep them marked as they are written and the dashboard reads
// those instead of every account's whole history (the readings are most of
// a portfolio's rows). The team backend marks its readings by this rule too
// (server/base/dashboard-marks.ts).
//
// The marked readings must give the same figures on the day they were marked
// and on every later day, under any health weights:
// - a reading dated after the day is kept: on a later day it may count;
// - per component, the two latest readings that stand for their date and
//   carry one of its inputs. The health score reads the latest standing
//   reading and the latest standing one before it that the weights can
//   score; under any weights that one carries an input of a weighted
//   component, and of the standing readings after it only the latest can
//   carry that input, so it is among that component's two;
// - the latest reading of any kind, the last two with adoption and the last
//   with days to first value (the review agenda and the time to value), each
//   with its date's standing reading;
// - an account with a broken commitment keeps its whole history: the promise
//   ledger looks for the last reading on or before each break.
// A later day only adds readings that were kept as future ones, and the
// latest readings of each kind among more readings are among the latest of
// fewer plus the added ones.

const COMPONENT_INPUTS = HEALTH_COMPONENTS.map((c) => HEALTH_INPUT_FIELDS[c]);
/** Records in the order a store gives them: by id (of an account's readings of one date, the last given stands). */
export const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
// Of two readings, the later: by date, then (as stored) by id.
const newestFirst = (a: HealthSnapshot, b: HealthSnapshot) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : byId(b, a));

function carries(s: HealthSnapshot, fields: readonly (keyof HealthSnapshot)[]): boolean {
  for (const f of fields) if (s[f] !== undefined) return true;
  return false;
}

/**
 * The readings of one account that every dashboard computed on `day` or later
 * reads, in the order given; all of them when `wholeHistory` (the account has
 * a broken commitment).
 */
export function dashboardReadings<T extends HealthSnapshot>(readings: readonly T[], day: string, wholeHistory: boolean): T[] {
  if (wholeHistory) return [...readings];
  const stored = [...readings].sort(byId);
  const order = [...stored].sort(newestFirst);
  // The reading standing for each date, as the health score picks it.
  const standing = new Map((readingsUpTo(stored, day) as T[]).map((s) => [s.date, s]));
  const keep = new Set<T>();
  const wantedDates = new Set<string>();
  const perComponent = COMPONENT_INPUTS.map(() => 0);
  let seenAny = false;
  let seenStanding = false;
  let adoption = 0;
  let value = false;
  for (const s of order) {
    if (s.date > day) {
      keep.add(s);
      continue;
    }
    const kept = keep.size;
    if (!seenAny) {
      seenAny = true;
      keep.add(s);
    }
    if (s.adoptionPct !== undefined && adoption < 2) {
      adoption++;
      keep.add(s);
    }
    if (s.daysToFirstValue !== undefined && !value) {
      value = true;
      keep.add(s);
    }
    if (keep.size > kept && hasAnyInput(s)) wantedDates.add(s.date);
    if (standing.get(s.date) !== s) continue;
    if (!seenStanding) {
      seenStanding = true;
      keep.add(s);
    }
    for (let i = 0; i < COMPONENT_INPUTS.length; i++) {
      if (perComponent[i]! < 2 && carries(s, COMPONENT_INPUTS[i]!)) {
        perComponent[i]!++;
        keep.add(s);
      }
    }
  }
  for (const date of wantedDates) keep.add(standing.get(date)!);
  return readings.filter((s) => keep.has(s));
}
