import type {
  Account,
  Commitment,
  CommitmentKind,
  CommitmentStatus,
  CrmLink,
  HandoffAnswers,
  HealthSnapshot,
  IcpApproval,
  LifecycleStage,
  RiskCategory,
  RiskFlag,
  RoadmapStatus,
  Segment,
  Severity,
  SponsorEngagement,
} from '../core/domain';
import { DEFAULT_HANDOFF_TEMPLATE, DEFAULT_PLAN_TEMPLATES, DEFAULT_SERVICE_LEVELS } from '../core/domain/defaults';
import { generatePlan } from '../core/domain/plan-template';
import type { Milestone } from '../core/domain/success-plan';
import { normaliseAccountName } from '../core/domain/linking';
import { FIXTURE_RECORDS, type FixtureRecord } from './fixture-records';
import { emptyExportBundle, ExportBundleSchema, type ExportBundle } from '../core/model';
import { createRng, type Rng } from './prng';
import { ArrChangeSchema, quarterEndOf, type ArrChange } from '../core/domain/dashboard';

// The demo's ARR history covers 18 months, so every customer in it closed
// within that window and its whole ARR story is on record.
export const DEMO_HISTORY_MONTHS = 18;
const OLDEST_CLOSE_DAYS = 540;

export interface DemoOptions {
  seed: number;
  /** Total accounts, the CRM fixture accounts first. */
  accounts: number;
  now: Date;
}

