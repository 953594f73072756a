import type { HandoffTemplate } from './handoff';
import type { HealthWeights } from './health-snapshot';
import type { IcpProfile } from './icp';
import type { LifecycleRules } from './lifecycle';
import type { PlanTemplate, PlanTemplateMilestone, PlanTemplates } from './plan-template';
import type { RaciMatrix } from './raci';
import type { ReminderSettings } from './reminders';
import type { ServiceLevels } from './service-levels';
import type { Settings } from './settings';

// Item ids are stable slugs and must never be renamed: saved answers are keyed
// by them. To retire a question, archive it.
export const DEFAULT_HANDOFF_TEMPLATE: HandoffTemplate = {
  id: 'default-handoff',
  name: 'Sales-to-success handoff',
  sections: [
    {
      id: 'client-motivation',
      title: 'Client motivation & success criteria',
      items: [
        {
          id: 'why-buy-now',
          label: 'Why did the client buy now?',
          required: true,
          help: 'The trigger event (new leader, failed tool, board goal, deadline). It tells the CSM what urgency to build the onboarding plan around.',
        },
        {
          id: 'success-30-60-90',
          label: 'What success means at 30, 60 and 90 days',
          required: true,
          help: 'Concrete, measurable milestones the client agreed to, e.g. "all 40 reps logging calls by day 30".',
        },
        {
          id: 'what-closed-deal',
          label: 'What closed the deal',
          required: true,
          help: 'The feature, proof point, price or person that tipped the decision; onboarding must deliver on it first.',
        },
      ],
    },
    {
      id: 'technical-service-scope',
      title: 'Technical & service scope',
      items: [
        {
          id: 'integrations-not-live',
          label: 'Integrations promised that are not live or on the roadmap',
          required: true,
          help: 'List each one and record it as a commitment so product can confirm or decline it before kickoff. Write "none" if none.',
        },
        {
          id: 'migration-free-services',
          label: 'Data-migration scope and any free professional services promised',
          required: true,
          help: 'Objects, record volumes and history depth to migrate, and any services given away to close; unpriced work lands on the CSM.',
        },
        {
          id: 'expected-timeline',
          label: 'The implementation timeline the client expects',
          required: true,
          help: 'The go-live date the client has in mind and who told them; compare it with the standard implementation plan.',
        },
      ],
    },
    {
      id: 'account-dynamics',
      title: 'Account dynamics',
      items: [
        {
          id: 'champions-detractors',
          label: 'Champions and potential detractors',
          required: true,
          help: 'Names, roles and why each is for or against; detractors often were overruled during the evaluation.',
        },
        {
          id: 'csm-prepare-for',
          label: 'What the CSM should be prepared for',
          required: false,
          help: 'Personalities, internal politics, reorganisations or budget pressure the CSM will walk into.',
        },
        {
          id: 'friction-objections',
          label: 'Friction or objections that may resurface in onboarding',
          required: false,
          help: 'Objections handled during the sale that were parked rather than resolved.',
        },
      ],
    },
    {
      id: 'icp-alignment-risk',
      title: 'ICP alignment & risk',
      items: [
        {
          id: 'icp-fit',
          label: 'Does the client fit the ICP?',
          required: true,
          help: 'Check the ICP result on the account; say which rules it misses and why the deal was still taken.',
        },
        {
          id: 'icp-flagged-backup-plan',
          label: 'If not, flagged to leadership with a backup plan',
          required: false,
          help: 'Link the ICP approval request and the plan if the gaps cannot be closed (scope cut, partner, exit terms).',
        },
        {
          id: 'contract-matches-promises',
          label: 'Does the signed contract match verbal promises on future pricing or expansion caps?',
          required: true,
          help: 'Price locks, discounts on future seats or caps on expansion promised verbally but missing from the contract become renewal disputes.',
        },
      ],
    },
    {
      id: 'handoff-package',
      title: 'Handoff package',
      items: [
        {
          id: 'goals-own-words',
          label: "The customer's goals and success criteria in their own words",
          required: true,
          help: 'Quote the customer (email, call notes) rather than paraphrasing; it is what they will hold the team to.',
        },
        {
          id: 'stakeholders',
          label: 'Stakeholders: economic buyer, technical contacts, champion, blockers',
          required: true,
          help: 'Name, title and email for each, and who signs the renewal.',
        },
        {
          id: 'pain-points-tried-before',
          label: 'Pain points and what they tried before',
          required: true,
          help: 'Previous tools or in-house attempts and why they failed, so onboarding does not repeat them.',
        },
        {
          id: 'contract-specifics',
          label: 'Contract specifics: ARR, seats, term, renewal date, negotiated terms, SLAs, custom features',
          required: true,
          help: 'Attach the order form; call out anything non-standard.',
        },
        {
          id: 'technical-environment',
          label: 'Technical environment: CRM edition, integrations, migration, security review',
          required: true,
          help: 'CRM edition and API access, systems to connect, data to migrate, and where the security review stands.',
        },
        {
          id: 'competitive-context',
          label: 'Competitive context',
          required: false,
          help: 'Who else was evaluated, the incumbent being replaced, and what the competitor promised.',
        },
        {
          id: 'open-commitments',
          label: 'Open commitments',
          required: true,
          help: 'Every promise made during the sale, recorded as a commitment with an owner and a due date.',
        },
        {
          id: 'relationship-tone',
          label: 'Relationship tone',
          required: false,
          help: 'How the relationship feels (warm, transactional, strained after negotiation) and preferred communication style.',
        },
        {
          id: 'joint-kickoff',
          label: 'Joint kickoff (AE + CSM + customer) within 5 business days of signature',
          required: true,
          help: 'Book it before the AE steps back; the panel tracks the kickoff date against the SLA.',
        },
      ],
    },
  ],
};

