import { differenceInCalendarDays } from 'date-fns';
import { z } from 'zod';
import type { Account } from './account';
import { daysUntil, parseIsoDate, toIsoDate } from './dates';
import { IdSchema, IsoDateSchema, LongTextSchema, PersonSchema, VersionedSchema } from './primitives';

// The milestone whose date achieved is the account's time to value; stage
// rules and the dashboard find it by this id whatever it is called.
export const FIRST_VALUE_MILESTONE_ID = 'first-value';

export const MilestoneOwnerRoleSchema = z.enum(['ae', 'csm', 'customer', 'solutions-engineer']);
export const MilestoneStatusSchema = z.enum(['planned', 'in-progress', 'done', 'at-risk', 'missed']);

export const MILESTONE_OWNER_ROLE_LABELS: Readonly<Record<MilestoneOwnerRole, string>> = {
  ae: 'AE',
  csm: 'CSM',
  customer: 'Customer',
  'solutions-engineer': 'Solutions engineer',
};

export const MILESTONE_STATUS_LABELS: Readonly<Record<MilestoneStatus, string>> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  'at-risk': 'At risk',
  missed: 'Missed',
};

// The fields without the cross-field rule, for callers that need .pick/.omit
// (zod does not allow them on a refined object).
export const MilestoneFieldsSchema = VersionedSchema.extend({
  // Stable: a milestone made from a template keeps the template milestone's id
  // (unique within the account's plan), so rules such as "activation exits
  // when first-value is done" keep pointing at it whatever it is renamed to.
  id: IdSchema,
  accountId: IdSchema,
  title: z.string().trim().min(1, 'give the milestone a title').max(200),
  // Absent when the date it counts from is not known yet (e.g. no renewal date).
  dueDate: IsoDateSchema.optional(),
  ownerRole: MilestoneOwnerRoleSchema,
  owner: PersonSchema.optional(),
  status: MilestoneStatusSchema,
  // Written in the customer's words: this is what they will hold the team to.
  successCriteria: LongTextSchema.optional(),
  evidence: LongTextSchema.optional(),
  // Never leaves the team: the mutual action plan export drops it.
  internalNote: LongTextSchema.optional(),
  // For the first-value milestone this is the account's time to value.
  achievedOn: IsoDateSchema.optional(),
});

export const MilestoneSchema = MilestoneFieldsSchema.superRefine((m, ctx) => {
  if (m.status === 'done' && !m.achievedOn) {
    ctx.addIssue({ code: 'custom', message: 'enter the date the milestone was achieved', path: ['achievedOn'] });
  }
});

/** A plan's milestones: each id once, all of the plan's account (for a stored plan and a plan being created alike). */
export function planMilestonesBelong(
  plan: { accountId: string; milestones: readonly { id: string; accountId: string }[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  plan.milestones.forEach((m, i) => {
    if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate milestone id "${m.id}"`, path: ['milestones', i, 'id'] });
    seen.add(m.id);
    if (m.accountId !== plan.accountId) {
      ctx.addIssue({ code: 'custom', message: 'the milestone belongs to another account', path: ['milestones', i, 'accountId'] });
    }
  });
}

export const SuccessPlanSchema = z
  .object({
    accountId: IdSchema,
    templateId: IdSchema,
    milestones: z.array(MilestoneSchema),
  })
  .superRefine(planMilestonesBelong);

export type MilestoneOwnerRole = z.infer<typeof MilestoneOwnerRoleSchema>;
export type MilestoneStatus = z.infer<typeof MilestoneStatusSchema>;
export type Milestone = z.infer<typeof MilestoneSchema>;
export type SuccessPlan = z.infer<typeof SuccessPlanSchema>;

type Dated = Pick<Milestone, 'status' | 'dueDate'>;

/**
 * Missed: not done, and either marked missed or past its due date. A
 * milestone marked missed stays missed until it is achieved or rescheduled,
 * since the customer is still waiting for it.
 */
export function isMilestoneMissed(m: Dated, now: Date): boolean {
  if (m.status === 'done') return false;
  return m.status === 'missed' || (m.dueDate !== undefined && daysUntil(m.dueDate, now) < 0);
}

/**
 * The next thing to do on the plan: the open milestone due first (overdue
 * ones come first because their dates are earliest), undated ones last, ties
 * in plan order. Null once everything is done.
 */
export function nextMilestone<T extends Dated>(milestones: readonly T[]): T | null {
  let best: T | null = null;
  for (const m of milestones) {
    if (m.status === 'done') continue;
    if (!best || (m.dueDate !== undefined && (best.dueDate === undefined || m.dueDate < best.dueDate))) best = m;
  }
  return best;
}

export function findMilestone<T extends Pick<Milestone, 'id'>>(milestones: readonly T[], id: string): T | undefined {
  return milestones.find((m) => m.id === id);
}

/**
 * The fields a status change sets. Done records today as the date achieved
 * (keeping one already entered); any other status clears it, since the
 * milestone has not been achieved after all.
 */
export function milestoneStatusChange(
  milestone: Pick<Milestone, 'achievedOn'>,
  status: MilestoneStatus,
  now: Date,
): Pick<Milestone, 'status' | 'achievedOn'> {
  if (status === 'done') return { status, achievedOn: milestone.achievedOn ?? toIsoDate(now) };
  return { status, achievedOn: undefined };
}

/**
 * Calendar days from closed-won to the day first value was achieved: the
 * account's time to value. Null until both dates are known.
 */
export function daysToFirstValue(
  account: Pick<Account, 'closedWonDate'>,
  milestones: readonly Pick<Milestone, 'id' | 'status' | 'achievedOn'>[],
): number | null {
  const m = milestones.find((x) => x.id === FIRST_VALUE_MILESTONE_ID);
  if (!account.closedWonDate || m?.status !== 'done' || !m.achievedOn) return null;
  return Math.max(0, differenceInCalendarDays(parseIsoDate(m.achievedOn), parseIsoDate(account.closedWonDate)));
}
