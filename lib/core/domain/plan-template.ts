import { addBusinessDays, addDays, isWeekend, nextMonday, previousFriday, startOfDay } from 'date-fns';
import { z } from 'zod';
import type { Account } from './account';
import { parseIsoDate, toIsoDate } from './dates';
import { kickoffSla } from './kickoff';
import { IdSchema, IsoDateSchema } from './primitives';
import type { ServiceLevels } from './service-levels';
import { slugify } from './user-site';
import { MilestoneOwnerRoleSchema, SuccessPlanSchema, type Milestone, type SuccessPlan } from './success-plan';

/**
 * When a milestone falls due. The two service-level rules follow the segment's
 * service levels, so changing a service level changes every plan made after.
 * Offsets in calendar days that land on a weekend move away from the date
 * they count from (a review "30 days after kickoff" on a Saturday moves to
 * Monday, one "120 days before renewal" to the Friday before): meetings happen
 * on working days and the promised lead time is never shortened.
 */
export const DueRuleSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('kickoff-sla') }),
  z.object({ from: z.literal('go-live-sla') }),
  z.object({
    from: z.enum(['closed-won', 'kickoff', 'renewal']),
    offset: z.number().int().min(-730).max(730),
    unit: z.enum(['business-days', 'calendar-days']),
  }),
]);

export const PlanTemplateMilestoneSchema = z.object({
  // Never renamed: milestones made from the template keep this id.
  id: IdSchema,
  title: z.string().trim().min(1, 'give the milestone a title').max(200),
  ownerRole: MilestoneOwnerRoleSchema,
  due: DueRuleSchema,
  help: z.string().max(1000).optional(),
  // A removed milestone is archived so plans already made keep their meaning.
  archived: z.boolean().optional(),
});

