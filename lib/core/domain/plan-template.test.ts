import { describe, expect, it } from 'vitest';
import type { Account } from './account';
import { DEFAULT_PLAN_TEMPLATES, DEFAULT_SERVICE_LEVELS } from './defaults';
import {
  addTemplateMilestone,
  archiveTemplateMilestone,
  generatePlan,
  GeneratePlanResultSchema,
  PlanTemplateSchema,
  restoreTemplateMilestone,
  updateTemplateMilestone,
  type GeneratePlanResult,
  type PlanTemplate,
} from './plan-template';
import type { ServiceLevels } from './service-levels';

// Local noon, so no time zone moves a date across midnight.
const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12);

const account = (patch: Partial<Account> = {}): Account => ({
  id: 'acc_acme',
  name: 'Acme Logistics',
  segment: 'mid-market',
  arr: 60000,
  currency: 'USD',
  integrations: [],
  crmRefs: [],
  lifecycleStage: 'onboarding',
  // A Wednesday two days before a month end: the kickoff SLA crosses both.
  closedWonDate: '2024-05-29',
  renewalDate: '2025-05-29',
  ownerAe: 'Sam Ortiz',
  csm: 'Dana Lee',
  version: 1,
  createdAt: '2024-05-29T09:00:00.000Z',
  updatedAt: '2024-05-29T09:00:00.000Z',
  ...patch,
});

function planOf(r: GeneratePlanResult) {
  if (!r.ok) throw new Error(`expected a plan, got: ${r.message}`);
  return r;
}
const dues = (r: GeneratePlanResult) => Object.fromEntries(planOf(r).plan.milestones.map((m) => [m.id, m.dueDate ?? null]));

