import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import { DEFAULT_HANDOFF_TEMPLATE, DEFAULT_SETTINGS } from '../defaults';
import { kickoffSla } from '../kickoff';
import type { HealthSnapshot } from '../health-snapshot';
import type { RiskFlag } from '../risk-flag';
import { agendaToMarkdown, closesInWindow, escapeMarkdownText, handoffWindow, reviewAgenda, ReviewAgendaSchema } from './review-agenda';

const NOW = new Date(2024, 4, 15, 12); // Wed 15 May 2024
const T = '2024-01-01T09:00:00Z';
const account = (id: string, over: Partial<AccountInput>): Account =>
  storedAccount(id, { arr: 1000, lifecycleStage: 'value-realisation', ownerAe: 'Ann', csm: 'Cy', closedWonDate: '2023-01-01', ...over });
const snap = (accountId: string, date: string, inputs: Partial<HealthSnapshot>): HealthSnapshot => ({
  id: `s-${accountId}-${date}`,
  accountId,
  date,
  ...inputs,
});
const flag = (
  id: string,
  accountId: string | null,
  category: RiskFlag['category'],
  createdAt = '2024-05-10T10:00:00Z',
  resolved = false,
): RiskFlag => ({
  version: 1,
  createdAt,
  updatedAt: createdAt,
  id,
  accountId,
  category,
  severity: 'high',
  createdBy: 'Cy',
  resolved,
});

const accounts = [
  account('falling', { name: 'Falling Co' }),
  account('low', { name: 'Low Ltd', csm: undefined }),
  account('orphan', { name: 'Orphan', csm: undefined, ownerAe: undefined }),
  account('growing', { name: 'Growing', expectedExpansionArr: 500, expansionArr: 100 }),
  account('steady', { name: 'Steady' }),
  account('wobble', { name: 'Wobble' }),
  account('gone', { name: 'Gone', lifecycleStage: 'churned' }),
  account('new-deal', { name: 'New Deal', closedWonDate: '2024-05-08', kickoffDate: '2024-05-10', lifecycleStage: 'onboarding' }),
  account('next-week', { name: 'Next Week', closedWonDate: '2024-05-22', lifecycleStage: 'onboarding' }),
  account('old-deal', { name: 'Old Deal', closedWonDate: '2024-04-01', lifecycleStage: 'onboarding' }),
  account('smb', { name: 'Small', segment: 'smb' }),
];
const snapshots = [
  snap('falling', '2024-04-01', { adoptionPct: 90, sponsorEngagement: 'high' }),
  snap('falling', '2024-05-01', { adoptionPct: 60, sponsorEngagement: 'high' }),
  snap('low', '2024-05-01', { adoptionPct: 20 }),
  snap('orphan', '2024-05-01', { adoptionPct: 10 }),
  snap('growing', '2024-04-01', { adoptionPct: 70, activeUserTrendPct: 5 }),
  snap('growing', '2024-05-01', { adoptionPct: 85, activeUserTrendPct: 12 }),
  snap('steady', '2024-04-01', { adoptionPct: 75 }),
  snap('steady', '2024-05-01', { adoptionPct: 75 }),
  snap('wobble', '2024-04-01', { adoptionPct: 80 }),
  snap('wobble', '2024-05-01', { adoptionPct: 77 }),
  snap('gone', '2024-05-01', { adoptionPct: 5 }),
  snap('smb', '2024-05-01', { adoptionPct: 5 }),
];
const flags = [
  flag('f1', 'falling', 'integration-gap'),
  flag('f2', 'low', 'integration-gap', '2024-05-02T10:00:00Z', true),
  flag('f3', 'low', 'integration-gap'),
  flag('f4', 'steady', 'timeline'),
  flag('f5', 'falling', 'timeline', '2024-03-01T10:00:00Z'),
  flag('f6', null, 'competitor'),
];
const handoff = [
  {
    accountId: 'new-deal',
    answers: Object.fromEntries(
      DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items).map((i) => [i.id, { done: i.id !== 'stakeholders', at: T, version: 1 }]),
    ),
  },
];
const input = { accounts, snapshots, flags, handoff, template: DEFAULT_HANDOFF_TEMPLATE };