export const PlanTemplateSchema = z
  .object({
    id: IdSchema,
    name: z.string().trim().min(1).max(200),
    milestones: z.array(PlanTemplateMilestoneSchema).min(1, 'a plan needs at least one milestone'),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.milestones.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate milestone id "${m.id}"`, path: ['milestones', i, 'id'] });
      seen.add(m.id);
    });
  });

export const PlanTemplatesSchema = z.object({
  enterprise: PlanTemplateSchema,
  'mid-market': PlanTemplateSchema,
  smb: PlanTemplateSchema,
});

export const PlanNoticeSchema = z.object({
  milestoneId: IdSchema,
  kind: z.enum(['no-renewal-date', 'renewal-date-passed', 'late-start', 'already-past']),
  message: z.string(),
  // The date the playbook would have given, when it was not used.
  plannedDate: IsoDateSchema.optional(),
});

export const GeneratePlanResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), plan: SuccessPlanSchema, notices: z.array(PlanNoticeSchema) }),
  z.object({ ok: z.literal(false), reason: z.literal('no-closed-won-date'), message: z.string() }),
]);

export type DueRule = z.infer<typeof DueRuleSchema>;
export type PlanTemplateMilestone = z.infer<typeof PlanTemplateMilestoneSchema>;
export type PlanTemplate = z.infer<typeof PlanTemplateSchema>;
export type PlanTemplates = z.infer<typeof PlanTemplatesSchema>;
export type PlanNotice = z.infer<typeof PlanNoticeSchema>;
export type GeneratePlanResult = z.infer<typeof GeneratePlanResultSchema>;

export type PlanAccount = Pick<Account, 'id' | 'segment' | 'closedWonDate' | 'kickoffDate' | 'renewalDate' | 'ownerAe' | 'csm'>;

/** Moves a weekend date to the nearest working day in the given direction. */
function toWorkingDay(d: Date, direction: 1 | -1): Date {
  if (!isWeekend(d)) return d;
  return direction === 1 ? nextMonday(d) : previousFriday(d);
}

function shift(from: Date, offset: number, unit: 'business-days' | 'calendar-days'): Date {
  if (unit === 'business-days') return addBusinessDays(from, offset);
  return toWorkingDay(addDays(from, offset), offset < 0 ? -1 : 1);
}

/**
 * Makes an account's success plan from its segment's template. Every date is
 * counted from the account's own dates: the kickoff and go-live from
 * closed-won, reviews from the kickoff (the date it was held, otherwise the
 * date it is due), the renewal review from the renewal date. Holidays are not
 * known to the product and are not skipped.
 *
 * Without a closed-won date there is nothing to count from, and the result
 * says so rather than returning an empty plan. A milestone that cannot be
 * dated, or whose date is already past, is still made and is named in
 * `notices` so the person can date it or mark it done.
 */
export function generatePlan(account: PlanAccount, template: PlanTemplate, serviceLevels: ServiceLevels, now: Date): GeneratePlanResult {
  if (!account.closedWonDate) {
    return {
      ok: false,
      reason: 'no-closed-won-date',
      message: 'The account has no closed-won date, so the plan has no date to count from. Enter the closed-won date first.',
    };
  }
  const level = serviceLevels[account.segment];
  const closedWon = parseIsoDate(account.closedWonDate);
  const kickoffDue = kickoffSla(account, now, level.kickoffBusinessDays).dueDate!;
  const kickoff = parseIsoDate(account.kickoffDate ?? kickoffDue);
  const today = startOfDay(now);
  const todayIso = toIsoDate(today);
  const stamp = now.toISOString();
  const notices: PlanNotice[] = [];

  const milestones = template.milestones
    .filter((t) => !t.archived)
    .map((t): Milestone => {
      let dueDate: string | undefined;
      const due = t.due;
      if (due.from === 'kickoff-sla') dueDate = kickoffDue;
      else if (due.from === 'go-live-sla') dueDate = toIsoDate(toWorkingDay(addDays(closedWon, level.goLiveDays), 1));
      else if (due.from === 'closed-won') dueDate = toIsoDate(shift(closedWon, due.offset, due.unit));
      else if (due.from === 'kickoff') dueDate = toIsoDate(shift(kickoff, due.offset, due.unit));
      else if (!account.renewalDate) {
        notices.push({ milestoneId: t.id, kind: 'no-renewal-date', message: `"${t.title}" has no due date: the account has no renewal date.` });
      } else if (account.renewalDate < todayIso) {
        notices.push({
          milestoneId: t.id,
          kind: 'renewal-date-passed',
          message: `"${t.title}" has no due date: the renewal date ${account.renewalDate} has passed. Enter the next renewal date.`,
        });
      } else {
        const planned = toIsoDate(shift(parseIsoDate(account.renewalDate), due.offset, due.unit));
        dueDate = planned;
        // The renewal is still ahead, so the review is still worth holding:
        // as soon as possible rather than on a date already gone.
        if (planned < todayIso) {
          dueDate = toIsoDate(toWorkingDay(today, 1));
          notices.push({
            milestoneId: t.id,
            kind: 'late-start',
            plannedDate: planned,
            message: `"${t.title}" was due ${planned}; the renewal is close, so it is due ${dueDate} instead.`,
          });
        }
      }

      const kickoffHeld = due.from === 'kickoff-sla' && account.kickoffDate !== undefined;
      if (dueDate !== undefined && dueDate < todayIso && !kickoffHeld && !notices.some((n) => n.milestoneId === t.id)) {
        notices.push({ milestoneId: t.id, kind: 'already-past', message: `"${t.title}" was due ${dueDate}: mark it done or move it.` });
      }

      const owner = t.ownerRole === 'ae' ? account.ownerAe : t.ownerRole === 'csm' ? account.csm : undefined;
      return {
        id: t.id,
        accountId: account.id,
        title: t.title,
        ...(dueDate !== undefined ? { dueDate } : {}),
        ownerRole: t.ownerRole,
        ...(owner ? { owner } : {}),
        // A kickoff already on the account is recorded as achieved on that day.
        ...(kickoffHeld ? { status: 'done' as const, achievedOn: account.kickoffDate } : { status: 'planned' as const }),
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
      };
    });

  const plan: SuccessPlan = { accountId: account.id, templateId: template.id, milestones };
  return { ok: true, plan, notices };
}

// ---------------------------------------------------------------------------
// Template editing. A milestone's id is fixed when it is added and never
// derived from the title again: plans, stage rules and the RACI refer to it.
// ---------------------------------------------------------------------------

/** Adds a milestone with an id made from its title, unique in the template (archived ids stay taken). */
export function addTemplateMilestone(template: PlanTemplate, milestone: Omit<PlanTemplateMilestone, 'id'>): PlanTemplate {
  const taken = new Set(template.milestones.map((m) => m.id));
  const base = slugify(milestone.title) || 'milestone';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return { ...template, milestones: [...template.milestones, { id, ...milestone }] };
}

export function updateTemplateMilestone(template: PlanTemplate, id: string, patch: Partial<Omit<PlanTemplateMilestone, 'id'>>): PlanTemplate {
  return { ...template, milestones: template.milestones.map((m) => (m.id === id ? { ...m, ...patch } : m)) };
}

/** Removing a milestone archives it, so plans already made from it keep their meaning and it can be restored. */
export function archiveTemplateMilestone(template: PlanTemplate, id: string): PlanTemplate {
  return updateTemplateMilestone(template, id, { archived: true });
}

export function restoreTemplateMilestone(template: PlanTemplate, id: string): PlanTemplate {
  return {
    ...template,
    milestones: template.milestones.map((m) => {
      if (m.id !== id) return m;
      const { archived: _archived, ...rest } = m;
      return rest;
    }),
  };
}