describe('generatePlan', () => {
  it('dates the mid-market playbook from closed-won across a month end and weekends', () => {
    const r = generatePlan(account(), DEFAULT_PLAN_TEMPLATES['mid-market'], DEFAULT_SERVICE_LEVELS, at(2024, 5, 29));
    expect(GeneratePlanResultSchema.parse(r)).toEqual(r);
    expect(dues(r)).toEqual({
      // Five business days from Wed 29 May: Thu, Fri, Mon, Tue, Wed 5 June.
      'joint-kickoff': '2024-06-05',
      // Closed-won + 60 days is Sunday 28 July: moved to Monday.
      'first-value': '2024-07-29',
      'success-review-30': '2024-07-05',
      // Kickoff + 60 days is Sunday 4 August: moved to Monday.
      'success-review-60': '2024-08-05',
      'success-review-90': '2024-09-03',
      'first-qbr': '2024-10-03',
      'renewal-readiness-review': '2025-01-29',
    });
    expect(r.ok && r.notices).toEqual([]);
  });

  it('uses the account segment’s own service levels and review rhythm', () => {
    const levels: ServiceLevels = {
      ...DEFAULT_SERVICE_LEVELS,
      enterprise: { kickoffBusinessDays: 3, firstResponseHours: 2, goLiveDays: 90 },
    };
    const r = generatePlan(account({ segment: 'enterprise' }), DEFAULT_PLAN_TEMPLATES.enterprise, levels, at(2024, 5, 29));
    expect(dues(r)).toEqual({
      // Three business days from Wed 29 May land on Monday 3 June.
      'joint-kickoff': '2024-06-03',
      'first-value': '2024-08-27',
      'success-review-30': '2024-07-03',
      // Sunday 1 September → Monday.
      'success-review-90': '2024-09-02',
      'first-qbr': '2024-10-01',
      // Saturday 30 November → Monday 2 December.
      'success-review-180': '2024-12-02',
      'renewal-readiness-review': '2025-01-29',
    });
  });

  it.each([
    ['Friday', '2024-05-31', '2024-06-07'],
    ['Saturday', '2024-06-01', '2024-06-07'],
    ['Sunday', '2024-06-02', '2024-06-07'],
  ])('a deal closed on a %s has its kickoff due %s', (_day, closedWonDate, kickoff) => {
    expect(dues(generatePlan(account({ closedWonDate }), DEFAULT_PLAN_TEMPLATES.smb, DEFAULT_SERVICE_LEVELS, at(2024, 5, 31)))['joint-kickoff']).toBe(
      kickoff,
    );
  });

  it('moves a date counted back from renewal off a weekend to the Friday before, never closer to the renewal', () => {
    // 1 June 2025 − 120 days is Saturday 1 February.
    const r = generatePlan(account({ renewalDate: '2025-06-01' }), DEFAULT_PLAN_TEMPLATES.smb, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29));
    expect(dues(r)['renewal-readiness-review']).toBe('2025-01-31');
  });

  it('counts business-day offsets with the date library, across weekends', () => {
    const template: PlanTemplate = PlanTemplateSchema.parse({
      id: 'custom',
      name: 'Custom',
      milestones: [
        {
          id: 'data-import',
          title: 'Data imported',
          ownerRole: 'solutions-engineer',
          due: { from: 'closed-won', offset: 10, unit: 'business-days' },
        },
      ],
    });
    // Wed 29 May + 10 business days = Wed 12 June.
    expect(dues(generatePlan(account(), template, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29)))).toEqual({ 'data-import': '2024-06-12' });
  });

  it('reports a missing closed-won date instead of making an empty plan', () => {
    const r = generatePlan(account({ closedWonDate: undefined }), DEFAULT_PLAN_TEMPLATES.smb, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29));
    expect(r).toEqual({ ok: false, reason: 'no-closed-won-date', message: expect.stringMatching(/closed-won date/) });
    expect(GeneratePlanResultSchema.parse(r)).toEqual(r);
  });

  it('leaves the renewal review undated and says why when the renewal date has passed', () => {
    const r = planOf(
      generatePlan(
        account({ closedWonDate: '2024-05-29', renewalDate: '2024-06-30' }),
        DEFAULT_PLAN_TEMPLATES.smb,
        DEFAULT_SERVICE_LEVELS,
        at(2024, 7, 1),
      ),
    );
    const review = r.plan.milestones.find((m) => m.id === 'renewal-readiness-review');
    expect(review).toMatchObject({ status: 'planned' });
    expect(review?.dueDate).toBeUndefined();
    expect(r.notices.filter((n) => n.milestoneId === 'renewal-readiness-review')).toEqual([
      { milestoneId: 'renewal-readiness-review', kind: 'renewal-date-passed', message: expect.stringMatching(/2024-06-30 has passed/) },
    ]);
    // The rest of the plan is still made and dated.
    expect(r.plan.milestones.filter((m) => m.dueDate)).toHaveLength(r.plan.milestones.length - 1);
  });

  it('leaves the renewal review undated when there is no renewal date', () => {
    const r = planOf(generatePlan(account({ renewalDate: undefined }), DEFAULT_PLAN_TEMPLATES.smb, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29)));
    expect(r.notices).toEqual([{ milestoneId: 'renewal-readiness-review', kind: 'no-renewal-date', message: expect.any(String) }]);
  });

  it('brings a renewal review whose date is gone forward to the next working day while the renewal is still ahead', () => {
    // Saturday 29 June 2024; renewal on 1 September, so 120 days before it is long past.
    const r = planOf(
      generatePlan(
        account({ closedWonDate: '2024-06-27', renewalDate: '2024-09-01' }),
        DEFAULT_PLAN_TEMPLATES.smb,
        DEFAULT_SERVICE_LEVELS,
        at(2024, 6, 29),
      ),
    );
    expect(dues(r)['renewal-readiness-review']).toBe('2024-07-01');
    expect(r.notices).toEqual([
      { milestoneId: 'renewal-readiness-review', kind: 'late-start', plannedDate: '2024-05-03', message: expect.stringMatching(/2024-07-01/) },
    ]);
  });

  it('records a kickoff already held as done and counts the reviews from it', () => {
    const r = planOf(
      generatePlan(account({ kickoffDate: '2024-06-10' }), DEFAULT_PLAN_TEMPLATES['mid-market'], DEFAULT_SERVICE_LEVELS, at(2024, 6, 12)),
    );
    const byId = new Map(r.plan.milestones.map((m) => [m.id, m]));
    expect(byId.get('joint-kickoff')).toMatchObject({ status: 'done', achievedOn: '2024-06-10', dueDate: '2024-06-05' });
    expect(byId.get('success-review-30')?.dueDate).toBe('2024-07-10');
    // A kickoff held late is history, not something to act on.
    expect(r.notices).toEqual([]);
  });

  it('names milestones already past when a plan is made late, so they can be marked done or moved', () => {
    const r = planOf(generatePlan(account(), DEFAULT_PLAN_TEMPLATES['mid-market'], DEFAULT_SERVICE_LEVELS, at(2024, 7, 15)));
    expect(r.notices.map((n) => [n.milestoneId, n.kind])).toEqual([
      ['joint-kickoff', 'already-past'],
      ['success-review-30', 'already-past'],
    ]);
  });

  it('makes version-1 milestones owned by the account’s AE and CSM, skipping archived template milestones', () => {
    const template = {
      ...DEFAULT_PLAN_TEMPLATES.smb,
      milestones: DEFAULT_PLAN_TEMPLATES.smb.milestones.map((m) => (m.id === 'first-qbr' ? { ...m, archived: true } : m)),
    };
    const now = at(2024, 5, 29);
    const r = planOf(generatePlan(account(), template, DEFAULT_SERVICE_LEVELS, now));
    expect(r.plan).toMatchObject({ accountId: 'acc_acme', templateId: 'smb-plan' });
    expect(r.plan.milestones.map((m) => m.id)).not.toContain('first-qbr');
    const kickoff = r.plan.milestones[0]!;
    expect(kickoff).toEqual({
      id: 'joint-kickoff',
      accountId: 'acc_acme',
      title: 'Joint kickoff (AE + CSM + customer)',
      dueDate: '2024-06-05',
      ownerRole: 'ae',
      owner: 'Sam Ortiz',
      status: 'planned',
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    expect(r.plan.milestones.find((m) => m.id === 'first-value')?.owner).toBe('Dana Lee');
  });

  it('gives a customer-owned milestone no person from the account', () => {
    const template = PlanTemplateSchema.parse({
      id: 't',
      name: 'T',
      milestones: [{ id: 'sign-off', title: 'Customer sign-off', ownerRole: 'customer', due: { from: 'kickoff', offset: 5, unit: 'business-days' } }],
    });
    const m = planOf(generatePlan(account(), template, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29))).plan.milestones[0]!;
    expect(m.owner).toBeUndefined();
    expect(m.ownerRole).toBe('customer');
  });
});

