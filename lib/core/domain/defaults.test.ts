import { describe, expect, it } from 'vitest';
import { checklistCompleteness } from './checklist';
import {
  DEFAULT_HANDOFF_TEMPLATE,
  DEFAULT_HEALTH_WEIGHTS,
  DEFAULT_ICP_PROFILE,
  DEFAULT_LIFECYCLE_RULES,
  DEFAULT_PLAN_TEMPLATES,
  DEFAULT_RACI,
  DEFAULT_REMINDER_SETTINGS,
  DEFAULT_SERVICE_LEVELS,
  DEFAULT_SETTINGS,
} from './defaults';
import { HandoffTemplateSchema } from './handoff';
import { HealthWeightsSchema } from './health-snapshot';
import { IcpProfileSchema } from './icp';
import { LifecycleRulesSchema } from './lifecycle';
import { PlanTemplatesSchema } from './plan-template';
import { RaciMatrixSchema } from './raci';
import { SettingsSchema } from './settings';

const items = DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items.map((i) => ({ ...i, sectionId: s.id })));
const byId = new Map(items.map((i) => [i.id, i]));

describe('DEFAULT_HANDOFF_TEMPLATE', () => {
  it('parses through the template schema unchanged', () => {
    expect(HandoffTemplateSchema.parse(DEFAULT_HANDOFF_TEMPLATE)).toEqual(DEFAULT_HANDOFF_TEMPLATE);
  });

  it('has the four deal-review sections and the handoff package', () => {
    expect(DEFAULT_HANDOFF_TEMPLATE.sections.map((s) => s.title)).toEqual([
      'Client motivation & success criteria',
      'Technical & service scope',
      'Account dynamics',
      'ICP alignment & risk',
      'Handoff package',
    ]);
  });

  it.each([
    ['client-motivation', 'why-buy-now', /why did the client buy now/i],
    ['client-motivation', 'success-30-60-90', /30, 60 and 90 days/],
    ['client-motivation', 'what-closed-deal', /what closed the deal/i],
    ['technical-service-scope', 'integrations-not-live', /integrations promised.*not live or on the roadmap/i],
    ['technical-service-scope', 'migration-free-services', /data-migration scope.*free professional services/i],
    ['technical-service-scope', 'expected-timeline', /implementation timeline the client expects/i],
    ['account-dynamics', 'champions-detractors', /champions and potential detractors/i],
    ['account-dynamics', 'csm-prepare-for', /CSM should be prepared for/],
    ['account-dynamics', 'friction-objections', /friction or objections.*resurface in onboarding/i],
    ['icp-alignment-risk', 'icp-fit', /fit the ICP/],
    ['icp-alignment-risk', 'icp-flagged-backup-plan', /flagged to leadership with a backup plan/i],
    ['icp-alignment-risk', 'contract-matches-promises', /contract match verbal promises.*future pricing or expansion caps/i],
    ['handoff-package', 'goals-own-words', /goals and success criteria in their own words/i],
    ['handoff-package', 'stakeholders', /economic buyer, technical contacts, champion, blockers/i],
    ['handoff-package', 'pain-points-tried-before', /pain points and what they tried before/i],
    ['handoff-package', 'contract-specifics', /ARR, seats, term, renewal date, negotiated terms, SLAs, custom features/],
    ['handoff-package', 'technical-environment', /CRM edition, integrations, migration, security review/],
    ['handoff-package', 'competitive-context', /competitive context/i],
    ['handoff-package', 'open-commitments', /open commitments/i],
    ['handoff-package', 'relationship-tone', /relationship tone/i],
    ['handoff-package', 'joint-kickoff', /joint kickoff \(AE \+ CSM \+ customer\) within 5 business days/i],
  ])('in %s, has %s', (sectionId, itemId, phrase) => {
    const item = byId.get(itemId);
    expect(item?.sectionId).toBe(sectionId);
    expect(item?.label).toMatch(phrase);
    expect(item?.help?.length ?? 0).toBeGreaterThan(20);
  });

  it('starts with the core questions required and nothing archived', () => {
    const r = checklistCompleteness(DEFAULT_HANDOFF_TEMPLATE, {});
    expect(r.total).toBe(items.length);
    expect(r.requiredMissing.length).toBeGreaterThan(items.length / 2);
    expect(r.requiredMissing.length).toBeLessThan(items.length);
  });
});

describe('DEFAULT_ICP_PROFILE', () => {
  it('parses and uses the fit/fringe thresholds', () => {
    expect(IcpProfileSchema.parse(DEFAULT_ICP_PROFILE)).toEqual(DEFAULT_ICP_PROFILE);
    expect(DEFAULT_ICP_PROFILE).toMatchObject({ fitThreshold: 75, fringeThreshold: 50 });
  });

  it('covers every account dimension RevOps qualifies on, with hard and soft rules', () => {
    const fields = new Set(DEFAULT_ICP_PROFILE.rules.map((r) => r.field));
    for (const f of ['industry', 'employeeCount', 'arr', 'region', 'segment', 'integrations'] as const) expect(fields).toContain(f);
    expect(DEFAULT_ICP_PROFILE.rules.some((r) => r.hard)).toBe(true);
    expect(DEFAULT_ICP_PROFILE.rules.some((r) => !r.hard)).toBe(true);
  });

  it('supports the common integrations but not SAP', () => {
    const rule = DEFAULT_ICP_PROFILE.rules.find((r) => r.field === 'integrations');
    expect(rule?.op).toBe('in');
    const values = rule?.op === 'in' ? rule.values : [];
    expect(values).toEqual(expect.arrayContaining(['Salesforce', 'HubSpot', 'Slack', 'Snowflake', 'NetSuite']));
    expect(values.map((v) => v.toLowerCase())).not.toContain('sap');
  });
});

