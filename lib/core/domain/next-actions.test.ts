import { describe, expect, it } from 'vitest';
import { AccountSchema, type AccountInput } from './account';
import type { Commitment } from './commitment';
import { DEFAULT_SETTINGS } from './defaults';
import type { HealthSnapshot } from './health-snapshot';
import type { IcpApproval } from './icp';
import { accountStatusLine, nextActions, NextActionsSchema, type NextActionsInput, type NextActionsSettings } from './next-actions';

// Tuesday 12 May 2026. Closed Monday 4 May: the kickoff (5 business days) is due Monday 11 May.
const NOW = new Date(2026, 4, 12, 12);
const T = '2026-05-01T09:00:00Z';

const settings: NextActionsSettings = {
  ...DEFAULT_SETTINGS,
  handoffTemplate: {
    id: 'tpl',
    name: 'Small',
    sections: [
      {
        id: 's',
        title: 'Section',
        items: [
          { id: 'a', label: 'Why buy now', required: true },
          { id: 'b', label: 'Stakeholders', required: true },
          { id: 'c', label: 'Nice to know', required: false },
        ],
      },
    ],
  },
};

const account = (over: Partial<AccountInput> = {}) =>
  AccountSchema.parse({
    version: 1,
    createdAt: T,
    updatedAt: T,
    id: 'acc-1',
    name: 'Acme',
    segment: 'mid-market',
    industry: 'Software',
    employeeCount: 800,
    region: 'EMEA',
    arr: 60000,
    integrations: ['Salesforce'],
    lifecycleStage: 'onboarding',
    closedWonDate: '2026-05-04',
    kickoffDate: '2026-05-06',
    ...over,
  });

let seq = 0;
const commitment = (over: Partial<Commitment> = {}): Commitment => ({
  version: 1,
  createdAt: T,
  updatedAt: T,
  id: `c${++seq}`,
  accountId: 'acc-1',
  text: 'Something',
  kind: 'feature',
  status: 'open',
  roadmapStatus: 'on-roadmap',
  createdBy: 'Dana',
  ...over,
});

const approval = (status: IcpApproval['status']): IcpApproval => ({
  version: 1,
  createdAt: T,
  updatedAt: T,
  accountId: 'acc-1',
  status,
  requestedBy: 'Dana',
  requestedAt: T,
  reason: 'Logo',
  tradeOffs: 'Support hours',
});

const done = { done: true, at: T, version: 1 };
const allAnswered = { a: done, b: done };
const atRisk: HealthSnapshot = { id: 's1', accountId: 'acc-1', date: '2026-05-01', adoptionPct: 5, sponsorEngagement: 'none' };
const healthy: HealthSnapshot = { id: 's1', accountId: 'acc-1', date: '2026-05-01', adoptionPct: 95, sponsorEngagement: 'high' };

// A calm account: kickoff held on time, fits the ICP, nothing overdue, checklist done, healthy.
const input = (over: Partial<NextActionsInput> = {}): NextActionsInput => ({
  account: account(),
  commitments: [],
  approval: null,
  handoff: { answers: allAnswered },
  snapshots: [healthy],
  ...over,
});

// The Northwind story: every signal at once.
const everything = (): NextActionsInput =>
  input({
    account: account({ kickoffDate: undefined, region: 'APAC' }),
    approval: approval('requested'),
    commitments: [
      commitment({ id: 'overdue', text: 'Free migration', kind: 'professional-services', roadmapStatus: 'unknown', dueDate: '2026-05-10' }),
      commitment({ id: 'sap', text: 'SAP connector by Q2', kind: 'integration', roadmapStatus: 'not-on-roadmap', dueDate: '2026-06-30' }),
    ],
    handoff: { answers: {} },
    snapshots: [atRisk],
  });

const kinds = (i: NextActionsInput, limit?: number) => nextActions(i, settings, NOW, limit).actions.map((a) => a.kind);