describe('reviewAgenda', () => {
  const agenda = reviewAgenda(input, NOW);

  it('lists at-risk accounts worst first, with what moved and who reaches out', () => {
    expect(ReviewAgendaSchema.parse(agenda)).toEqual(agenda);
    expect(agenda.atRisk.map((a) => [a.accountId, a.score, a.previousScore, a.band, a.nextOutreach])).toEqual([
      ['smb', 5, null, 'at-risk', { name: 'Cy', role: 'csm' }],
      ['orphan', 10, null, 'at-risk', null],
      ['low', 20, null, 'at-risk', { name: 'Ann', role: 'ae' }],
      // Still healthy, but it fell since the previous reading.
      ['falling', 75, 94, 'healthy', { name: 'Cy', role: 'csm' }],
    ]);
    const falling = agenda.atRisk.find((a) => a.accountId === 'falling')!;
    expect(falling.movedMost).toEqual({ component: 'adoption', delta: -18.7 });
    expect(agenda.atRisk.find((a) => a.accountId === 'low')!.weakest).toEqual({ component: 'adoption', score: 20 });
    expect(agenda.atRisk.some((a) => a.accountId === 'gone')).toBe(false);
    // A fall of 3 points is noise, not an agenda item.
    expect(agenda.atRisk.some((a) => a.accountId === 'wobble')).toBe(false);
  });

  it('lists expansion signals with the expansion not yet booked', () => {
    expect(agenda.expansionSignals).toEqual([
      {
        accountId: 'growing',
        name: 'Growing',
        signals: ['adoption-growth', 'active-user-growth', 'healthy-rising'],
        score: 85,
        unbookedExpansion: { currency: 'USD', amount: 400 },
        ownerAe: 'Ann',
        csm: 'Cy',
      },
    ]);
  });

  it('reads growth from the last readings up to today, whatever order they are stored in', () => {
    const mk = (id: string, date: string, inputs: Partial<HealthSnapshot>, n = 0): HealthSnapshot => ({
      ...snap(id, date, inputs),
      id: `s-${id}-${date}-${n}`,
    });
    const list = [account('shuffled', { name: 'Shuffled' }), account('same-day', { name: 'Same Day' }), account('future', { name: 'Future' })];
    const readings = [
      // Stored newest first; adoption rose between the last two readings that carry it.
      mk('shuffled', '2024-05-10', { adoptionPct: 82, sponsorEngagement: 'high' }),
      mk('shuffled', '2024-05-01', { sponsorEngagement: 'high', activeUserTrendPct: 4 }),
      mk('shuffled', '2024-04-01', { adoptionPct: 80, sponsorEngagement: 'high' }),
      mk('shuffled', '2024-03-01', { adoptionPct: 95, sponsorEngagement: 'high' }),
      // Two readings on one date: the one given last is the later one.
      mk('same-day', '2024-04-01', { adoptionPct: 80, sponsorEngagement: 'high', activeUserTrendPct: 0.5 }),
      mk('same-day', '2024-05-01', { adoptionPct: 90, sponsorEngagement: 'high', activeUserTrendPct: -3 }, 1),
      mk('same-day', '2024-05-01', { adoptionPct: 80, sponsorEngagement: 'high', activeUserTrendPct: 0.5 }, 2),
      // A reading after today does not count yet.
      mk('future', '2024-05-01', { adoptionPct: 80, sponsorEngagement: 'high' }),
      mk('future', '2024-05-20', { adoptionPct: 99, sponsorEngagement: 'high', activeUserTrendPct: 9 }),
    ];
    const signals = (r: ReturnType<typeof reviewAgenda>) => Object.fromEntries(r.expansionSignals.map((e) => [e.accountId, e.signals]));
    const forward = reviewAgenda({ accounts: list, snapshots: readings, flags: [], handoff: [], template: DEFAULT_HANDOFF_TEMPLATE }, NOW);
    expect(signals(forward)).toEqual({ shuffled: ['adoption-growth', 'healthy-rising'], 'same-day': ['active-user-growth'] });
    expect(forward.atRisk).toEqual([]);
  });

  it('lists handoffs closed in the last 14 days or closing in the next 14, most recent first', () => {
    expect(agenda.handoffs.map((h) => [h.accountId, h.upcoming, h.kickoff.status])).toEqual([
      ['next-week', true, 'pending'],
      ['new-deal', false, 'met'],
    ]);
    const deal = agenda.handoffs[1]!;
    expect(deal.requiredMissing).toEqual(['Stakeholders: economic buyer, technical contacts, champion, blockers']);
    expect(deal.completenessPercent).toBe(95);
  });

  it("gives each handoff its own account's kickoff-SLA reading, of accounts sharing close dates and segments", () => {
    const serviceLevels = DEFAULT_SETTINGS.serviceLevels;
    const segments = ['smb', 'mid-market', 'enterprise'] as const;
    const accounts = Array.from({ length: 60 }, (_, i) =>
      account(`h${i}`, {
        segment: segments[i % 3],
        closedWonDate: `2024-05-${String(2 + (i % 5) * 6).padStart(2, '0')}`,
        ...(i % 4 === 0 ? {} : { kickoffDate: `2024-05-${String(3 + (i % 7) * 2).padStart(2, '0')}` }),
      }),
    );
    const agenda = reviewAgenda({ accounts, snapshots: [], flags: [], handoff: [], template: DEFAULT_HANDOFF_TEMPLATE, serviceLevels }, NOW);
    expect(agenda.handoffs).toHaveLength(accounts.length);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const statuses = new Set<string>();
    for (const h of agenda.handoffs) {
      expect(h.kickoff, h.accountId).toEqual(kickoffSla(byId.get(h.accountId)!, NOW, serviceLevels));
      statuses.add(h.kickoff.status);
    }
    expect([...statuses].sort()).toEqual(['met', 'overdue', 'pending']);
    // Each line's reading is its own record.
    expect(new Set(agenda.handoffs.map((h) => h.kickoff)).size).toBe(agenda.handoffs.length);
  });

  it('lists risk-flag categories that recur across accounts in the period', () => {
    // timeline recurs only when the March flag is in the period.
    expect(agenda.processIssues).toEqual([
      { category: 'integration-gap', accounts: 2, accountIds: ['falling', 'low'], flags: 3, open: 2, flagIds: ['f1', 'f2', 'f3'] },
    ]);
    expect(agenda.notCounted.map((x) => [x.id, x.recordType])).toEqual([['f6', 'flag']]);
    // A chosen period reaches back further.
    const longer = reviewAgenda(input, NOW, { from: '2024-01-01', to: '2024-05-15' });
    expect(longer.processIssues.map((p) => p.category)).toEqual(['integration-gap', 'timeline']);
  });

  it('lists a flag of no known account as not counted, as the ledger does a commitment, and leaves it out of the patterns', () => {
    const stray = { ...input, flags: [...flags, flag('f7', 'nowhere', 'integration-gap')] };
    const withStray = reviewAgenda(stray, NOW);
    expect(withStray.processIssues).toEqual(agenda.processIssues);
    expect(withStray.notCounted.map((x) => [x.id, x.accountId, x.because])).toEqual([
      ['f6', null, 'it is not assigned to an account yet, so it cannot show a pattern across accounts'],
      ['f7', 'nowhere', 'it belongs to no known account, so it cannot show a pattern across accounts'],
    ]);
    // A filter of accounts selects neither.
    expect(reviewAgenda(stray, NOW, { from: '2024-05-01', to: '2024-05-15', segment: 'smb' }).notCounted).toEqual([]);
  });

  it('applies the account filters to every section', () => {
    const smb = reviewAgenda(input, NOW, { from: '2024-05-01', to: '2024-05-15', segment: 'smb' });
    expect(smb.atRisk.map((a) => a.accountId)).toEqual(['smb']);
    expect([smb.expansionSignals, smb.handoffs, smb.processIssues, smb.notCounted]).toEqual([[], [], [], []]);
  });

  it('lists at-risk accounts and expansion signals as of today, whatever the period (the dashboard keeps them when only the period changes)', () => {
    for (const segment of [undefined, 'smb' as const]) {
      const periods = [
        { from: '2024-05-01', to: '2024-05-15' },
        { from: '2023-01-01', to: '2024-02-01' },
        { from: '2024-05-15', to: '2024-05-15' },
      ];
      const [first, ...others] = periods.map((p) => reviewAgenda(input, NOW, { ...p, segment }));
      expect(first!.atRisk.length + first!.expansionSignals.length).toBeGreaterThan(0);
      for (const other of others) expect([other.atRisk, other.expansionSignals]).toEqual([first!.atRisk, first!.expansionSignals]);
    }
  });
});