export const DEFAULT_ICP_PROFILE: IcpProfile = {
  id: 'default-icp',
  name: 'B2B SaaS revenue teams',
  rules: [
    {
      id: 'industry',
      field: 'industry',
      op: 'in',
      values: ['Software', 'Fintech', 'Logistics', 'Professional Services'],
      label: 'Target industry',
      weight: 20,
      hard: false,
    },
    { id: 'employees', field: 'employeeCount', op: 'range', min: 100, max: 5000, label: 'Company size', weight: 20, hard: false },
    { id: 'arr', field: 'arr', op: 'range', min: 20000, max: 500000, label: 'Contract size (ARR)', weight: 15, hard: false },
    {
      id: 'region',
      field: 'region',
      op: 'in',
      values: ['North America', 'EMEA', 'UK&I'],
      label: 'Served region',
      weight: 15,
      // Support hours and data residency only cover these regions.
      hard: true,
    },
    { id: 'segment', field: 'segment', op: 'equals', value: 'mid-market', label: 'Mid-market segment', weight: 10, hard: false },
    {
      id: 'integrations',
      field: 'integrations',
      op: 'in',
      values: ['Salesforce', 'HubSpot', 'Slack', 'Snowflake', 'NetSuite', 'Zendesk', 'Gmail', 'Outlook'],
      label: 'Integrations we support',
      weight: 20,
      // An integration we do not have cannot be delivered by onboarding, whatever the score.
      hard: true,
    },
  ],
  fitThreshold: 75,
  fringeThreshold: 50,
};

// Usage and outcomes weigh most: they are measured, not reported. Sponsor and
// sentiment are opinions, and time to value only matters once it is known.
export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = {
  adoption: 25,
  activeUsers: 15,
  logins: 10,
  support: 15,
  sentiment: 10,
  sponsor: 15,
  timeToValue: 10,
};

// The playbook's promise: a joint kickoff within five business days of
// signature for everyone. Go-live and first response scale with the customer.
export const DEFAULT_SERVICE_LEVELS: ServiceLevels = {
  enterprise: { kickoffBusinessDays: 5, firstResponseHours: 4, goLiveDays: 90 },
  'mid-market': { kickoffBusinessDays: 5, firstResponseHours: 8, goLiveDays: 60 },
  smb: { kickoffBusinessDays: 5, firstResponseHours: 24, goLiveDays: 30 },
};

// Milestone ids are stable slugs shared by every segment's template and must
// never be renamed: plans, stage rules and the RACI refer to them.
const KICKOFF: PlanTemplateMilestone = {
  id: 'joint-kickoff',
  title: 'Joint kickoff (AE + CSM + customer)',
  ownerRole: 'ae',
  due: { from: 'kickoff-sla' },
  help: 'Book it before the AE steps back: the goals, the success criteria in the customer’s words, this plan and who owns each step.',
};
const FIRST_VALUE: PlanTemplateMilestone = {
  id: 'first-value',
  title: 'First value achieved',
  ownerRole: 'csm',
  due: { from: 'go-live-sla' },
  help: 'The first outcome the customer agreed counts as value. The date it is achieved is the account’s time to value.',
};
const review = (days: number): PlanTemplateMilestone => ({
  id: `success-review-${days}`,
  title: `${days}-day success review`,
  ownerRole: 'csm',
  due: { from: 'kickoff', offset: days, unit: 'calendar-days' },
  help: `Review the success criteria agreed for day ${days} with the customer, against evidence.`,
});
const FIRST_QBR: PlanTemplateMilestone = {
  id: 'first-qbr',
  title: 'First quarterly business review',
  ownerRole: 'csm',
  // After the 90-day review, once there is a full quarter of use to review.
  due: { from: 'kickoff', offset: 120, unit: 'calendar-days' },
};
const RENEWAL_READINESS: PlanTemplateMilestone = {
  id: 'renewal-readiness-review',
  title: 'Renewal-readiness review',
  ownerRole: 'csm',
  due: { from: 'renewal', offset: -120, unit: 'calendar-days' },
  help: 'Value delivered against the success criteria, open risks and who signs the renewal, 120 days before it.',
};

