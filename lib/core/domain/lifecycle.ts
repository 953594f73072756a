import { differenceInCalendarDays } from 'date-fns';
import { z } from 'zod';
import { LifecycleStageSchema, type Account, type LifecycleStage } from './account';
import type { ChecklistCompleteness } from './checklist';
import { parseIsoDate } from './dates';
import { IdSchema, IsoDateTimeSchema, LongTextSchema, PersonSchema } from './primitives';
import { MILESTONE_STATUS_LABELS, type Milestone } from './success-plan';

// The bow-tie after closed-won, in order. Churned is an outcome, not a step
// anyone is moved towards, so it is never suggested.
export const JOURNEY_STAGES = [
  'onboarding',
  'activation',
  'value-realisation',
  'renewal-readiness',
  'expansion',
] as const satisfies readonly LifecycleStage[];

export const LIFECYCLE_STAGE_LABELS: Readonly<Record<LifecycleStage, string>> = {
  onboarding: 'Onboarding',
  activation: 'Activation',
  'value-realisation': 'Value realisation',
  'renewal-readiness': 'Renewal readiness',
  expansion: 'Expansion',
  churned: 'Churned',
};

export const StageCriterionSchema = z.discriminatedUnion('kind', [
  // The account has a kickoff date, or the plan's kickoff milestone is done.
  z.object({ kind: z.literal('kickoff-held'), milestoneId: IdSchema }),
  z.object({ kind: z.literal('required-checklist-complete') }),
  z.object({ kind: z.literal('milestone-done'), milestoneId: IdSchema }),
  z.object({ kind: z.literal('renewal-within-days'), days: z.number().int().min(1).max(730) }),
]);

// Exit criteria say when the work of a stage is finished; entry criteria say
// when the next stage may begin (renewal readiness only starts near renewal,
// however early value was proven). A move is suggested when both hold.
export const StageRuleSchema = z.object({
  entry: z.array(StageCriterionSchema),
  exit: z.array(StageCriterionSchema),
});

export const LifecycleRulesSchema = z.object({
  onboarding: StageRuleSchema,
  activation: StageRuleSchema,
  'value-realisation': StageRuleSchema,
  'renewal-readiness': StageRuleSchema,
  expansion: StageRuleSchema,
});

export const CriterionResultSchema = z.object({
  criterion: StageCriterionSchema,
  // Which stage the criterion belongs to and whether it is to leave it or to enter it.
  stage: LifecycleStageSchema,
  role: z.enum(['exit', 'entry']),
  met: z.boolean(),
  label: z.string(),
  // Why it is not met yet, in words the panel can show as is.
  detail: z.string().optional(),
});

export const StageProgressSchema = z.object({
  stage: LifecycleStageSchema,
  met: z.array(CriterionResultSchema),
  missing: z.array(CriterionResultSchema),
  nextStage: LifecycleStageSchema.nullable(),
  // A suggestion only: a person confirms every stage change.
  suggestedStage: LifecycleStageSchema.nullable(),
});

export const StageChangeSchema = z
  .object({
    id: IdSchema,
    accountId: IdSchema,
    from: LifecycleStageSchema,
    to: LifecycleStageSchema,
    by: PersonSchema,
    at: IsoDateTimeSchema,
    note: LongTextSchema.optional(),
  })
  .refine((c) => c.from !== c.to, { message: 'the account is already in that stage', path: ['to'] });

export type StageCriterion = z.infer<typeof StageCriterionSchema>;
export type StageRule = z.infer<typeof StageRuleSchema>;
export type LifecycleRules = z.infer<typeof LifecycleRulesSchema>;
export type CriterionResult = z.infer<typeof CriterionResultSchema>;
export type StageProgress = z.infer<typeof StageProgressSchema>;
export type StageChange = z.infer<typeof StageChangeSchema>;

export type JourneyStage = (typeof JOURNEY_STAGES)[number];

export function nextJourneyStage(stage: LifecycleStage): JourneyStage | null {
  const i = (JOURNEY_STAGES as readonly LifecycleStage[]).indexOf(stage);
  return i < 0 || i === JOURNEY_STAGES.length - 1 ? null : JOURNEY_STAGES[i + 1]!;
}

// The checklist as checklistCompleteness reports it, so a caller that already
// shows completeness does not compute it twice.
export type StageChecklist = Pick<ChecklistCompleteness, 'requiredMissing'>;

type ProgressAccount = Pick<Account, 'lifecycleStage' | 'kickoffDate' | 'renewalDate'>;
type ProgressMilestone = Pick<Milestone, 'id' | 'title' | 'status'>;

function evaluate(
  c: StageCriterion,
  account: ProgressAccount,
  milestones: readonly ProgressMilestone[],
  checklist: StageChecklist,
  now: Date,
): { met: boolean; label: string; detail?: string } {
  const milestone = (id: string) => milestones.find((m) => m.id === id);
  switch (c.kind) {
    case 'kickoff-held': {
      const m = milestone(c.milestoneId);
      const met = account.kickoffDate !== undefined || m?.status === 'done';
      return { met, label: 'Joint kickoff held', ...(met ? {} : { detail: 'No kickoff date on the account yet.' }) };
    }
    case 'required-checklist-complete': {
      const missing = checklist.requiredMissing;
      const n = missing.length;
      return {
        met: n === 0,
        label: 'Required checklist items complete',
        ...(n === 0 ? {} : { detail: `${n} required item${n === 1 ? '' : 's'} open: ${missing.map((i) => i.label).join('; ')}` }),
      };
    }
    case 'milestone-done': {
      const m = milestone(c.milestoneId);
      const label = `${m?.title ?? c.milestoneId} done`;
      if (!m) return { met: false, label, detail: 'The success plan has no such milestone.' };
      return m.status === 'done' ? { met: true, label } : { met: false, label, detail: `Status: ${MILESTONE_STATUS_LABELS[m.status]}.` };
    }
    case 'renewal-within-days': {
      const label = `Renewal within ${c.days} days`;
      if (!account.renewalDate) return { met: false, label, detail: 'No renewal date on the account.' };
      const days = differenceInCalendarDays(parseIsoDate(account.renewalDate), now);
      return days <= c.days ? { met: true, label } : { met: false, label, detail: `Renewal is ${days} days away.` };
    }
  }
}

/**
 * What the account's current stage still needs before it can move on, and the
 * stage to suggest once everything is met. A stage outside the journey
 * (churned) or at its end has nothing to move to. A stage whose rules list no
 * criteria is complete as soon as it is entered: the rules are the team's to edit.
 */
export function stageProgress(
  account: ProgressAccount,
  plan: { milestones: readonly ProgressMilestone[] } | null | undefined,
  checklist: StageChecklist,
  criteria: LifecycleRules,
  now: Date,
): StageProgress {
  const stage = account.lifecycleStage;
  const nextStage = nextJourneyStage(stage);
  if (stage === 'churned') return { stage, met: [], missing: [], nextStage: null, suggestedStage: null };

  const milestones = plan?.milestones ?? [];
  const results: CriterionResult[] = [];
  const check = (owner: JourneyStage, role: 'exit' | 'entry') => {
    for (const criterion of criteria[owner][role]) {
      results.push({ criterion, stage: owner, role, ...evaluate(criterion, account, milestones, checklist, now) });
    }
  };
  check(stage, 'exit');
  if (nextStage) check(nextStage, 'entry');

  const met = results.filter((r) => r.met);
  const missing = results.filter((r) => !r.met);
  return { stage, met, missing, nextStage, suggestedStage: nextStage && missing.length === 0 ? nextStage : null };
}
