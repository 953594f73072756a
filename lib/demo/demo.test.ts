import { describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from './fixture-records';
import { DEFAULT_HANDOFF_TEMPLATE } from '../core/domain/defaults';
import { kickoffSla } from '../core/domain/kickoff';
import { freshStore } from '../../test/factories';
import { subMonths } from 'date-fns';
import { buildArrTimelines, computeDashboard, lastDays, type ArrChange } from '../core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { DEMO_HISTORY_MONTHS, generateDemoArrHistory, generateDemoData, generateDemoPortfolio } from './generate';
import { mulberry32 } from './prng';
import { stageProgress } from '../core/domain/lifecycle';
import { DEFAULT_DEMO_ACCOUNTS, DEFAULT_DEMO_SEED } from './seed';

const now = new Date('2025-06-16T12:00:00Z');
const today = now.toISOString().slice(0, 10);
const daysFromNow = (iso: string) => Math.round((Date.parse(iso) - Date.parse(today)) / 86_400_000);

describe('mulberry32', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });
});

describe('generateDemoPortfolio', () => {
  const bundle = generateDemoPortfolio({ seed: 7, accounts: 120, now });

  it('is reproducible from its seed and clock', () => {
    expect(generateDemoPortfolio({ seed: 7, accounts: 120, now })).toEqual(bundle);
    expect(JSON.stringify(generateDemoPortfolio({ seed: 8, accounts: 120, now }))).not.toEqual(JSON.stringify(bundle));
    expect(bundle.accounts).toHaveLength(120);
    expect(new Set(bundle.accounts.map((a) => a.name.toLowerCase())).size).toBe(120);
  });

  it('links every CRM fixture record to the account of the same company', async () => {
    const store = freshStore();
    await store.importAll(bundle, 'replace');
    for (const r of FIXTURE_RECORDS) {
      const res = await store.resolveRecord({ ...r, name: undefined, websiteDomain: undefined });
      expect(res.status, r.url).toBe('linked');
      if (res.status !== 'linked') continue;
      expect(res.matchedBy).toBe('record');
      const account = bundle.accounts.find((a) => a.id === res.accountId)!;
      expect(account.websiteDomain).toBe(r.websiteDomain);
    }
  });

  it('tells the risky Northwind story on the first account', () => {
    const nw = bundle.accounts[0]!;
    expect(nw.name).toBe('Northwind Logistics');
    expect(kickoffSla(nw, now).status).toBe('overdue');
    const commitments = bundle.commitments.filter((c) => c.accountId === nw.id);
    expect(commitments.some((c) => c.kind === 'integration' && c.roadmapStatus === 'not-on-roadmap' && /SAP/.test(c.text))).toBe(true);
    expect(commitments.some((c) => c.kind === 'professional-services' && /free/i.test(c.text))).toBe(true);
    const flags = bundle.flags.filter((f) => f.accountId === nw.id);
    expect(flags.some((f) => !f.resolved && f.severity === 'critical')).toBe(true);
    expect(bundle.approvals.find((a) => a.accountId === nw.id)?.status).toBe('requested');
  });

  it('covers the spread a real book has', () => {
    const { accounts, snapshots, commitments, flags, handoff } = bundle;
    expect(new Set(accounts.map((a) => a.segment))).toEqual(new Set(['enterprise', 'mid-market', 'smb']));
    expect(new Set(accounts.map((a) => a.lifecycleStage)).size).toBeGreaterThanOrEqual(5);
    expect(accounts.some((a) => ['Retail', 'Hospitality'].includes(a.industry ?? ''))).toBe(true);
    expect(accounts.some((a) => (a.employeeCount ?? 1000) < 40)).toBe(true);
    expect(accounts.some((a) => a.integrations.includes('SAP S/4HANA'))).toBe(true);
    expect(accounts.some((a) => ['APAC', 'LATAM'].includes(a.region ?? ''))).toBe(true);

    // Health histories of 8–12 points, none in the future, trending both ways.
    const byAccount = new Map<string, typeof snapshots>();
    for (const s of snapshots) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
    let up = 0;
    let down = 0;
    for (const a of accounts) {
      const list = byAccount.get(a.id) ?? [];
      expect(list.length).toBeGreaterThanOrEqual(8);
      expect(list.length).toBeLessThanOrEqual(12);
      for (const s of list) expect(daysFromNow(s.date)).toBeLessThanOrEqual(0);
      const adoption = list.map((s) => s.adoptionPct).filter((v): v is number => v !== undefined);
      if (adoption.length > 2 && adoption.at(-1)! - adoption[0]! > 20) up++;
      if (adoption.length > 2 && adoption[0]! - adoption.at(-1)! > 20) down++;
    }
    expect(up).toBeGreaterThan(5);
    expect(down).toBeGreaterThan(5);

    const due = commitments.filter((c) => c.dueDate && c.status !== 'delivered').map((c) => daysFromNow(c.dueDate!));
    expect(due.some((d) => d < 0)).toBe(true);
    expect(due.some((d) => d >= 0 && d <= 14)).toBe(true);
    expect(commitments.some((c) => c.accountId === null)).toBe(true);
    expect(flags.some((f) => f.resolved) && flags.some((f) => !f.resolved)).toBe(true);

    const itemIds = new Set(DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items.map((i) => i.id)));
    const answered = handoff.flatMap((h) => Object.keys(h.answers));
    expect(answered.every((id) => itemIds.has(id))).toBe(true);
    expect(handoff.some((h) => Object.keys(h.answers).length < itemIds.size)).toBe(true);

    const recent = accounts.filter((a) => a.closedWonDate && daysFromNow(a.closedWonDate) >= -90);
    const sla = new Set(recent.map((a) => kickoffSla(a, now).status));
    expect(sla.has('met') && sla.has('overdue')).toBe(true);
    const renewals = accounts.filter((a) => a.lifecycleStage !== 'churned').map((a) => daysFromNow(a.renewalDate!));
    expect(renewals.some((d) => d >= 0 && d <= 90) && renewals.some((d) => d > 270)).toBe(true);
  });
});

