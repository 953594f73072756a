import type { AccountDraft, CommitmentDraft, FlagDraft, MilestoneDraft, PlanCreate, PlanMilestoneDraft } from '../lib/core/model';
import { LocalStore, type LocalStoreOptions } from '../lib/data/local/store';

// Each test gets its own database so no state leaks between cases.
export function freshStore(options: LocalStoreOptions = {}): LocalStore {
  return new LocalStore({ dbName: `seamline-test-${crypto.randomUUID()}`, ...options });
}

export function accountDraft(overrides: Partial<AccountDraft> = {}): AccountDraft {
  return {
    name: 'Northwind Logistics',
    websiteDomain: 'northwind.example',
    segment: 'mid-market',
    arr: 120000,
    lifecycleStage: 'onboarding',
    ...overrides,
  };
}

export function commitmentDraft(accountId: string | null, overrides: Partial<CommitmentDraft> = {}): CommitmentDraft {
  return {
    accountId,
    text: 'SAP S/4HANA connector by Q2',
    kind: 'integration',
    status: 'open',
    roadmapStatus: 'not-on-roadmap',
    createdBy: 'Dana AE',
    ...overrides,
  };
}

export function flagDraft(accountId: string | null, overrides: Partial<FlagDraft> = {}): FlagDraft {
  return {
    accountId,
    category: 'free-services',
    severity: 'high',
    quote: 'We will migrate all your data for free.',
    createdBy: 'Sam CSM',
    resolved: false,
    ...overrides,
  };
}

export function milestoneDraft(accountId: string, overrides: Partial<MilestoneDraft> = {}): MilestoneDraft {
  return { accountId, title: 'Executive sponsor check-in', dueDate: '2026-05-04', ownerRole: 'csm', status: 'planned', ...overrides };
}

/** A three-milestone plan as generatePlan would make it, for an account closed-won on 2026-03-02. */
export function planCreate(accountId: string, milestones?: Partial<PlanMilestoneDraft>[]): PlanCreate {
  const base: PlanMilestoneDraft[] = [
    { id: 'kickoff', accountId, title: 'Joint kickoff', dueDate: '2026-03-09', ownerRole: 'ae', status: 'planned' },
    { id: 'first-value', accountId, title: 'First value achieved', dueDate: '2026-04-08', ownerRole: 'csm', status: 'planned' },
    {
      id: 'renewal-review',
      accountId,
      title: 'Renewal-readiness review',
      ownerRole: 'csm',
      status: 'planned',
      internalNote: 'Champion is leaving in Q3',
    },
  ];
  return { accountId, templateId: 'mid-market', milestones: milestones ? milestones.map((m, i) => ({ ...base[i % base.length]!, ...m })) : base };
}
