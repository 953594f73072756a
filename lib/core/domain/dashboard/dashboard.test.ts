import { storedAccount } from '../../../../test/accounts';
import { describe, expect, it } from 'vitest';
import type { Account, AccountInput } from '../account';
import { DEFAULT_SETTINGS } from '../defaults';
import { ArrChangeSchema } from './arr-history';
import { computeDashboard, DashboardDataSchema, dashboardOfExport, DashboardSchema, type DashboardData } from './dashboard';
import { DASHBOARD_DEFINITIONS } from './definitions';

const NOW = new Date(2024, 4, 15, 12);
const account = (id: string, over: Partial<AccountInput>): Account => storedAccount(id, { ownerAe: 'Ann', csm: 'Cy', ...over });
const settings = {
  icpProfile: DEFAULT_SETTINGS.icpProfile,
  healthWeights: DEFAULT_SETTINGS.healthWeights,
  handoffTemplate: DEFAULT_SETTINGS.handoffTemplate,
  serviceLevels: DEFAULT_SETTINGS.serviceLevels,
  csmCapacity: 1,
};
const data: DashboardData = {
  accounts: [
    account('mm', { closedWonDate: '2024-04-01', integrations: ['SAP'] }),
    account('smb', { segment: 'smb', closedWonDate: '2024-05-10', ownerAe: 'Bo' }),
    account('old', { segment: 'smb', closedWonDate: '2023-01-10', lifecycleStage: 'expansion' }),
  ],
  snapshots: [
    { id: 's1', accountId: 'mm', date: '2024-05-01', adoptionPct: 10 },
    { id: 's2', accountId: 'smb', date: '2024-05-12', adoptionPct: 5 },
  ],
  commitments: [],
  flags: [],
  handoff: [],
  approvals: [],
  arrChanges: [
    ArrChangeSchema.parse({ id: 'x1', accountId: 'old', date: '2023-01-10', currency: 'USD', reason: 'new', arrAfter: 100 }),
    ArrChangeSchema.parse({ id: 'x2', accountId: 'old', date: '2024-03-01', currency: 'USD', reason: 'expansion', delta: 50 }),
  ],
};

describe('computeDashboard', () => {
  it('produces every figure in its schema', () => {
    const d = computeDashboard(DashboardDataSchema.parse(data), settings, { from: '2023-05-16', to: '2024-05-15' }, NOW);
    expect(DashboardSchema.parse(d)).toEqual(d);
    expect(d.retention.byCurrency[0]).toMatchObject({ nrrPercent: 150, grrPercent: 100 });
    expect(d.capacity.onboarding.byCsm[0]).toMatchObject({ csm: 'Cy', count: 2, overCapacity: true });
  });

  it('applies one filter the same way to every section', () => {
    const d = computeDashboard(data, settings, { from: '2023-01-01', to: '2024-05-15', segment: 'smb' }, NOW);
    const ids = new Set([
      ...d.alignment.accounts.map((r) => r.accountId),
      ...d.retention.byCurrency.flatMap((c) => c.cohortAccountIds),
      ...d.earlyChurn.total.accountIds,
      ...d.earlyChurn.total.pendingAccountIds,
      ...d.timeToValue.total.waitingAccountIds,
      ...d.kickoff.total.metAccountIds,
      ...d.kickoff.total.overdueAccountIds,
      ...d.kickoff.total.pendingAccountIds,
      ...d.agenda.atRisk.map((a) => a.accountId),
      ...d.agenda.handoffs.map((a) => a.accountId),
      ...d.capacity.onboarding.byCsm.flatMap((c) => c.accountIds),
      ...d.capacity.quarterEnd.total.accountIds,
    ]);
    expect([...ids].sort()).toEqual(['old', 'smb']);
  });

  it('has a definition for every metric', () => {
    for (const [id, def] of Object.entries(DASHBOARD_DEFINITIONS)) {
      expect(def.label, id).not.toBe('');
      expect(def.definition.length, id).toBeGreaterThan(40);
    }
    expect(Object.keys(DASHBOARD_DEFINITIONS)).toEqual(
      expect.arrayContaining([
        'newClientsMisaligned',
        'arrAtRisk',
        'lostExpansion',
        'wastedAcquisitionCost',
        'nrr',
        'grr',
        'expansion',
        'earlyChurn',
      ]),
    );
  });
});

describe('time to value from success plans', () => {
  const milestone = (accountId: string, id: string, status: 'done' | 'in-progress', achievedOn?: string) => ({ accountId, id, status, achievedOn });

  it('takes an exported plan’s done "first value achieved" as the account’s first value, and nothing else of the plan', () => {
    const exported = {
      ...data,
      milestones: [
        milestone('mm', 'first-value', 'done', '2024-04-21'),
        milestone('smb', 'first-value', 'in-progress'),
        milestone('smb', 'joint-kickoff', 'done', '2024-05-11'),
      ],
    };
    const ttv = dashboardOfExport(exported, settings, { from: '2024-01-01', to: '2024-05-15' }, NOW).timeToValue;
    expect(ttv.accounts).toEqual([{ accountId: 'mm', days: 20, firstValueDate: '2024-04-21', source: 'recorded' }]);
    expect(ttv.total.waitingAccountIds).toContain('smb');
    // Without the plan, the same portfolio has no recorded first value.
    expect(dashboardOfExport(data, settings, { from: '2024-01-01', to: '2024-05-15' }, NOW).timeToValue.accounts).toEqual([]);
  });
});