const DAY = 86_400_000;
// Dates are computed in UTC so the same seed and clock give the same file in every time zone.
const isoDay = (now: Date, offsetDays: number) => new Date(now.getTime() + offsetDays * DAY).toISOString().slice(0, 10);
const isoAt = (now: Date, offsetDays: number, hour = 9) => {
  const d = new Date(now.getTime() + offsetDays * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const pad = (n: number, w = 5) => String(n).padStart(w, '0');

type Trend = 'improving' | 'declining' | 'flat' | 'noisy';

const SUPPORTED_INTEGRATIONS = ['Salesforce', 'HubSpot', 'Slack', 'Snowflake', 'NetSuite', 'Zendesk', 'Gmail', 'Outlook'] as const;
const UNSUPPORTED_INTEGRATIONS = ['SAP S/4HANA', 'Oracle EBS', 'Workday', 'Microsoft Dynamics AX', 'Sage X3'] as const;

const INDUSTRY_NOUNS: Record<string, readonly string[]> = {
  Software: ['Software', 'Labs', 'Systems', 'Cloud'],
  Fintech: ['Pay', 'Capital', 'Ledger', 'Finance'],
  Logistics: ['Freight', 'Logistics', 'Shipping', 'Transport'],
  'Professional Services': ['Consulting', 'Advisory', 'Partners', 'Group'],
  Healthcare: ['Health', 'Medical', 'Clinics', 'Care'],
  Manufacturing: ['Manufacturing', 'Industries', 'Works', 'Fabrication'],
  Retail: ['Retail', 'Stores', 'Outfitters', 'Market'],
  Hospitality: ['Hotels', 'Hospitality', 'Restaurants', 'Resorts'],
  Education: ['Learning', 'Academy', 'Education', 'Schools'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting'],
};
const INDUSTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Software', 22],
  ['Fintech', 12],
  ['Logistics', 12],
  ['Professional Services', 12],
  ['Healthcare', 10],
  ['Manufacturing', 10],
  ['Retail', 8],
  ['Hospitality', 5],
  ['Education', 5],
  ['Media', 4],
];
const FIRST = [
  'Apex',
  'Beacon',
  'Cedar',
  'Summit',
  'Harbor',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lumen',
  'Meridian',
  'Northstar',
  'Oakridge',
  'Pinnacle',
  'Quarry',
  'Redwood',
  'Sterling',
  'Trident',
  'Union',
  'Vantage',
  'Willow',
  'Atlas',
  'Brightline',
  'Cobalt',
  'Driftwood',
  'Evergreen',
  'Foxglove',
  'Granite',
  'Horizon',
  'Indigo',
  'Jasper',
  'Kestrel',
  'Lakeside',
  'Maple',
  'Nimbus',
  'Orion',
  'Polaris',
  'Quantum',
  'Riverton',
  'Silverline',
  'Tidewater',
];
const MIDDLE = [
  'North',
  'Bay',
  'Valley',
  'Coast',
  'Ridge',
  'Peak',
  'Bridge',
  'Harbour',
  'Stone',
  'Field',
  'Lake',
  'Forge',
  'Gate',
  'Point',
  'Crest',
  'Vale',
  'Brook',
  'Hill',
  'Wood',
  'Star',
];
const LEGAL = ['', '', '', ' Inc.', ' Ltd', ' GmbH', ' LLC', ' S.A.', ' B.V.'];
const AES = ['Dana Whitfield', 'Marcus Lee', 'Priya Raman', 'Tom Becker', 'Sofia Alvarez', 'Jonas Berg'];
const CSMS = ['Sam Okafor', 'Elena Petrova', 'Chris Donnelly', 'Aiko Tanaka', 'Ravi Menon', 'Grace Holloway'];
const CONTACTS = ['the VP Operations', 'the CFO', 'the Head of RevOps', 'the CIO', 'the project lead', 'the COO'];
const LEGACY = ['their legacy TMS', 'Excel trackers', 'an in-house Access database', 'Zoho CRM', 'a retired ERP module'];

interface Profile {
  segment: Segment;
  industry: string;
  employeeCount: number;
  region: string;
  trend: Trend;
  closedDaysAgo: number;
  integrations: string[];
}

// The fixture accounts' shapes are fixed so the e2e pages and `npm run demo`
// tell the same stories every time; everything else about them is seeded.
const FIXTURE_PROFILES: Record<string, Partial<Profile>> = {
  'northwind.example': {
    segment: 'mid-market',
    industry: 'Logistics',
    employeeCount: 650,
    region: 'North America',
    trend: 'declining',
    closedDaysAgo: 12,
    integrations: ['Salesforce', 'SAP S/4HANA', 'Slack'],
  },
  'globex.example': {
    segment: 'enterprise',
    industry: 'Manufacturing',
    employeeCount: 14000,
    region: 'EMEA',
    trend: 'flat',
    closedDaysAgo: 400,
    integrations: ['SAP S/4HANA', 'Outlook'],
  },
  'initech.example': {
    segment: 'mid-market',
    industry: 'Software',
    employeeCount: 420,
    region: 'North America',
    trend: 'improving',
    closedDaysAgo: 200,
    integrations: ['Salesforce', 'Slack'],
  },
  'umbrella-health.example': {
    segment: 'enterprise',
    industry: 'Healthcare',
    employeeCount: 8000,
    region: 'North America',
    trend: 'declining',
    closedDaysAgo: 330,
  },
  'stark-analytics.example': {
    segment: 'mid-market',
    industry: 'Software',
    employeeCount: 900,
    region: 'UK&I',
    trend: 'improving',
    closedDaysAgo: 45,
  },
  'tyrell.example': { segment: 'enterprise', industry: 'Healthcare', employeeCount: 5200, region: 'APAC', trend: 'noisy', closedDaysAgo: 75 },
  'wayne-freight.example': {
    segment: 'mid-market',
    industry: 'Logistics',
    employeeCount: 1200,
    region: 'North America',
    trend: 'flat',
    closedDaysAgo: 20,
  },
  'soylent.example': { segment: 'smb', industry: 'Retail', employeeCount: 35, region: 'North America', trend: 'declining', closedDaysAgo: 150 },
  'krusty.example': { segment: 'smb', industry: 'Hospitality', employeeCount: 18, region: 'North America', trend: 'noisy', closedDaysAgo: 60 },
  'hooli.example': {
    segment: 'enterprise',
    industry: 'Software',
    employeeCount: 30000,
    region: 'North America',
    trend: 'improving',
    closedDaysAgo: 500,
  },
  'piedpiper.example': { segment: 'smb', industry: 'Software', employeeCount: 60, region: 'North America', trend: 'improving', closedDaysAgo: 8 },
  'gringotts.example': { segment: 'enterprise', industry: 'Fintech', employeeCount: 3000, region: 'UK&I', trend: 'flat', closedDaysAgo: 340 },
};

interface FixtureAccount {
  name: string;
  websiteDomain: string;
  platform: FixtureRecord['platform'];
  refs: CrmLink[];
}

/** The fixture CRM records grouped into accounts: an org's account, its deals and its other hosts share one domain. */
export function fixtureAccounts(): FixtureAccount[] {
  const byDomain = new Map<string, FixtureAccount>();
  for (const r of FIXTURE_RECORDS) {
    let acc = byDomain.get(r.websiteDomain);
    if (!acc) {
      acc = { name: r.name, websiteDomain: r.websiteDomain, platform: r.platform, refs: [] };
      byDomain.set(r.websiteDomain, acc);
    }
    if (r.kind === 'account') acc.name = r.name;
    const ref: CrmLink = { platform: r.platform, host: r.host, objectType: r.objectType, kind: r.kind, recordId: r.recordId };
    if (!acc.refs.some((x) => x.platform === ref.platform && x.host === ref.host && x.recordId === ref.recordId)) acc.refs.push(ref);
  }
  return [...byDomain.values()];
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function employeesFor(rng: Rng, segment: Segment): number {
  if (segment === 'enterprise') return rng.int(2000, 60000);
  if (segment === 'mid-market') return rng.int(200, 2000);
  // A fifth of small accounts are tiny teams, well below the ICP's floor.
  return rng.chance(0.2) ? rng.int(3, 40) : rng.int(40, 200);
}

function arrFor(rng: Rng, segment: Segment): number {
  const [lo, hi] = segment === 'enterprise' ? [250, 1500] : segment === 'mid-market' ? [30, 250] : [3, 30];
  return rng.int(lo, hi) * 1000;
}

function currencyFor(region: string): string {
  return region === 'EMEA' ? 'EUR' : region === 'UK&I' ? 'GBP' : 'USD';
}

function lifecycleFor(closedDaysAgo: number, daysToRenewal: number, churned: boolean): LifecycleStage {
  if (churned) return 'churned';
  if (closedDaysAgo <= 45) return 'onboarding';
  if (closedDaysAgo <= 120) return 'activation';
  if (daysToRenewal <= 90) return 'renewal-readiness';
  return closedDaysAgo > 365 ? 'expansion' : 'value-realisation';
}

function trendValue(trend: Trend, t: number, rng: Rng, from: number, to: number): number {
  // t runs 0 → 1 across the history.
  switch (trend) {
    case 'improving':
      return from + (to - from) * t + (rng.next() - 0.5) * 6;
    case 'declining':
      return to + (from - to) * t + (rng.next() - 0.5) * 6;
    case 'flat':
      return (from + to) / 2 + (rng.next() - 0.5) * 5;
    case 'noisy':
      return (from + to) / 2 + (rng.next() - 0.5) * (to - from) * 1.4;
  }
}

// `|| 0` turns -0 into 0: JSON has no negative zero, and an export must round-trip exactly.
const clampInt = (n: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, n))) || 0;

function snapshotsFor(rng: Rng, accountId: string, trend: Trend, closedDaysAgo: number, now: Date): HealthSnapshot[] {
  const count = rng.int(8, 12);
  // New customers are watched weekly; established ones monthly.
  const step = closedDaysAgo < 120 ? 7 : 30;
  const latestAgo = rng.int(0, 6);
  const out: HealthSnapshot[] = [];
  const reachedValueAt = trend === 'declining' ? null : rng.int(20, 90);
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 1 : i / (count - 1);
    const ago = latestAgo + (count - 1 - i) * step;
    const adoption = trendValue(trend, t, rng, 30, 85);
    const s: HealthSnapshot = { id: `snp_${accountId.slice(4)}_${pad(i, 2)}`, accountId, date: isoDay(now, -ago) };
    // Real feeds are patchy: each signal is missing now and then.
    const has = () => rng.chance(0.9);
    if (has()) s.adoptionPct = clampInt(adoption, 0, 100);
    if (has())
      s.activeUserTrendPct = clampInt(trend === 'improving' ? rng.int(2, 18) : trend === 'declining' ? -rng.int(3, 25) : rng.int(-8, 8), -100, 1000);
    if (has()) s.loginsPerUserPerWeek = Math.round(Math.max(0, adoption / 25 + (rng.next() - 0.5)) * 10) / 10;
    if (has()) s.openTickets = clampInt(trend === 'declining' ? 2 + t * 8 + rng.int(0, 3) : rng.int(0, 5), 0, 100);
    if (has()) s.escalations = trend === 'declining' && t > 0.6 ? rng.int(0, 2) : rng.chance(0.08) ? 1 : 0;
    if (rng.chance(0.6)) s.nps = clampInt(trendValue(trend, t, rng, -20, 60), -100, 100);
    if (rng.chance(0.6)) s.csatPct = clampInt(trendValue(trend, t, rng, 60, 95), 0, 100);
    if (rng.chance(0.8)) {
      const level = trendValue(trend, t, rng, 0, 3);
      s.sponsorEngagement = (['none', 'low', 'medium', 'high'] as const)[clampInt(level, 0, 3)] as SponsorEngagement;
    }
    const sinceClose = closedDaysAgo - ago;
    if (reachedValueAt !== null && sinceClose >= reachedValueAt) s.daysToFirstValue = reachedValueAt;
    out.push(s);
  }
  return out;
}

