import { describe, expect, it } from 'vitest';
import { mutualActionPlan, MutualActionPlanSchema, planToMarkdown } from './mutual-action-plan';
import type { Milestone } from './success-plan';

const STAMP = '2024-05-29T09:00:00.000Z';
const SECRET = 'Champion is interviewing elsewhere; do not tell the customer';
const milestone = (patch: Partial<Milestone>): Milestone => ({
  id: 'm',
  accountId: 'acc_acme',
  title: 'Milestone',
  ownerRole: 'csm',
  status: 'planned',
  version: 1,
  createdAt: STAMP,
  updatedAt: STAMP,
  ...patch,
});

const plan = {
  milestones: [
    milestone({ id: 'renewal-readiness-review', title: 'Renewal-readiness review', internalNote: SECRET }),
    milestone({
      id: 'first-value',
      title: 'First value achieved',
      dueDate: '2024-07-29',
      owner: 'Dana Lee',
      status: 'done',
      achievedOn: '2024-07-20',
      successCriteria: 'All 40 reps log calls in Seamline by day 30',
      evidence: 'Usage report: 42 active reps',
      internalNote: SECRET,
    }),
    milestone({ id: 'joint-kickoff', title: 'Joint kickoff', dueDate: '2024-06-05', ownerRole: 'ae', owner: 'Sam Ortiz', internalNote: SECRET }),
    milestone({ id: 'sign-off', title: 'Customer sign-off', dueDate: '2024-06-05', ownerRole: 'customer', successCriteria: '   ' }),
  ],
};
const account = { name: 'Acme Logistics' };

describe('mutualActionPlan', () => {
  it('lists milestones by date, undated last, for the printable page', () => {
    const doc = mutualActionPlan(plan, account);
    expect(MutualActionPlanSchema.parse(doc)).toEqual(doc);
    expect(doc.title).toBe('Mutual action plan: Acme Logistics');
    expect(doc.milestones.map((m) => m.id)).toEqual(['joint-kickoff', 'sign-off', 'first-value', 'renewal-readiness-review']);
    expect(doc.milestones[2]).toEqual({
      id: 'first-value',
      title: 'First value achieved',
      dueDate: '2024-07-29',
      owner: 'Dana Lee (CSM)',
      status: 'done',
      statusLabel: 'Done',
      successCriteria: 'All 40 reps log calls in Seamline by day 30',
      evidence: 'Usage report: 42 active reps',
      achievedOn: '2024-07-20',
    });
    expect(doc.milestones[1]).toMatchObject({ owner: 'Customer', successCriteria: null, evidence: null, achievedOn: null });
  });

  it('never carries an internal note', () => {
    const doc = mutualActionPlan(plan, account);
    expect(JSON.stringify(doc)).not.toContain('interviewing');
    for (const m of doc.milestones) expect(Object.keys(m)).not.toContain('internalNote');
  });
});

describe('planToMarkdown', () => {
  it('renders each milestone with its date, owner, status and the customer’s criteria', () => {
    expect(planToMarkdown(plan, account)).toBe(
      [
        '# Mutual action plan: Acme Logistics',
        '',
        '## Joint kickoff',
        '',
        '- **Due:** 2024-06-05',
        '- **Owner:** Sam Ortiz \\(AE\\)',
        '- **Status:** Planned',
        '',
        '## Customer sign\\-off',
        '',
        '- **Due:** 2024-06-05',
        '- **Owner:** Customer',
        '- **Status:** Planned',
        '',
        '## First value achieved',
        '',
        '- **Due:** 2024-07-29',
        '- **Owner:** Dana Lee \\(CSM\\)',
        '- **Status:** Done, achieved 2024-07-20',
        '- **Success criteria:** All 40 reps log calls in Seamline by day 30',
        '- **Evidence:** Usage report: 42 active reps',
        '',
        '## Renewal\\-readiness review',
        '',
        '- **Due:** to be agreed',
        '- **Owner:** CSM',
        '- **Status:** Planned',
        '',
      ].join('\n'),
    );
  });

  it('never includes an internal note', () => {
    expect(planToMarkdown(plan, account)).not.toContain('interviewing');
  });

  it('keeps hostile text as text: no headings, links, HTML or extra lines of its own', () => {
    const md = planToMarkdown(
      {
        milestones: [
          milestone({
            title: '<img src=x onerror=alert(1)> [click](https://evil.example)',
            successCriteria: 'line one\n# injected heading\n- injected item',
            dueDate: '2024-06-05',
          }),
        ],
      },
      { name: '**Acme** | Ltd' },
    );
    expect(md).toContain('# Mutual action plan: \\*\\*Acme\\*\\* \\| Ltd');
    expect(md).toContain('## \\<img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(https://evil.example\\)');
    expect(md).toContain('- **Success criteria:** line one \\# injected heading \\- injected item');
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(2);
  });

  it('says so when the plan has no milestones', () => {
    expect(planToMarkdown({ milestones: [] }, account)).toBe('# Mutual action plan: Acme Logistics\n\nNo milestones yet.\n');
  });
});
