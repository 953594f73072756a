import { describe, expect, it } from 'vitest';
import { FIXTURE_RECORDS } from './fixture-records';
import { DEFAULT_HANDOFF_TEMPLATE } from '../core/domain/defaults';
import { kickoffSla } from '../core/domain/kickoff';
import { freshStore } from '../../test/factories';
import { generateDemoPortfolio } from './generate';
import { mulberry32 } from './prng';

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
