import { z } from 'zod';
import type { Account } from './account';
import { checklistCompleteness } from './checklist';
import type { Commitment } from './commitment';
import { commitmentStatus } from './commitment-status';
import { toIsoDate } from './dates';
import type { HandoffAnswers } from './handoff';
import { computeHealth } from './health';
import type { HealthSnapshot } from './health-snapshot';
import type { IcpApproval } from './icp';
import { evaluateIcp } from './icp-evaluate';
import { kickoffSla } from './kickoff';
import type { Settings } from './settings';

// In the playbook's order of harm: a lapsed kickoff loses the customer's
// momentum first, an unapproved exception means the deal was signed on terms
// nobody owns, a promise off the roadmap is a broken commitment waiting to
// happen; overdue promises, missing handoff answers and a weak score follow.
export const NextActionKindSchema = z.enum(['kickoff', 'icp-approval', 'roadmap-gap', 'overdue-commitment', 'checklist-missing', 'health-at-risk']);

// The card a row jumps to.
export const NextActionTargetSchema = z.enum(['checklist', 'icp', 'commitments', 'health']);

export const NextActionSchema = z.object({
  kind: NextActionKindSchema,
  target: NextActionTargetSchema,
  // Set when the row is about one commitment, so the panel can focus that item.
  commitmentId: z.string().optional(),
  title: z.string().min(1),
  detail: z.string(),
});

export const NextActionsSchema = z.object({
  actions: z.array(NextActionSchema),
  // Everything that qualified, before the limit; the panel says how many more wait.
  total: z.number().int().min(0),
});

export type NextActionKind = z.infer<typeof NextActionKindSchema>;
export type NextAction = z.infer<typeof NextActionSchema>;
export type NextActions = z.infer<typeof NextActionsSchema>;

export interface NextActionsInput {
  account: Account;
  commitments: readonly Commitment[];
  approval: IcpApproval | null;
  handoff: Pick<HandoffAnswers, 'answers'>;
  snapshots: readonly HealthSnapshot[];
}

export type NextActionsSettings = Pick<Settings, 'icpProfile' | 'handoffTemplate' | 'serviceLevels' | 'healthWeights' | 'dueSoonDays'>;

export const DEFAULT_NEXT_ACTIONS_LIMIT = 3;

// A kickoff due tomorrow or today can still be saved by booking it now; two
// days out it is ordinary planning, not the first thing to do.
export const KICKOFF_ABOUT_TO_LAPSE_BUSINESS_DAYS = 1;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The pieces of the playbook the panel's header and action list read, computed once. */
function readSignals(input: NextActionsInput, settings: NextActionsSettings, now: Date) {
  const { account } = input;
  const sla = kickoffSla(account, now, settings.serviceLevels);
  const icp = evaluateIcp(account, settings.icpProfile, input.approval);
  const checklist = checklistCompleteness(settings.handoffTemplate, input.handoff.answers);
  const health = computeHealth(input.snapshots, settings.healthWeights, now);
  const signed = account.closedWonDate !== undefined && account.closedWonDate <= toIsoDate(now);
  const kickoffDue =
    !account.kickoffDate &&
    (sla.status === 'overdue' || (sla.status === 'pending' && (sla.businessDaysLeft ?? 0) <= KICKOFF_ABOUT_TO_LAPSE_BUSINESS_DAYS));
  const commitments = input.commitments.map((c, index) => ({ c, index, s: commitmentStatus(c, now, settings.dueSoonDays) }));
  return { sla, icp, checklist, health, signed, kickoffDue, commitments };
}

const APPROVAL_WORDS = {
  none: 'no approval requested',
  requested: 'approval pending',
  rejected: 'exception rejected',
  approved: 'exception approved',
} as const;

/**
 * What to do first on this account, most harmful first, at most `limit` rows.
 * Several rows of one kind (two promises off the roadmap) keep the sooner due
 * date first, then the order given; a commitment appears once, under the
 * most harmful kind it qualifies for.
 */