interface CommitmentSeed {
  text: string;
  kind: CommitmentKind;
  roadmapStatus: RoadmapStatus;
}

function commitmentIdeas(rng: Rng, account: Account): CommitmentSeed[] {
  const q = `Q${rng.int(1, 4)}`;
  const unsupported = account.integrations.find((i) => (UNSUPPORTED_INTEGRATIONS as readonly string[]).includes(i));
  const ideas: CommitmentSeed[] = [
    { text: `Free data migration from ${rng.pick(LEGACY)}`, kind: 'professional-services', roadmapStatus: 'unknown' },
    { text: 'Two free admin training days on site', kind: 'professional-services', roadmapStatus: 'unknown' },
    { text: 'Go-live within 30 days of signature', kind: 'timeline', roadmapStatus: 'unknown' },
    { text: '4-hour response SLA on P1 tickets', kind: 'sla', roadmapStatus: 'live' },
    { text: 'Dedicated CSM and weekly check-ins for the first quarter', kind: 'resourcing', roadmapStatus: 'unknown' },
    { text: 'Price lock on additional seats through the first renewal', kind: 'pricing', roadmapStatus: 'unknown' },
    { text: `Custom approval workflow in the ${q} release`, kind: 'feature', roadmapStatus: rng.pick(['on-roadmap', 'not-on-roadmap'] as const) },
    { text: 'Snowflake reverse-ETL sync', kind: 'integration', roadmapStatus: 'on-roadmap' },
    { text: 'Two-way NetSuite invoice sync', kind: 'integration', roadmapStatus: 'live' },
  ];
  if (unsupported) ideas.unshift({ text: `${unsupported} connector by ${q}`, kind: 'integration', roadmapStatus: 'not-on-roadmap' });
  return ideas;
}