describe('handoffWindow', () => {
  it.each([
    ['2025-06-02', true],
    ['2025-06-01', false],
    ['2025-06-16', true],
    ['2025-06-30', true],
    ['2025-07-01', false],
    [undefined, false],
  ])('holds a close on %s: %s (14 days either side of the day, whatever the hour)', (closedWonDate, inside) => {
    for (const hour of ['00:00:00Z', '23:59:59Z']) {
      expect(closesInWindow({ closedWonDate }, handoffWindow(new Date(`2025-06-16T${hour}`)))).toBe(inside);
    }
  });
});

describe('agendaToMarkdown', () => {
  it('writes the sections in the meeting order, at-risk accounts in order', () => {
    const md = agendaToMarkdown(reviewAgenda(input, NOW));
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual(['## 1. At-risk accounts (4)', '## 2. Expansion signals (1)', '## 3. Handoffs (2)', '## 4. Process issues (1)']);
    const atRiskLines = md.split('\n').filter((l) => /^\d+\. \*\*/.test(l));
    expect(atRiskLines.map((l) => l.match(/\*\*(.+?)\*\*/)![1])).toEqual(['Small', 'Orphan', 'Low Ltd', 'Falling Co']);
    expect(md).toContain('1. **Small**: health 5, at risk; USD 1,000; weakest: Adoption (5); next outreach: Cy (CSM)');
    expect(md).toContain('4. **Falling Co**: health 75 (was 94), healthy; USD 1,000; moved most: Adoption −18.7 points; next outreach: Cy (CSM)');
    expect(md).toContain(
      '- **New Deal**: closed 2024-05-08; checklist 95%; required missing: Stakeholders: economic buyer, technical contacts, champion, blockers; kickoff held on time (due 2024-05-15)',
    );
    expect(md).toContain('- **Next Week**: closing 2024-05-22; checklist 0%; 16 required items missing, first: Why did the client buy now?; ');
    expect(md).toContain('kickoff due (due 2024-05-29)');
    expect(md).toContain('- **Integration gap**: 2 accounts, 3 flags (2 open)');
  });

  it('says None for an empty section', () => {
    const md = agendaToMarkdown(reviewAgenda({ ...input, accounts: [], flags: [] }, NOW));
    expect(md.match(/^None\.$/gm)).toHaveLength(4);
  });

  it('keeps hostile names inert without over-escaping', () => {
    const hostile = account('evil', { name: 'Evil *Corp* [click](https://x.example) <img src=x onerror=alert(1)>\n# heading' });
    const md = agendaToMarkdown(reviewAgenda({ ...input, accounts: [hostile], snapshots: [snap('evil', '2024-05-01', { adoptionPct: 1 })] }, NOW));
    expect(md).toContain('**Evil \\*Corp\\* \\[click\\](https://x.example) \\<img src=x onerror=alert(1)\\> # heading**');
    expect(md).not.toMatch(/\n# heading/);
    expect(escapeMarkdownText('Renewal 2024-05-15 (Q2) - A.B. & Co, 50% #1!')).toBe('Renewal 2024-05-15 (Q2) - A.B. & Co, 50% #1!');
    expect(escapeMarkdownText('snake_case `code` ~x~ a|b &amp;')).toBe('snake\\_case \\`code\\` \\~x\\~ a\\|b \\&amp;');
  });
});