describe('PlanTemplateSchema', () => {
  it('rejects a duplicate milestone id at the milestone', () => {
    const r = PlanTemplateSchema.safeParse({
      ...DEFAULT_PLAN_TEMPLATES.smb,
      milestones: [...DEFAULT_PLAN_TEMPLATES.smb.milestones, { ...DEFAULT_PLAN_TEMPLATES.smb.milestones[0]!, title: 'Again' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues).toEqual([expect.objectContaining({ path: ['milestones', 7, 'id'], message: 'duplicate milestone id "joint-kickoff"' })]);
  });

  it('rejects an offset rule without its unit', () => {
    const r = PlanTemplateSchema.safeParse({
      id: 't',
      name: 'T',
      milestones: [{ id: 'a', title: 'A', ownerRole: 'csm', due: { from: 'kickoff', offset: 3 } }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['milestones', 0, 'due', 'unit']);
  });
});

describe('template editing', () => {
  const base = DEFAULT_PLAN_TEMPLATES.smb;
  const due = { from: 'kickoff', offset: 14, unit: 'calendar-days' } as const;

  it('gives an added milestone a stable id from its title, unique even against archived ones', () => {
    const once = addTemplateMilestone(base, { title: 'Admin training', ownerRole: 'csm', due });
    expect(once.milestones.at(-1)).toEqual({ id: 'admin-training', title: 'Admin training', ownerRole: 'csm', due });
    const twice = addTemplateMilestone(archiveTemplateMilestone(once, 'admin-training'), { title: 'Admin training!', ownerRole: 'customer', due });
    expect(twice.milestones.at(-1)?.id).toBe('admin-training-2');
    expect(PlanTemplateSchema.safeParse(twice).success).toBe(true);
  });

  it('keeps the id when the title changes', () => {
    const renamed = updateTemplateMilestone(base, 'first-value', { title: 'First report live' });
    expect(renamed.milestones.find((m) => m.title === 'First report live')?.id).toBe('first-value');
  });

  it('archives and restores a milestone, and plans skip it while archived', () => {
    const archived = archiveTemplateMilestone(base, 'first-qbr');
    const made = planOf(generatePlan(account(), archived, DEFAULT_SERVICE_LEVELS, at(2024, 5, 29)));
    expect(made.plan.milestones.map((m) => m.id)).not.toContain('first-qbr');
    expect(restoreTemplateMilestone(archived, 'first-qbr')).toEqual(base);
  });
});