const FLAG_QUOTES: Record<RiskCategory, string[]> = {
  'integration-gap': ['They told us the connector would be ready before go-live; our ops team is planning around it.'],
  'free-services': ['Your AE said migration and training were included at no cost.'],
  timeline: ['We need every site live before peak season, that was the deal.'],
  overpromise: ['We were promised the dashboards would replace our weekly reporting from day one.'],
  'commercial-mismatch': ['Procurement expects the same per-seat price when we double the team next year.'],
  'icp-drift': ['Most of our staff are seasonal and work from shared tablets.'],
  stakeholder: ['Our sponsor is leaving at the end of the month; the new director was not part of the evaluation.'],
  capacity: ['We only have one admin and she is part time.'],
  competitor: ['The incumbent offered us a free year to stay.'],
  other: ['Legal has not signed off on the data processing agreement yet.'],
};

function commitmentStatusFor(rng: Rng, dueOffset: number | undefined, closedDaysAgo: number): CommitmentStatus {
  if (closedDaysAgo > 200 && rng.chance(0.5)) return 'delivered';
  if (dueOffset !== undefined && dueOffset < 0 && rng.chance(0.25)) return rng.pick(['broken', 'pushed-back'] as const);
  return rng.weighted([
    ['open', 6],
    ['in-progress', 3],
    ['delivered', 1],
  ]);
}

function handoffFor(rng: Rng, account: Account, closedDaysAgo: number, now: Date, by: string): HandoffAnswers {
  const items = DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items).filter((i) => !i.archived);
  // Established accounts finished their handoff; recent ones are part way through.
  const completion = closedDaysAgo > 120 ? 0.85 + rng.next() * 0.15 : 0.2 + rng.next() * 0.7;
  const answers: HandoffAnswers['answers'] = {};
  for (const item of items) {
    const roll = rng.next();
    if (roll < completion) {
      answers[item.id] = { done: true, by, at: isoAt(now, -Math.max(0, closedDaysAgo - rng.int(0, 10)), 10), version: rng.chance(0.2) ? 2 : 1 };
    } else if (roll < completion + 0.1) {
      answers[item.id] = { done: false, note: 'Waiting on the AE.', by, at: isoAt(now, -rng.int(0, 5), 11), version: 1 };
    }
  }
  return { accountId: account.id, answers };
}

function quarterEndNudge(hrng: Rng, now: Date, closedDaysAgo: number): number {
  if (!hrng.chance(0.2)) return closedDaysAgo;
  const close = isoDay(now, -closedDaysAgo);
  const lastDay = quarterEndOf(close);
  const nudged = Math.round((now.getTime() - Date.parse(`${lastDay}T00:00:00Z`)) / DAY) + hrng.int(0, 6);
  // Only quarters already over; the current one has not had its last week yet.
  return nudged >= 1 && nudged <= closedDaysAgo ? nudged : closedDaysAgo;
}

interface HistoryShape {
  index: number;
  closedDaysAgo: number;
  contractStartAgo: number;
  termDays: number;
  churnAgo: number | null;
  trend: Trend;
}

/**
 * ARR events consistent with the account as generated: a new deal at close,
 * expansions adding up to its expansion ARR, sometimes a contraction, a
 * renewal at each anniversary of the contract, and a churn for churned
 * accounts. The deltas add up to today's ARR (0 once churned); the ARR before
 * a churn is the account's last ARR.
 */
function arrHistoryFor(hrng: Rng, account: Account, shape: HistoryShape, now: Date): ArrChange[] {
  const { closedDaysAgo: closeAgo, churnAgo } = shape;
  const endAgo = churnAgo ?? 0;
  const expansion = account.expansionArr ?? 0;
  const span = closeAgo - endAgo;
  const contraction =
    span > 120 && hrng.chance(shape.trend === 'declining' ? 0.35 : 0.08)
      ? Math.max(1000, Math.round((account.arr * (0.1 + hrng.next() * 0.2)) / 1000) * 1000)
      : 0;
  const events: { ago: number; order: number; reason: ArrChange['reason']; delta: number }[] = [
    { ago: closeAgo, order: 0, reason: 'new', delta: account.arr - expansion + contraction },
  ];
  // Between the close and the end (today or the churn), never on either day.
  const between = (minAfterClose: number) => closeAgo - hrng.int(Math.min(minAfterClose, span - 1), span - 1);
  if (expansion > 0 && span > 2) {
    const parts = expansion >= 20_000 && hrng.chance(0.5) ? [Math.round(expansion / 2000) * 1000, 0] : [expansion, 0];
    parts[1] = expansion - parts[0]!;
    for (const delta of parts) if (delta > 0) events.push({ ago: between(60), order: 1, reason: 'expansion', delta });
  }
  if (contraction > 0) events.push({ ago: between(90), order: 1, reason: 'contraction', delta: -contraction });
  for (let ago = shape.contractStartAgo - shape.termDays; ago > endAgo; ago -= shape.termDays) {
    events.push({ ago, order: 2, reason: 'renewal', delta: 0 });
  }
  events.sort((a, b) => b.ago - a.ago || a.order - b.order);
  if (churnAgo !== null) events.push({ ago: churnAgo, order: 3, reason: 'churn', delta: -account.arr });

  let level = 0;
  return events.map((e, k) => {
    level += e.delta;
    return {
      id: `arr_demo_${pad(shape.index)}_${pad(k, 2)}`,
      accountId: account.id,
      date: isoDay(now, -e.ago),
      currency: account.currency,
      arrAfter: level,
      delta: e.delta,
      reason: e.reason,
    };
  });
}