describe('the demo ARR history', () => {
  const { bundle, arrChanges } = generateDemoData({ seed: 7, accounts: 120, now });
  const byAccount = new Map<string, ArrChange[]>();
  for (const c of arrChanges) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);

  it('is reproducible, and the same with or without the portfolio', () => {
    expect(generateDemoArrHistory({ seed: 7, accounts: 120, now })).toEqual(arrChanges);
    expect(generateDemoData({ seed: 7, accounts: 120, now }).bundle).toEqual(generateDemoPortfolio({ seed: 7, accounts: 120, now }));
    expect(new Set(arrChanges.map((c) => c.id)).size).toBe(arrChanges.length);
  });

  it('adds up to each account ARR today, and to 0 for churned accounts', () => {
    for (const a of bundle.accounts) {
      const list = byAccount.get(a.id) ?? [];
      expect(list[0]?.reason, a.id).toBe('new');
      expect(list[0]?.date, a.id).toBe(a.closedWonDate);
      const sum = list.reduce((s, c) => s + c.delta!, 0);
      expect(sum, a.id).toBe(a.lifecycleStage === 'churned' ? 0 : a.arr);
      expect(list.every((c) => c.currency === a.currency)).toBe(true);
      // Levels and deltas agree, and ARR never dips to 0 before a churn.
      let level = 0;
      for (const c of list) {
        level += c.delta!;
        expect(c.arrAfter).toBe(level);
        if (c.reason !== 'churn') expect(level).toBeGreaterThan(0);
      }
      if (a.lifecycleStage === 'churned') {
        expect(list.at(-1)).toMatchObject({ reason: 'churn', arrAfter: 0, delta: -a.arr });
      } else {
        expect(list.some((c) => c.reason === 'churn')).toBe(false);
      }
      const expansion = list.filter((c) => c.reason === 'expansion').reduce((s, c) => s + c.delta!, 0);
      expect(expansion, a.id).toBe(a.expansionArr ?? 0);
    }
    const timelines = buildArrTimelines(arrChanges);
    expect([...timelines.values()].every((t) => t.adjustments.length === 0)).toBe(true);
  });

  it('lies within the 18 months before the demo clock, in date order', () => {
    const oldest = subMonths(now, DEMO_HISTORY_MONTHS).toISOString().slice(0, 10);
    for (const c of arrChanges) {
      expect(c.date >= oldest && c.date <= today, c.id).toBe(true);
    }
    for (const list of byAccount.values()) {
      expect(list.map((c) => c.date)).toEqual([...list.map((c) => c.date)].sort());
    }
  });

  it('has every kind of change', () => {
    const reasons = new Set(arrChanges.map((c) => c.reason));
    expect(reasons).toEqual(new Set(['new', 'expansion', 'contraction', 'churn', 'renewal']));
  });
});

