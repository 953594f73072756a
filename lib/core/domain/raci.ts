import { z } from 'zod';
import { LifecycleStageSchema, type Account, type LifecycleStage } from './account';
import { IdSchema } from './primitives';
import type { Milestone } from './success-plan';

export const RaciRoleSchema = z.enum(['ae', 'csm', 'sales-manager', 'cs-manager']);
export const RaciLetterSchema = z.enum(['R', 'A', 'C', 'I']);

export const RACI_ROLE_LABELS: Readonly<Record<RaciRole, string>> = {
  ae: 'AE',
  csm: 'CSM',
  'sales-manager': 'Sales manager',
  'cs-manager': 'CS manager / RevOps',
};

export const RaciActivitySchema = z.object({
  id: IdSchema,
  label: z.string().trim().min(1, 'name the activity').max(200),
  // Where the activity applies: the stages it runs in and the plan milestones
  // it covers, so the panel can say who owns what comes next.
  stages: z.array(LifecycleStageSchema),
  milestoneIds: z.array(IdSchema),
  assignments: z.partialRecord(RaciRoleSchema, RaciLetterSchema),
});

// Exactly one Accountable per activity: with none nobody answers for it, with
// two each assumes the other does.
export const RaciMatrixSchema = z.object({ activities: z.array(RaciActivitySchema).min(1, 'add at least one activity') }).superRefine((raci, ctx) => {
  const seen = new Set<string>();
  raci.activities.forEach((a, i) => {
    if (seen.has(a.id)) ctx.addIssue({ code: 'custom', message: `duplicate activity id "${a.id}"`, path: ['activities', i, 'id'] });
    seen.add(a.id);
    const accountable = Object.values(a.assignments).filter((l) => l === 'A').length;
    if (accountable !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          accountable === 0
            ? `"${a.label}" needs one Accountable role`
            : `"${a.label}" has ${accountable} Accountable roles; exactly one answers for it`,
        path: ['activities', i, 'assignments'],
      });
    }
  });
});

export const RaciPartySchema = z.object({
  role: RaciRoleSchema,
  roleLabel: z.string(),
  // The person from the account (its AE or CSM); null for roles the account does not name.
  name: z.string().nullable(),
});

export const NextOwnerSchema = z.object({
  activityId: IdSchema,
  activityLabel: z.string(),
  responsible: z.array(RaciPartySchema),
  accountable: RaciPartySchema,
});

export type RaciRole = z.infer<typeof RaciRoleSchema>;
export type RaciLetter = z.infer<typeof RaciLetterSchema>;
export type RaciActivity = z.infer<typeof RaciActivitySchema>;
export type RaciMatrix = z.infer<typeof RaciMatrixSchema>;
export type RaciParty = z.infer<typeof RaciPartySchema>;
export type NextOwner = z.infer<typeof NextOwnerSchema>;

/**
 * Sets one cell of the matrix (null clears it). Making a role Accountable
 * takes Accountable from whoever had it, so an editor built on this can never
 * produce two; clearing the only Accountable leaves none, which validation
 * then reports against the activity.
 */
export function setRaciLetter(raci: RaciMatrix, activityId: string, role: RaciRole, letter: RaciLetter | null): RaciMatrix {
  return {
    ...raci,
    activities: raci.activities.map((a) => {
      if (a.id !== activityId) return a;
      const assignments: RaciActivity['assignments'] = {};
      for (const r of RaciRoleSchema.options) {
        const current = a.assignments[r];
        if (r === role) {
          if (letter) assignments[r] = letter;
        } else if (current && !(letter === 'A' && current === 'A')) {
          assignments[r] = current;
        }
      }
      return { ...a, assignments };
    }),
  };
}

/** How a party reads in the panel: "Dana Lee (CSM)" or just the role. */
export function partyLabel(p: RaciParty): string {
  return p.name ? `${p.name} (${p.roleLabel})` : p.roleLabel;
}

function party(role: RaciRole, account: Pick<Account, 'ownerAe' | 'csm'>): RaciParty {
  const name = role === 'ae' ? account.ownerAe : role === 'csm' ? account.csm : undefined;
  return { role, roleLabel: RACI_ROLE_LABELS[role], name: name ?? null };
}

/**
 * Who is Responsible and who is Accountable for what comes next: the activity
 * covering the next milestone if there is one, otherwise the activity for the
 * account's stage. Null when no activity applies, or when the matrix has no
 * Accountable for it (an unsaved, invalid matrix must not name the wrong person).
 */
export function whoOwnsNext(
  account: Pick<Account, 'ownerAe' | 'csm'>,
  stage: LifecycleStage,
  nextMilestone: Pick<Milestone, 'id'> | null | undefined,
  raci: RaciMatrix,
): NextOwner | null {
  const activity =
    (nextMilestone && raci.activities.find((a) => a.milestoneIds.includes(nextMilestone.id))) ||
    raci.activities.find((a) => a.stages.includes(stage));
  if (!activity) return null;
  const roles = RaciRoleSchema.options;
  const accountable = roles.filter((r) => activity.assignments[r] === 'A');
  if (accountable.length !== 1) return null;
  return {
    activityId: activity.id,
    activityLabel: activity.label,
    responsible: roles.filter((r) => activity.assignments[r] === 'R').map((r) => party(r, account)),
    accountable: party(accountable[0]!, account),
  };
}