describe('DEFAULT_HEALTH_WEIGHTS and DEFAULT_SETTINGS', () => {
  it('weights parse', () => {
    expect(HealthWeightsSchema.parse(DEFAULT_HEALTH_WEIGHTS)).toEqual(DEFAULT_HEALTH_WEIGHTS);
  });

  it('settings parse and hold the documented defaults', () => {
    expect(SettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      userName: 'Me',
      dataSource: { kind: 'local' },
      panelMode: 'injected',
      disabledPlatforms: [],
      userSites: [],
      contextMenuOnAllPages: false,
      dueSoonDays: 14,
    });
    expect(DEFAULT_SETTINGS.handoffTemplate).toBe(DEFAULT_HANDOFF_TEMPLATE);
    expect(DEFAULT_SETTINGS.icpProfile).toBe(DEFAULT_ICP_PROFILE);
    expect(DEFAULT_SETTINGS).toMatchObject({
      serviceLevels: DEFAULT_SERVICE_LEVELS,
      planTemplates: DEFAULT_PLAN_TEMPLATES,
      lifecycleRules: DEFAULT_LIFECYCLE_RULES,
      raci: DEFAULT_RACI,
      reminders: DEFAULT_REMINDER_SETTINGS,
    });
  });

  it('promises the joint kickoff within five business days in every segment, and go-live scales with size', () => {
    for (const level of Object.values(DEFAULT_SERVICE_LEVELS)) expect(level.kickoffBusinessDays).toBe(5);
    const { enterprise, 'mid-market': mid, smb } = DEFAULT_SERVICE_LEVELS;
    expect(enterprise.goLiveDays).toBeGreaterThan(mid.goLiveDays);
    expect(mid.goLiveDays).toBeGreaterThan(smb.goLiveDays);
    expect(enterprise.firstResponseHours).toBeLessThan(smb.firstResponseHours);
  });

  it('keeps reminders off until the person opts in', () => {
    expect(DEFAULT_REMINDER_SETTINGS.enabled).toBe(false);
    expect(DEFAULT_REMINDER_SETTINGS.digest.enabled).toBe(false);
  });
});

describe('DEFAULT_PLAN_TEMPLATES', () => {
  const ids = (segment: keyof typeof DEFAULT_PLAN_TEMPLATES) => DEFAULT_PLAN_TEMPLATES[segment].milestones.map((m) => m.id);

  it('parse unchanged', () => {
    expect(PlanTemplatesSchema.parse(DEFAULT_PLAN_TEMPLATES)).toEqual(DEFAULT_PLAN_TEMPLATES);
  });

  it('follow the playbook: kickoff, first value, 30/60/90 reviews, first QBR, renewal readiness', () => {
    for (const segment of ['mid-market', 'smb'] as const) {
      expect(ids(segment)).toEqual([
        'joint-kickoff',
        'first-value',
        'success-review-30',
        'success-review-60',
        'success-review-90',
        'first-qbr',
        'renewal-readiness-review',
      ]);
    }
  });

  it('space enterprise reviews over 30/90/180 days', () => {
    expect(ids('enterprise')).toEqual([
      'joint-kickoff',
      'first-value',
      'success-review-30',
      'success-review-90',
      'first-qbr',
      'success-review-180',
      'renewal-readiness-review',
    ]);
  });

  it('time the kickoff by the SLA, first value by go-live, and the renewal review 120 days ahead', () => {
    const byId = new Map(DEFAULT_PLAN_TEMPLATES.smb.milestones.map((m) => [m.id, m]));
    expect(byId.get('joint-kickoff')).toMatchObject({ ownerRole: 'ae', due: { from: 'kickoff-sla' } });
    expect(byId.get('first-value')?.due).toEqual({ from: 'go-live-sla' });
    expect(byId.get('success-review-60')?.due).toEqual({ from: 'kickoff', offset: 60, unit: 'calendar-days' });
    expect(byId.get('renewal-readiness-review')?.due).toEqual({ from: 'renewal', offset: -120, unit: 'calendar-days' });
  });
});

describe('DEFAULT_LIFECYCLE_RULES and DEFAULT_RACI', () => {
  const everyTemplateHas = (id: string) => Object.values(DEFAULT_PLAN_TEMPLATES).every((t) => t.milestones.some((m) => m.id === id));

  it('stage rules parse and name milestones every segment’s plan has', () => {
    expect(LifecycleRulesSchema.parse(DEFAULT_LIFECYCLE_RULES)).toEqual(DEFAULT_LIFECYCLE_RULES);
    const named = Object.values(DEFAULT_LIFECYCLE_RULES).flatMap((r) =>
      [...r.entry, ...r.exit].flatMap((c) => ('milestoneId' in c ? [c.milestoneId] : [])),
    );
    expect(named).toEqual(['joint-kickoff', 'first-value', 'success-review-90', 'renewal-readiness-review']);
    for (const id of named) expect(everyTemplateHas(id)).toBe(true);
    expect(DEFAULT_LIFECYCLE_RULES['renewal-readiness'].entry).toEqual([{ kind: 'renewal-within-days', days: 120 }]);
  });

  it('the RACI covers the playbook activities with one Accountable each', () => {
    expect(RaciMatrixSchema.parse(DEFAULT_RACI)).toEqual(DEFAULT_RACI);
    expect(DEFAULT_RACI.activities.map((a) => a.id)).toEqual(['lead-qualification', 'onboarding-kickoff', 'qbr', 'renewal', 'expansion']);
    for (const a of DEFAULT_RACI.activities) {
      expect(Object.values(a.assignments).filter((l) => l === 'A')).toHaveLength(1);
      expect(Object.values(a.assignments)).toContain('R');
    }
  });
});