describe('the dashboard on the demo portfolio', () => {
  // The portfolio a user loads from options: default seed and size.
  const { bundle, arrChanges } = generateDemoData({ seed: DEFAULT_DEMO_SEED, accounts: DEFAULT_DEMO_ACCOUNTS, now });
  const settings = {
    icpProfile: DEFAULT_SETTINGS.icpProfile,
    healthWeights: DEFAULT_SETTINGS.healthWeights,
    handoffTemplate: DEFAULT_SETTINGS.handoffTemplate,
    serviceLevels: DEFAULT_SETTINGS.serviceLevels,
    csmCapacity: 2,
  };
  const d = computeDashboard({ ...bundle, arrChanges }, settings, lastDays(now, 365), now);

  it('shows a non-trivial value for every number', () => {
    const a = d.alignment;
    expect(a.newClients.misalignedCount).toBeGreaterThan(0);
    expect(a.newClients.misalignedPercent).toBeLessThan(100);
    for (const m of [a.arrAtRisk, a.lostExpansion, a.wastedAcquisitionCost]) expect(m.accounts).toBeGreaterThan(0);
    expect(a.funnel.map((s) => s.count).every((c) => c > 0)).toBe(true);

    const usd = d.retention.byCurrency.find((c) => c.currency === 'USD')!;
    expect(usd.nrrPercent).not.toBe(100);
    expect(usd.grrPercent).toBeLessThan(100);
    expect(Object.values(usd.movements).every((m) => m > 0)).toBe(true);
    expect(d.retention.byCurrency.length).toBeGreaterThan(1);

    expect(d.earlyChurn.total.churned).toBeGreaterThan(0);
    expect(d.earlyChurn.total.churned).toBeLessThan(d.earlyChurn.total.judged);
    expect(d.earlyChurn.byAe.length).toBeGreaterThan(1);
    expect(d.timeToValue.total.reached).toBeGreaterThan(0);
    expect(d.kickoff.bySegment.some((s) => s.attainmentPercent !== null && s.attainmentPercent < 100)).toBe(true);

    expect(d.promises.byAe.length).toBeGreaterThan(1);
    expect(d.promises.all.byOutcome.broken + d.promises.all.byOutcome.overdue).toBeGreaterThan(0);
    expect(d.promises.roadmapGaps.count).toBeGreaterThan(0);
    expect(d.promises.brokenThenTrouble.length).toBeGreaterThan(0);

    expect(d.agenda.atRisk.length).toBeGreaterThan(0);
    expect(d.agenda.expansionSignals.length).toBeGreaterThan(0);
    expect(d.agenda.handoffs.length).toBeGreaterThan(0);
    expect(d.agenda.processIssues.length).toBeGreaterThan(0);

    expect(d.capacity.onboarding.byCsm.some((c) => c.overCapacity)).toBe(true);
    expect(d.capacity.quarterEnd.total.quarterEnd).toBeGreaterThan(0);
  });
});

describe('demo success plans', () => {
  it('gives accounts plans consistent with their stage, and leaves the newest without one to make', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const bundle = generateDemoPortfolio({ seed: 7, accounts: 120, now });
    const plans = new Map<string, NonNullable<typeof bundle.milestones>>();
    for (const m of bundle.milestones ?? []) plans.set(m.accountId, [...(plans.get(m.accountId) ?? []), m]);
    expect(plans.size).toBeGreaterThan(40);
    const checklist = { requiredMissing: [] };
    for (const a of bundle.accounts) {
      const plan = plans.get(a.id);
      const closedAgo = a.closedWonDate ? (now.getTime() - Date.parse(a.closedWonDate)) / 86_400_000 : 0;
      if (a.lifecycleStage === 'churned' || closedAgo <= 14) {
        expect(plan, a.name).toBeUndefined();
        continue;
      }
      expect(plan, a.name).toBeDefined();
      // An account past activation has its first value; one in activation does not yet.
      const firstValue = plan!.find((m) => m.id === 'first-value')!;
      if (a.lifecycleStage === 'activation') expect(firstValue.status).not.toBe('done');
      if (a.lifecycleStage === 'value-realisation' || a.lifecycleStage === 'expansion') expect(firstValue.status).toBe('done');
      // Nobody is offered a move the stage has not earned: the milestone that holds it is still open.
      if (a.lifecycleStage === 'activation' || a.lifecycleStage === 'value-realisation') {
        expect(stageProgress(a, { milestones: plan! }, checklist, DEFAULT_SETTINGS.lifecycleRules, now).suggestedStage).toBeNull();
      }
    }
  });
});