function northwindStory(
  account: Account,
  now: Date,
): { commitments: Commitment[]; flags: RiskFlag[]; handoff: HandoffAnswers; approval: IcpApproval } {
  const ae = account.ownerAe ?? 'Dana Whitfield';
  const csm = account.csm ?? 'Sam Okafor';
  const madeOn = isoDay(now, -20);
  const stamp = isoAt(now, -12, 15);
  const base = {
    version: 1,
    createdAt: stamp,
    updatedAt: stamp,
    accountId: account.id,
    madeBy: ae,
    madeTo: 'Maria Chen, VP Operations',
    madeOn,
    createdBy: ae,
  };
  const url = 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000RnW26IAF/view';
  const commitments: Commitment[] = [
    {
      ...base,
      id: 'cmt_northwind_sap',
      text: 'SAP S/4HANA connector by Q2',
      kind: 'integration',
      dueDate: isoDay(now, 45),
      status: 'open',
      roadmapStatus: 'not-on-roadmap',
      sourceQuote: 'We can have the SAP S/4HANA connector in place for you by Q2, no problem.',
      sourceUrl: url,
      sourceTitle: 'Northwind Logistics — Renewal FY27 | Salesforce',
    },
    {
      ...base,
      id: 'cmt_northwind_migration',
      text: 'Free data migration of six years of shipment history from their legacy TMS',
      kind: 'professional-services',
      dueDate: isoDay(now, -2),
      status: 'open',
      roadmapStatus: 'unknown',
      sourceQuote: "Don't worry about the history, we'll migrate all of it for you free of charge.",
    },
    {
      ...base,
      id: 'cmt_northwind_golive',
      text: 'All 12 depots live within 30 days of signature',
      kind: 'timeline',
      dueDate: isoDay(now, 18),
      status: 'in-progress',
      roadmapStatus: 'unknown',
    },
    {
      ...base,
      id: 'cmt_northwind_se',
      text: 'Dedicated solutions engineer for the first 90 days',
      kind: 'resourcing',
      dueDate: isoDay(now, 6),
      status: 'open',
      roadmapStatus: 'unknown',
    },
  ];
  const flagBase = { version: 1, createdAt: stamp, updatedAt: stamp, accountId: account.id, createdBy: csm };
  const flags: RiskFlag[] = [
    {
      ...flagBase,
      id: 'flg_northwind_sap',
      category: 'integration-gap',
      severity: 'critical',
      quote: 'Our finance close runs on S/4HANA. If the connector is not there by Q2 this project has no point.',
      url,
      pageTitle: 'Northwind Logistics — Renewal FY27 | Salesforce',
      note: 'SAP is not on the roadmap. Product has not been asked.',
      resolved: false,
    },
    {
      ...flagBase,
      id: 'flg_northwind_migration',
      category: 'free-services',
      severity: 'high',
      quote: 'Migration is included, right? That is what we were told.',
      note: 'Roughly 40 days of services effort, unpriced.',
      resolved: false,
    },
    {
      ...flagBase,
      id: 'flg_northwind_kickoff',
      category: 'timeline',
      severity: 'medium',
      note: 'No joint kickoff booked; the AE is on to the next deal.',
      resolved: false,
    },
    {
      ...flagBase,
      id: 'flg_northwind_sponsor',
      category: 'stakeholder',
      severity: 'low',
      quote: 'Maria is the only one on our side who has seen the product.',
      resolved: true,
      resolvedBy: csm,
      resolvedAt: isoAt(now, -3, 16),
      resolutionNote: 'Met the IT director; he is now on the weekly call.',
      version: 2,
      updatedAt: isoAt(now, -3, 16),
    },
  ];
  const done = (id: string, daysAgo: number) => [id, { done: true, by: ae, at: isoAt(now, -daysAgo, 10), version: 1 }] as const;
  const handoff: HandoffAnswers = {
    accountId: account.id,
    answers: Object.fromEntries([
      done('why-buy-now', 11),
      done('what-closed-deal', 11),
      done('stakeholders', 10),
      done('contract-specifics', 10),
      [
        'integrations-not-live',
        { done: false, note: 'SAP S/4HANA connector promised for Q2; not on the roadmap.', by: csm, at: isoAt(now, -4, 14), version: 1 },
      ],
      [
        'migration-free-services',
        { done: false, note: 'Free migration promised verbally; scope unknown.', by: csm, at: isoAt(now, -4, 14), version: 1 },
      ],
    ]),
  };
  const approval: IcpApproval = {
    accountId: account.id,
    status: 'requested',
    requestedBy: ae,
    requestedAt: isoAt(now, -11, 9),
    reason: 'Flagship logistics logo in a new vertical; the buyer insisted on SAP.',
    tradeOffs: 'SAP S/4HANA is not supported; delivering it means a partner build or a custom project.',
    version: 1,
    createdAt: isoAt(now, -11, 9),
    updatedAt: isoAt(now, -11, 9),
  };
  return { commitments, flags, handoff, approval };
}