const planTemplate = (id: string, name: string, reviewDays: readonly number[]): PlanTemplate => ({
  id,
  name,
  milestones: [
    KICKOFF,
    FIRST_VALUE,
    ...reviewDays.filter((d) => d < 120).map(review),
    FIRST_QBR,
    ...reviewDays.filter((d) => d >= 120).map(review),
    RENEWAL_READINESS,
  ],
});

// Larger accounts take longer to show results, so their reviews are spread
// over 30/90/180 days rather than 30/60/90.
export const DEFAULT_PLAN_TEMPLATES: PlanTemplates = {
  enterprise: planTemplate('enterprise-plan', 'Enterprise success plan', [30, 90, 180]),
  'mid-market': planTemplate('mid-market-plan', 'Mid-market success plan', [30, 60, 90]),
  smb: planTemplate('smb-plan', 'SMB success plan', [30, 60, 90]),
};

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = {
  onboarding: { entry: [], exit: [{ kind: 'kickoff-held', milestoneId: 'joint-kickoff' }, { kind: 'required-checklist-complete' }] },
  activation: { entry: [], exit: [{ kind: 'milestone-done', milestoneId: 'first-value' }] },
  'value-realisation': { entry: [], exit: [{ kind: 'milestone-done', milestoneId: 'success-review-90' }] },
  'renewal-readiness': {
    entry: [{ kind: 'renewal-within-days', days: 120 }],
    exit: [{ kind: 'milestone-done', milestoneId: 'renewal-readiness-review' }],
  },
  expansion: { entry: [], exit: [] },
};

// Sales owns the deal until the kickoff; success owns the customer after it.
// Managers are accountable where a miss costs revenue: qualification (bad-fit
// deals) and renewal.
export const DEFAULT_RACI: RaciMatrix = {
  activities: [
    {
      id: 'lead-qualification',
      label: 'Lead qualification',
      stages: [],
      milestoneIds: [],
      assignments: { ae: 'R', csm: 'I', 'sales-manager': 'A', 'cs-manager': 'C' },
    },
    {
      id: 'onboarding-kickoff',
      label: 'Onboarding kickoff',
      stages: ['onboarding'],
      milestoneIds: ['joint-kickoff'],
      assignments: { ae: 'R', csm: 'A', 'sales-manager': 'I', 'cs-manager': 'C' },
    },
    {
      id: 'qbr',
      label: 'Success reviews and QBR',
      stages: ['activation', 'value-realisation'],
      milestoneIds: ['first-value', 'success-review-30', 'success-review-60', 'success-review-90', 'success-review-180', 'first-qbr'],
      assignments: { ae: 'C', csm: 'R', 'sales-manager': 'I', 'cs-manager': 'A' },
    },
    {
      id: 'renewal',
      label: 'Renewal',
      stages: ['renewal-readiness'],
      milestoneIds: ['renewal-readiness-review'],
      assignments: { ae: 'C', csm: 'R', 'sales-manager': 'I', 'cs-manager': 'A' },
    },
    {
      id: 'expansion',
      label: 'Expansion / upsell',
      stages: ['expansion'],
      milestoneIds: [],
      assignments: { ae: 'R', csm: 'C', 'sales-manager': 'A', 'cs-manager': 'I' },
    },
  ],
};

// Off until the person opts in. Reminders fall due at midnight, so quiet
// hours move them to the start of the working day.
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  enabled: false,
  quietHours: { enabled: true, start: '20:00', end: '08:00' },
  digest: { enabled: false, time: '08:30' },
  kickoffWarningBusinessDays: 1,
  commitmentLeadDays: 2,
};

// Accounts one CSM onboards at once, until a team sets its own in options.
// Here rather than beside the capacity figures, whose schemas and date code
// every page that reads settings (the panel too) would otherwise load.
export const DEFAULT_CSM_CAPACITY = 8;

export const DEFAULT_SETTINGS: Settings = {
  userName: 'Me',
  dataSource: { kind: 'local' },
  panelMode: 'injected',
  disabledPlatforms: [],
  userSites: [],
  contextMenuOnAllPages: false,
  healthWeights: DEFAULT_HEALTH_WEIGHTS,
  icpProfile: DEFAULT_ICP_PROFILE,
  handoffTemplate: DEFAULT_HANDOFF_TEMPLATE,
  serviceLevels: DEFAULT_SERVICE_LEVELS,
  dueSoonDays: 14,
  planTemplates: DEFAULT_PLAN_TEMPLATES,
  lifecycleRules: DEFAULT_LIFECYCLE_RULES,
  raci: DEFAULT_RACI,
  reminders: DEFAULT_REMINDER_SETTINGS,
  userRole: null,
  approvers: [],
  csmCapacity: DEFAULT_CSM_CAPACITY,
};