export function nextActions(
  input: NextActionsInput,
  settings: NextActionsSettings,
  now: Date,
  limit: number = DEFAULT_NEXT_ACTIONS_LIMIT,
): NextActions {
  const { sla, icp, checklist, health, signed, kickoffDue, commitments } = readSignals(input, settings, now);
  const out: NextAction[] = [];

  if (kickoffDue) {
    out.push({
      kind: 'kickoff',
      target: 'checklist',
      title:
        sla.status === 'overdue'
          ? `Kickoff ${plural(sla.businessDaysLate ?? 1, 'business day')} late`
          : sla.businessDaysLeft === 0
            ? 'Kickoff due today'
            : `Kickoff due in ${plural(sla.businessDaysLeft ?? 0, 'business day')}`,
      detail: `Book the joint kickoff (due ${sla.dueDate}).`,
    });
  }

  if (signed && icp.band !== 'fit' && icp.approvalStatus !== 'approved') {
    out.push({
      kind: 'icp-approval',
      target: 'icp',
      title: `ICP exception not approved: ${APPROVAL_WORDS[icp.approvalStatus]}`,
      detail: `Signed ${input.account.closedWonDate} while ${icp.band === 'outside' ? 'outside' : 'on the fringe of'} the ICP.`,
    });
  }

  const byDue = (a: (typeof commitments)[number], b: (typeof commitments)[number]) =>
    (a.s.daysUntilDue ?? Number.POSITIVE_INFINITY) - (b.s.daysUntilDue ?? Number.POSITIVE_INFINITY) || a.index - b.index;
  const offRoadmap = commitments.filter((x) => x.s.open && x.c.roadmapStatus === 'not-on-roadmap').sort(byDue);
  for (const { c } of offRoadmap) {
    out.push({
      kind: 'roadmap-gap',
      target: 'commitments',
      commitmentId: c.id,
      title: `Promise not on the roadmap: ${c.text}`,
      detail: 'Ask product, or reset the expectation with the customer.',
    });
  }
  const listed = new Set(offRoadmap.map((x) => x.c.id));
  for (const { c, s } of commitments.filter((x) => x.s.overdue && !listed.has(x.c.id)).sort(byDue)) {
    out.push({
      kind: 'overdue-commitment',
      target: 'commitments',
      commitmentId: c.id,
      title: `Overdue: ${c.text}`,
      detail: `Due ${c.dueDate}, ${plural(-(s.daysUntilDue ?? 0), 'day')} ago.`,
    });
  }

  const missing = checklist.requiredMissing.length;
  if (missing > 0) {
    out.push({
      kind: 'checklist-missing',
      target: 'checklist',
      title: `${plural(missing, 'required handoff item')} missing`,
      detail: missing === 1 ? checklist.requiredMissing[0]!.label : `First: ${checklist.requiredMissing[0]!.label}`,
    });
  }

  if (health.status === 'known' && health.band === 'at-risk') {
    out.push({ kind: 'health-at-risk', target: 'health', title: `Health at risk (${health.score}/100)`, detail: `As of ${health.asOf}.` });
  }

  return { actions: out.slice(0, Math.max(0, limit)), total: out.length };
}

/**
 * The one-line status under the account name, e.g. "Outside ICP, approval
 * pending · 12 required missing · kickoff 3 d late". Only what needs
 * attention is said; an account with nothing to report gets no parts.
 */
export function accountStatusLine(input: NextActionsInput, settings: NextActionsSettings, now: Date): string[] {
  const { sla, icp, checklist, health } = readSignals(input, settings, now);
  const parts: string[] = [];
  if (icp.band !== 'fit') {
    const band = icp.band === 'outside' ? 'Outside ICP' : 'Fringe ICP';
    parts.push(icp.approvalStatus === 'none' && !icp.needsApproval ? band : `${band}, ${APPROVAL_WORDS[icp.approvalStatus]}`);
  }
  if (checklist.requiredMissing.length > 0) parts.push(`${checklist.requiredMissing.length} required missing`);
  if (!input.account.kickoffDate && sla.status === 'overdue') parts.push(`kickoff ${sla.businessDaysLate} d late`);
  else if (!input.account.kickoffDate && sla.status === 'pending')
    parts.push(sla.businessDaysLeft === 0 ? 'kickoff due today' : `kickoff in ${sla.businessDaysLeft} d`);
  const overdue = input.commitments.filter((c) => commitmentStatus(c, now, settings.dueSoonDays).overdue).length;
  if (overdue > 0) parts.push(`${overdue} overdue`);
  if (health.status === 'known' && health.band === 'at-risk') parts.push(`health ${health.score}`);
  return parts;
}