/**
 * A realistic, reproducible portfolio: the same seed and clock always give
 * the same bundle. The CRM fixture accounts come first, linked to their
 * fixture records, so the fixture pages show real context.
 */
export function generateDemoPortfolio(options: DemoOptions): ExportBundle {
  return generateDemoData(options).bundle;
}

/** The demo's ARR history: every account's new, expansion, contraction, renewal and churn events. */
export function generateDemoArrHistory(options: DemoOptions): ArrChange[] {
  return generateDemoData(options).arrChanges;
}

/**
 * The demo portfolio and its ARR history, from one pass so they agree: the
 * history replays to each account's ARR today (0 for churned accounts).
 */
export function generateDemoData(options: DemoOptions): { bundle: ExportBundle; arrChanges: ArrChange[] } {
  const { seed, now } = options;
  const rng = createRng(seed);
  // A second stream for what the history adds (quarter-end closes, early
  // churn, ARR events), so the fixture accounts the e2e pages show draw the
  // same numbers they always did.
  const hrng = createRng((seed ^ 0x5f3759df) >>> 0);
  const arrChanges: ArrChange[] = [];
  const fixtures = fixtureAccounts();
  // Unique after normalisation, so name and domain matching never find two demo accounts.
  const names = new Set(fixtures.map((f) => normaliseAccountName(f.name)));
  const bundle = emptyExportBundle(now.toISOString());

  for (let i = 0; i < options.accounts; i++) {
    const fixture = fixtures[i];
    const preset = fixture ? (FIXTURE_PROFILES[fixture.websiteDomain] ?? {}) : {};
    const segment =
      preset.segment ??
      rng.weighted<Segment>([
        ['enterprise', 20],
        ['mid-market', 45],
        ['smb', 35],
      ]);
    const industry = preset.industry ?? rng.weighted(INDUSTRY_WEIGHTS);
    let name = fixture?.name;
    while (!name) {
      const candidate = `${rng.pick(FIRST)} ${rng.pick(MIDDLE)} ${rng.pick(INDUSTRY_NOUNS[industry]!)}${rng.pick(LEGAL)}`;
      const key = normaliseAccountName(candidate);
      if (!names.has(key)) {
        names.add(key);
        name = candidate;
      } else if (rng.chance(0.05)) {
        name = `${candidate.replace(/ (Inc\.|Ltd|GmbH|LLC|S\.A\.|B\.V\.)$/, '')} ${i}`;
        names.add(normaliseAccountName(name));
      }
    }
    const region =
      preset.region ??
      rng.weighted([
        ['North America', 45],
        ['EMEA', 30],
        ['UK&I', 10],
        ['APAC', 10],
        ['LATAM', 5],
      ]);
    const employeeCount = preset.employeeCount ?? employeesFor(rng, segment);
    const trend =
      preset.trend ??
      rng.weighted<Trend>([
        ['improving', 3],
        ['declining', 3],
        ['flat', 2],
        ['noisy', 2],
      ]);
    // A third of the book closed in the last 90 days, so onboarding views are busy.
    let closedDaysAgo = preset.closedDaysAgo ?? (rng.chance(0.33) ? rng.int(1, 90) : rng.int(91, OLDEST_CLOSE_DAYS));
    // Sales pulls deals into the quarter's last week; a fifth of past deals land there.
    if (!fixture) closedDaysAgo = quarterEndNudge(hrng, now, closedDaysAgo);
    const integrations = preset.integrations ?? [
      ...rng.shuffle(SUPPORTED_INTEGRATIONS).slice(0, rng.int(1, 3)),
      ...(rng.chance(segment === 'enterprise' ? 0.3 : 0.1) ? [rng.pick(UNSUPPORTED_INTEGRATIONS)] : []),
    ];
    const renewalChurn = !fixture && closedDaysAgo > 400 && rng.chance(0.06);
    // A few deals never make it through onboarding: they churn within 90 days.
    const earlyChurnAgo = !fixture && !renewalChurn && closedDaysAgo > 100 && hrng.chance(0.1) ? closedDaysAgo - hrng.int(25, 85) : null;
    const churned = renewalChurn || earlyChurnAgo !== null;
    const termDays = rng.chance(0.7) ? 365 : 730;
    const contractStartAgo = closedDaysAgo - rng.int(0, 10);
    // The current term: renewal dates roll forward until they are ahead of today (or just behind, for churned accounts).
    let renewalOffset = -contractStartAgo + termDays;
    while (renewalOffset < 0 && !churned) renewalOffset += termDays;
    if (renewalChurn) renewalOffset = -rng.int(10, 200);
    // An early churn ends the contract on the day it churns.
    if (earlyChurnAgo !== null) renewalOffset = -earlyChurnAgo;
    const arr = arrFor(rng, segment);
    const expansionOf = (share: number) => (earlyChurnAgo !== null ? 0 : Math.round(arr * share * 0.4));
    const ownerAe = rng.pick(AES);
    const csm = rng.pick(CSMS);
    const id = `acc_demo_${pad(i)}`;
    const createdAt = isoAt(now, -closedDaysAgo, 8);

    let kickoffDate: string | undefined;
    if (fixture?.websiteDomain === 'northwind.example') kickoffDate = undefined;
    else if (closedDaysAgo > 90) kickoffDate = isoDay(now, -closedDaysAgo + rng.int(2, 9));
    else {
      const roll = rng.next();
      if (roll < 0.55) kickoffDate = isoDay(now, -closedDaysAgo + rng.int(1, Math.min(7, closedDaysAgo)));
      else if (roll < 0.8 && closedDaysAgo > 10) kickoffDate = isoDay(now, -closedDaysAgo + rng.int(10, Math.min(20, closedDaysAgo)));
    }

    const account: Account = {
      id,
      name,
      websiteDomain: fixture?.websiteDomain ?? `${slug(name.replace(/ (Inc\.|Ltd|GmbH|LLC|S\.A\.|B\.V\.)$/, ''))}.example`,
      segment,
      industry,
      employeeCount,
      region,
      currency: currencyFor(region),
      arr: fixture?.websiteDomain === 'northwind.example' ? 185000 : arr,
      seats: Math.max(3, Math.round(employeeCount * (0.05 + rng.next() * 0.3))),
      integrations,
      contractStart: isoDay(now, -contractStartAgo),
      renewalDate: isoDay(now, renewalOffset),
      closedWonDate: isoDay(now, -closedDaysAgo),
      ...(kickoffDate ? { kickoffDate } : {}),
      ownerAe,
      csm,
      lifecycleStage: lifecycleFor(closedDaysAgo, renewalOffset, churned),
      acquisitionCost: Math.round(arr * (0.3 + rng.next() * 0.9)),
      expectedExpansionArr: Math.round(arr * (0.1 + rng.next() * 0.4)),
      // Drawn even for an early churn, which never expanded, so later accounts draw the same numbers.
      ...(closedDaysAgo > 180 ? { expansionArr: expansionOf(rng.next()) } : {}),
      crmRefs: fixture?.refs ?? [],
      version: rng.int(1, 4),
      createdAt,
      updatedAt: isoAt(now, -Math.min(closedDaysAgo, rng.int(0, 30)), 12),
    };
    bundle.accounts.push(account);
    bundle.snapshots.push(...snapshotsFor(rng, id, trend, closedDaysAgo, now));
    arrChanges.push(
      ...arrHistoryFor(hrng, account, { index: i, closedDaysAgo, contractStartAgo, termDays, churnAgo: churned ? -renewalOffset : null, trend }, now),
    );

    if (fixture?.websiteDomain === 'northwind.example') {
      const story = northwindStory(account, now);
      bundle.commitments.push(...story.commitments);
      bundle.flags.push(...story.flags);
      bundle.handoff.push(story.handoff);
      bundle.approvals.push(story.approval);
      continue;
    }

    const ideas = rng.shuffle(commitmentIdeas(rng, account));
    const unsupportedFirst = ideas.findIndex((c) => c.roadmapStatus === 'not-on-roadmap' && c.kind === 'integration');
    if (unsupportedFirst > 0) ideas.unshift(...ideas.splice(unsupportedFirst, 1));
    const nCommitments = rng.int(0, 4);
    for (let c = 0; c < nCommitments; c++) {
      const idea = ideas[c]!;
      // Due dates spread from overdue through due soon to far out.
      const dueOffset = rng.chance(0.85)
        ? rng.weighted([
            [-rng.int(1, 60), 3],
            [rng.int(0, 14), 3],
            [rng.int(15, 180), 4],
          ])
        : undefined;
      const madeAgo = closedDaysAgo + rng.int(0, 20);
      const stamp = isoAt(now, -closedDaysAgo, 14);
      bundle.commitments.push({
        id: `cmt_demo_${pad(i)}_${c}`,
        accountId: id,
        text: idea.text,
        kind: idea.kind,
        madeBy: ownerAe,
        madeTo: rng.pick(CONTACTS),
        madeOn: isoDay(now, -madeAgo),
        ...(dueOffset !== undefined ? { dueDate: isoDay(now, dueOffset) } : {}),
        status: commitmentStatusFor(rng, dueOffset, closedDaysAgo),
        roadmapStatus: idea.roadmapStatus,
        ...(rng.chance(0.4) ? { sourceQuote: `"${idea.text}" — as promised on the closing call.` } : {}),
        createdBy: ownerAe,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
      });
    }

    const nFlags = trend === 'declining' ? rng.int(1, 3) : rng.int(0, 2);
    for (let f = 0; f < nFlags; f++) {
      const category: RiskCategory =
        integrations.some((x) => (UNSUPPORTED_INTEGRATIONS as readonly string[]).includes(x)) && f === 0
          ? 'integration-gap'
          : rng.pick([
              'free-services',
              'timeline',
              'overpromise',
              'commercial-mismatch',
              'icp-drift',
              'stakeholder',
              'capacity',
              'competitor',
              'other',
            ] as const);
      const resolved = rng.chance(0.35);
      const stamp = isoAt(now, -Math.min(closedDaysAgo, rng.int(1, 60)), 13);
      bundle.flags.push({
        id: `flg_demo_${pad(i)}_${f}`,
        accountId: id,
        category,
        severity: rng.weighted<Severity>([
          ['low', 2],
          ['medium', 4],
          ['high', 3],
          ['critical', 1],
        ]),
        ...(rng.chance(0.8) ? { quote: rng.pick(FLAG_QUOTES[category]) } : {}),
        createdBy: csm,
        resolved,
        ...(resolved ? { resolvedBy: csm, resolvedAt: stamp, resolutionNote: 'Agreed a plan with the customer.' } : {}),
        version: resolved ? 2 : 1,
        createdAt: stamp,
        updatedAt: stamp,
      });
    }

    bundle.handoff.push(handoffFor(rng, account, closedDaysAgo, now, ownerAe));

    const outsideIcp =
      !['Software', 'Fintech', 'Logistics', 'Professional Services'].includes(industry) ||
      employeeCount < 100 ||
      ['APAC', 'LATAM'].includes(region) ||
      integrations.some((x) => (UNSUPPORTED_INTEGRATIONS as readonly string[]).includes(x));
    if (outsideIcp && rng.chance(0.3)) {
      const status = rng.pick(['requested', 'approved', 'rejected'] as const);
      const at = isoAt(now, -closedDaysAgo - 3, 9);
      const decidedAt = isoAt(now, -closedDaysAgo - 1, 9);
      bundle.approvals.push({
        accountId: id,
        status,
        requestedBy: ownerAe,
        requestedAt: at,
        reason: 'Strategic logo in the region; the team wants the reference.',
        tradeOffs: 'Outside the ICP on at least one hard rule; onboarding will need extra help.',
        ...(status !== 'requested'
          ? {
              decidedBy: 'Alex Morgan, VP Customer Success',
              decidedAt,
              decisionNote: status === 'approved' ? 'Approved with a named partner for the gaps.' : 'Declined: no way to support it.',
            }
          : {}),
        version: status === 'requested' ? 1 : 2,
        createdAt: at,
        updatedAt: status === 'requested' ? at : decidedAt,
      });
    }
  }

  // A few captures from pages that were not a record: they wait in the inbox.
  if (options.accounts > 0) {
    const stamp = isoAt(now, -1, 17);
    bundle.commitments.push({
      id: 'cmt_demo_unassigned_0',
      accountId: null,
      text: 'Quarterly business review with their board',
      kind: 'other',
      status: 'open',
      roadmapStatus: 'unknown',
      sourceQuote: 'We would like you to present at our Q3 board meeting.',
      sourceUrl: 'https://mail.example.com/thread/8812',
      sourceTitle: 'Re: next steps',
      createdBy: AES[0]!,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
    });
    bundle.flags.push({
      id: 'flg_demo_unassigned_0',
      accountId: null,
      category: 'competitor',
      severity: 'medium',
      quote: 'They are also talking to the incumbent about a discount.',
      url: 'https://www.linkedin.com/feed/',
      createdBy: CSMS[0]!,
      resolved: false,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
    });
  }

  // Its own stream, so the plans leave every other demo number as it was.
  bundle.milestones = demoPlans(bundle.accounts, now, createRng((seed ^ 0x2545f491) >>> 0));

  // Parsing proves every generated row is valid and fills defaults exactly as
  // an import would, so an export of the seeded store equals this bundle.
  return { bundle: ExportBundleSchema.parse(bundle), arrChanges: ArrChangeSchema.array().parse(arrChanges) };
}

