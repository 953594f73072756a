import { z } from 'zod';
import type { Commitment } from './commitment';
import { daysUntil } from './dates';

export const CommitmentStatusResultSchema = z.object({
  open: z.boolean(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  daysUntilDue: z.number().int().nullable(),
  roadmapGap: z.boolean(),
});

export type CommitmentStatusResult = z.infer<typeof CommitmentStatusResultSchema>;

export const DEFAULT_DUE_SOON_DAYS = 14;

const OPEN_STATUSES: ReadonlySet<Commitment['status']> = new Set(['open', 'in-progress']);
const PRODUCT_KINDS: ReadonlySet<Commitment['kind']> = new Set(['integration', 'feature']);
// "unknown" is a gap as well as "not-on-roadmap": nobody in product has
// confirmed the promise can be kept, and an unconfirmed promise is exactly the
// kind that surfaces as a broken commitment in onboarding.
const COVERED_ROADMAP: ReadonlySet<Commitment['roadmapStatus']> = new Set(['live', 'on-roadmap']);

export function isRoadmapGap(c: Pick<Commitment, 'kind' | 'roadmapStatus'>): boolean {
  return PRODUCT_KINDS.has(c.kind) && !COVERED_ROADMAP.has(c.roadmapStatus);
}

/** A roadmap gap that still counts against the account: one is a gap until it is delivered. */
export function isUndeliveredRoadmapGap(c: Pick<Commitment, 'kind' | 'roadmapStatus' | 'status'>): boolean {
  return c.status !== 'delivered' && isRoadmapGap(c);
}

export function commitmentStatus(
  commitment: Pick<Commitment, 'status' | 'dueDate' | 'kind' | 'roadmapStatus'>,
  now: Date,
  dueSoonDays: number = DEFAULT_DUE_SOON_DAYS,
): CommitmentStatusResult {
  const open = OPEN_STATUSES.has(commitment.status);
  const daysUntilDue = commitment.dueDate ? daysUntil(commitment.dueDate, now) : null;
  // Delivered, pushed-back and broken commitments are settled: a past due date
  // on them is history, not an alarm.
  const overdue = open && daysUntilDue !== null && daysUntilDue < 0;
  const dueSoon = open && daysUntilDue !== null && daysUntilDue >= 0 && daysUntilDue <= dueSoonDays;
  return { open, overdue, dueSoon, daysUntilDue, roadmapGap: isRoadmapGap(commitment) };
}

/**
 * Order for the panel's commitment list: overdue (most overdue first), then
 * due soon (soonest first), then the rest by due date, then undated. Ties keep
 * their given order. Returns a new array.
 */
export function sortCommitments<T extends Pick<Commitment, 'status' | 'dueDate' | 'kind' | 'roadmapStatus'>>(
  list: readonly T[],
  now: Date,
  dueSoonDays: number = DEFAULT_DUE_SOON_DAYS,
): T[] {
  const rank = (s: CommitmentStatusResult) => (s.overdue ? 0 : s.dueSoon ? 1 : s.daysUntilDue !== null ? 2 : 3);
  return list
    .map((item, index) => ({ item, index, s: commitmentStatus(item, now, dueSoonDays) }))
    .sort((a, b) => rank(a.s) - rank(b.s) || (a.s.daysUntilDue ?? 0) - (b.s.daysUntilDue ?? 0) || a.index - b.index)
    .map((x) => x.item);
}