describe('nextActions', () => {
  it('has nothing to say about a calm account', () => {
    expect(nextActions(input(), settings, NOW)).toEqual({ actions: [], total: 0 });
    expect(accountStatusLine(input(), settings, NOW)).toEqual([]);
  });

  it('ranks in the playbook order and keeps the top three', () => {
    const result = nextActions(everything(), settings, NOW);
    expect(NextActionsSchema.parse(result)).toEqual(result);
    expect(result.actions.map((a) => a.kind)).toEqual(['kickoff', 'icp-approval', 'roadmap-gap']);
    expect(result.total).toBe(6);
    expect(result.actions[0]!.title).toBe('Kickoff 1 business day late');
    expect(result.actions[1]!.title).toBe('ICP exception not approved: approval pending');
    expect(result.actions[2]).toMatchObject({ target: 'commitments', commitmentId: 'sap', title: 'Promise not on the roadmap: SAP connector by Q2' });
  });

  it('lists the whole ranking when the limit allows', () => {
    expect(kinds(everything(), 10)).toEqual(['kickoff', 'icp-approval', 'roadmap-gap', 'overdue-commitment', 'checklist-missing', 'health-at-risk']);
  });

  it.each([
    [0, []],
    [1, ['kickoff']],
    [2, ['kickoff', 'icp-approval']],
  ])('a limit of %i gives %j', (limit, expected) => {
    const r = nextActions(everything(), settings, NOW, limit);
    expect(r.actions.map((a) => a.kind)).toEqual(expected);
    expect(r.total).toBe(6);
  });

  it.each<[string, Partial<AccountInput>, NextActionsInput['approval'], string[]]>([
    ['kickoff held late is history, not an action', { kickoffDate: '2026-05-12' }, null, []],
    ['kickoff due today is about to lapse', { closedWonDate: '2026-05-05', kickoffDate: undefined }, null, ['kickoff']],
    ['kickoff due tomorrow is about to lapse', { closedWonDate: '2026-05-06', kickoffDate: undefined }, null, ['kickoff']],
    ['kickoff two business days out is ordinary planning', { closedWonDate: '2026-05-07', kickoffDate: undefined }, null, []],
    ['outside the ICP before signature waits for the deal', { region: 'APAC', closedWonDate: '2026-06-01', kickoffDate: undefined }, null, []],
    ['outside the ICP, signed, nothing requested', { region: 'APAC' }, null, ['icp-approval']],
    ['outside the ICP, signed, exception rejected', { region: 'APAC' }, approval('rejected'), ['icp-approval']],
    ['outside the ICP, signed, exception approved', { region: 'APAC' }, approval('approved'), []],
  ])('%s', (_name, over, appr, expected) => {
    expect(kinds(input({ account: account(over), approval: appr }))).toEqual(expected);
  });

  it('titles an about-to-lapse kickoff by the days left', () => {
    expect(nextActions(input({ account: account({ closedWonDate: '2026-05-05', kickoffDate: undefined }) }), settings, NOW).actions[0]!.title).toBe(
      'Kickoff due today',
    );
    expect(nextActions(input({ account: account({ closedWonDate: '2026-05-06', kickoffDate: undefined }) }), settings, NOW).actions[0]!.title).toBe(
      'Kickoff due in 1 business day',
    );
  });

  it('breaks ties inside a kind by the sooner due date, then the order given', () => {
    const commitments = [
      commitment({ id: 'late', roadmapStatus: 'not-on-roadmap', dueDate: '2026-09-01' }),
      commitment({ id: 'undated', roadmapStatus: 'not-on-roadmap' }),
      commitment({ id: 'soon-1', roadmapStatus: 'not-on-roadmap', dueDate: '2026-06-01' }),
      commitment({ id: 'soon-2', roadmapStatus: 'not-on-roadmap', dueDate: '2026-06-01' }),
    ];
    const r = nextActions(input({ commitments }), settings, NOW, 10);
    expect(r.actions.map((a) => a.commitmentId)).toEqual(['soon-1', 'soon-2', 'late', 'undated']);
  });

  it('puts the most overdue promise first and never lists a commitment twice', () => {
    const commitments = [
      commitment({ id: 'a-little', dueDate: '2026-05-11' }),
      commitment({ id: 'a-lot', dueDate: '2026-04-01' }),
      commitment({ id: 'both', dueDate: '2026-05-01', roadmapStatus: 'not-on-roadmap' }),
      commitment({ id: 'settled', dueDate: '2026-04-01', status: 'broken' }),
    ];
    const r = nextActions(input({ commitments }), settings, NOW, 10);
    expect(r.actions.map((a) => [a.kind, a.commitmentId])).toEqual([
      ['roadmap-gap', 'both'],
      ['overdue-commitment', 'a-lot'],
      ['overdue-commitment', 'a-little'],
    ]);
    expect(r.actions[1]!.detail).toBe('Due 2026-04-01, 41 days ago.');
  });

  it('does not treat a settled promise off the roadmap as an action', () => {
    expect(kinds(input({ commitments: [commitment({ roadmapStatus: 'not-on-roadmap', status: 'pushed-back' })] }))).toEqual([]);
  });

  it('counts required checklist items missing in one row, and health only when at risk', () => {
    const r = nextActions(input({ handoff: { answers: { a: done } }, snapshots: [atRisk] }), settings, NOW);
    expect(r.actions.map((a) => a.title)).toEqual(['1 required handoff item missing', expect.stringMatching(/^Health at risk \(\d+\/100\)$/)]);
    expect(r.actions[0]!.detail).toBe('Stakeholders');
    expect(kinds(input({ snapshots: [] }))).toEqual([]);
  });
});

describe('accountStatusLine', () => {
  it('says what needs attention in one line', () => {
    const parts = accountStatusLine(everything(), settings, NOW);
    expect(parts.slice(0, 4)).toEqual(['Outside ICP, approval pending', '2 required missing', 'kickoff 1 d late', '1 overdue']);
    expect(parts[4]).toMatch(/^health \d+$/);
  });

  it('names a pending kickoff and an outside account with no request', () => {
    expect(
      accountStatusLine(input({ account: account({ region: 'APAC', closedWonDate: '2026-05-08', kickoffDate: undefined }) }), settings, NOW),
    ).toEqual(['Outside ICP, no approval requested', 'kickoff in 3 d']);
  });

  it('calls an approved exception what it is', () => {
    expect(accountStatusLine(input({ account: account({ region: 'APAC' }), approval: approval('approved') }), settings, NOW)).toEqual([
      'Outside ICP, exception approved',
    ]);
  });
});