// The milestone that keeps an account in its stage: everything due before it
// is done, it is not, so the panel shows what is needed to move on.
const STAGE_BLOCKER: Partial<Record<LifecycleStage, string>> = {
  activation: 'first-value',
  'value-realisation': 'success-review-90',
  'renewal-readiness': 'renewal-readiness-review',
};
// Accounts closed this recently have no plan yet: the panel offers to make one.
const PLAN_AFTER_DAYS = 14;

function demoPlans(accounts: readonly Account[], now: Date, rng: Rng): Milestone[] {
  const today = isoDay(now, 0);
  const out: Milestone[] = [];
  for (const account of accounts) {
    if (account.lifecycleStage === 'churned' || !account.closedWonDate || account.closedWonDate > isoDay(now, -PLAN_AFTER_DAYS)) continue;
    const result = generatePlan(account, DEFAULT_PLAN_TEMPLATES[account.segment], DEFAULT_SERVICE_LEVELS, now);
    if (!result.ok) continue;
    const blocker = STAGE_BLOCKER[account.lifecycleStage];
    const blocked = (m: Milestone) => account.lifecycleStage === 'onboarding' || m.id === blocker;
    let nextMarked = false;
    for (const m of result.plan.milestones) {
      let status = m.status;
      let achievedOn = m.achievedOn;
      if (status !== 'done' && m.dueDate !== undefined && m.dueDate < today && !blocked(m)) {
        status = 'done';
        achievedOn = m.dueDate;
      } else if (status !== 'done' && !nextMarked) {
        nextMarked = true;
        status = rng.chance(0.3) ? 'at-risk' : 'in-progress';
      }
      out.push({
        ...m,
        status,
        ...(achievedOn !== undefined ? { achievedOn } : {}),
        ...(status === 'done' && rng.chance(0.4) ? { evidence: 'Confirmed with the customer on the review call.' } : {}),
        ...(m.id === 'first-value' ? { successCriteria: 'The first team works in the product every week, without help from us.' } : {}),
      });
    }
  }
  return out;
}
