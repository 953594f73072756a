import type { AccountDraft, CommitmentDraft, FlagDraft } from '../lib/core/model';
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
