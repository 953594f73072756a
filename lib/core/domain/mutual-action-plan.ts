import { z } from 'zod';
import type { Account } from './account';
import { IdSchema, IsoDateSchema } from './primitives';
import { MILESTONE_OWNER_ROLE_LABELS, MILESTONE_STATUS_LABELS, MilestoneStatusSchema, type Milestone } from './success-plan';

// What the customer sees of the plan. It is built field by field from the
// milestone, never spread from it, so a field added to milestones later (or
// the internal note) cannot reach the customer by accident.
export const MapMilestoneSchema = z.object({
  id: IdSchema,
  title: z.string(),
  dueDate: IsoDateSchema.nullable(),
  owner: z.string(),
  status: MilestoneStatusSchema,
  statusLabel: z.string(),
  successCriteria: z.string().nullable(),
  evidence: z.string().nullable(),
  achievedOn: IsoDateSchema.nullable(),
});

export const MutualActionPlanSchema = z.object({
  title: z.string(),
  accountName: z.string(),
  milestones: z.array(MapMilestoneSchema),
});

export type MapMilestone = z.infer<typeof MapMilestoneSchema>;
export type MutualActionPlan = z.infer<typeof MutualActionPlanSchema>;

type MapPlan = { milestones: readonly Milestone[] };

const present = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/**
 * The plain data behind the printable page and the Markdown: milestones in
 * date order (undated last, ties in plan order), internal notes left out.
 */
export function mutualActionPlan(plan: MapPlan, account: Pick<Account, 'name'>): MutualActionPlan {
  const milestones = plan.milestones
    .map((m, index) => ({ m, index }))
    .sort((a, b) => {
      if (a.m.dueDate === b.m.dueDate) return a.index - b.index;
      if (a.m.dueDate === undefined) return 1;
      if (b.m.dueDate === undefined) return -1;
      return a.m.dueDate.localeCompare(b.m.dueDate) || a.index - b.index;
    })
    .map(({ m }): MapMilestone => {
      const role = MILESTONE_OWNER_ROLE_LABELS[m.ownerRole];
      return {
        id: m.id,
        title: m.title,
        dueDate: m.dueDate ?? null,
        owner: m.owner ? `${m.owner} (${role})` : role,
        status: m.status,
        statusLabel: MILESTONE_STATUS_LABELS[m.status],
        successCriteria: present(m.successCriteria),
        evidence: present(m.evidence),
        achievedOn: m.achievedOn ?? null,
      };
    });
  return { title: `Mutual action plan: ${account.name}`, accountName: account.name, milestones };
}

// Text on the plan comes from CRM pages and teammates. Shared as Markdown it
// must stay text: every ASCII punctuation character that can start Markdown
// or HTML syntax is backslash-escaped (CommonMark allows that for any of them)
// and line breaks are folded so a value stays on its line.
const INLINE_SPECIALS = /[\\`*_{}[\]()<>#+!|~&-]/g;

function mdInline(text: string): string {
  return (
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim()
      .replace(INLINE_SPECIALS, '\\$&')
      // An ordered-list marker ("1. ") only matters at the start of a line.
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** The plan as Markdown to share with the customer; internal notes are never included. */
export function planToMarkdown(plan: MapPlan, account: Pick<Account, 'name'>): string {
  const doc = mutualActionPlan(plan, account);
  const out = [`# ${mdInline(doc.title)}`, ''];
  if (doc.milestones.length === 0) out.push('No milestones yet.', '');
  for (const m of doc.milestones) {
    out.push(`## ${mdInline(m.title)}`, '');
    out.push(`- **Due:** ${m.dueDate ?? 'to be agreed'}`);
    out.push(`- **Owner:** ${mdInline(m.owner)}`);
    out.push(`- **Status:** ${m.statusLabel}${m.achievedOn ? `, achieved ${m.achievedOn}` : ''}`);
    if (m.successCriteria) out.push(`- **Success criteria:** ${mdInline(m.successCriteria)}`);
    if (m.evidence) out.push(`- **Evidence:** ${mdInline(m.evidence)}`);
    out.push('');
  }
  return out.join('\n').trim() + '\n';
}
