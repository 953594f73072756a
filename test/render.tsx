import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, vi } from 'vitest';
import { AccountContextSchema, type AccountContext } from '../lib/core/model';
import {
  AccountSchema,
  CommitmentSchema,
  HealthSnapshotSchema,
  IcpApprovalSchema,
  MilestoneSchema,
  RiskFlagSchema,
  type Account,
  type AccountInput,
  type Commitment,
  type HealthSnapshot,
  type IcpApproval,
  type Milestone,
  type RiskFlag,
} from '../lib/core/domain';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import type { Settings } from '../lib/core/domain/settings';
import { LOCAL_CONNECTION } from '../lib/core/sync';
import { NowProvider } from '../components/app/clock';
import { DataProvider, type ClientStatus, type PanelClient } from '../components/app/DataContext';
import { SettingsProvider } from '../components/app/settings';

// Testing Library only cleans up by itself when test globals are on.
afterEach(() => cleanup());

/** A fixed "today" (local noon) so due dates and SLAs read the same on every machine. */
export const NOW = new Date(2026, 2, 10, 12, 0, 0);
const STAMP = '2026-03-01T09:00:00.000Z';

export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

const versioned = { version: 1, createdAt: STAMP, updatedAt: STAMP };

// Every factory goes through the domain schema, so a fixture that the store
// would reject cannot sneak into a test.
export function makeAccount(over: Partial<AccountInput> = {}): Account {
  return AccountSchema.parse({
    ...versioned,
    id: 'acc-1',
    name: 'Northwind Logistics',
    websiteDomain: 'northwind.example',
    segment: 'mid-market',
    industry: 'Logistics',
    employeeCount: 850,
    region: 'EMEA',
    currency: 'USD',
    arr: 120000,
    seats: 120,
    integrations: ['Salesforce', 'Slack'],
    contractStart: '2026-03-01',
    renewalDate: '2027-02-28',
    closedWonDate: '2026-03-02',
    ownerAe: 'Dana Reyes',
    csm: 'Sam Okafor',
    lifecycleStage: 'onboarding',
    ...over,
  });
}

export function makeCommitment(over: Partial<Commitment> = {}): Commitment {
  return CommitmentSchema.parse({
    ...versioned,
    id: 'com-1',
    accountId: 'acc-1',
    text: 'NetSuite sync of invoices',
    kind: 'integration',
    madeBy: 'Dana Reyes',
    madeTo: 'Priya (VP Finance)',
    madeOn: '2026-02-20',
    dueDate: '2026-04-30',
    status: 'open',
    roadmapStatus: 'on-roadmap',
    createdBy: 'Dana Reyes',
    ...over,
  });
}

export function makeFlag(over: Partial<RiskFlag> = {}): RiskFlag {
  return RiskFlagSchema.parse({
    ...versioned,
    id: 'flag-1',
    accountId: 'acc-1',
    category: 'free-services',
    severity: 'high',
    quote: 'We will migrate five years of history for free.',
    url: 'https://northwind.my.salesforce.com/lightning/r/Opportunity/006xx/view',
    pageTitle: 'Northwind renewal',
    createdBy: 'Sam Okafor',
    resolved: false,
    ...over,
  });
}

export function makeSnapshot(over: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return HealthSnapshotSchema.parse({
    id: `snap-${over.date ?? '2026-03-01'}`,
    accountId: 'acc-1',
    date: '2026-03-01',
    adoptionPct: 60,
    activeUserTrendPct: 5,
    loginsPerUserPerWeek: 2,
    openTickets: 2,
    nps: 30,
    sponsorEngagement: 'medium',
    ...over,
  });
}

export function makeApproval(over: Partial<IcpApproval> = {}): IcpApproval {
  return IcpApprovalSchema.parse({
    ...versioned,
    accountId: 'acc-1',
    status: 'requested',
    requestedBy: 'Dana Reyes',
    requestedAt: '2026-03-05T10:00:00.000Z',
    reason: 'Strategic logo in a new region',
    tradeOffs: 'Support coverage is thin in APAC hours',
    ...over,
  });
}

export function makeMilestone(over: Partial<Milestone> = {}): Milestone {
  return MilestoneSchema.parse({
    ...versioned,
    id: 'first-value',
    accountId: 'acc-1',
    title: 'First value achieved',
    dueDate: '2026-04-08',
    ownerRole: 'csm',
    owner: 'Sam Okafor',
    status: 'planned',
    ...over,
  });
}

/**
 * A valid context, with `over` applied after validation so tests can also
 * hand the UI records a hostile or broken backend might send.
 */
export function makeContext(over: Partial<AccountContext> = {}): AccountContext {
  const base = AccountContextSchema.parse({
    account: makeAccount(),
    snapshots: [makeSnapshot({ date: '2026-02-01', adoptionPct: 40, nps: 10 }), makeSnapshot({ date: '2026-03-01' })],
    commitments: [makeCommitment()],
    flags: [makeFlag()],
    handoff: { accountId: 'acc-1', answers: {} },
    approval: null,
  });
  return { ...base, ...over };
}

type Mocked<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? ReturnType<typeof vi.fn<(...args: A) => R>> : T[K] };

/** A DataPort whose every method is a spy; reads answer from `ctx`, writes echo plausible records. */
export function fakeClient(ctx: AccountContext | null = makeContext(), status: Partial<ClientStatus> = {}): Mocked<PanelClient> {
  const account = ctx?.account ?? makeAccount();
  const client = {
    source: 'local' as const,
    resolveRecord: vi.fn(async () => ({ status: 'linked' as const, accountId: account.id, matchedBy: 'record' as const })),
    getAccountContext: vi.fn(async () => ctx),
    listAccounts: vi.fn(async () => ({ items: [], nextCursor: null, total: 0 })),
    createAccount: vi.fn(async (draft) => AccountSchema.parse({ ...versioned, ...draft, id: 'acc-new' })),
    updateAccount: vi.fn(async () => account),
    linkRecord: vi.fn(async () => account),
    addHealthSnapshot: vi.fn(async () => makeSnapshot()),
    createCommitment: vi.fn(async (draft) => CommitmentSchema.parse({ ...versioned, ...draft, id: 'com-new' })),
    updateCommitment: vi.fn(async (id, patch, v) => CommitmentSchema.parse({ ...makeCommitment({ id }), ...patch, version: v + 1 })),
    createFlag: vi.fn(async () => makeFlag()),
    updateFlag: vi.fn(async (id, patch, v) => RiskFlagSchema.parse({ ...makeFlag({ id }), ...patch, version: v + 1 })),
    setHandoffAnswer: vi.fn(async (input) => ({
      accountId: input.accountId,
      answers: { [input.itemId]: { done: input.done, note: input.note, by: input.by, at: STAMP, version: (input.expectedVersion ?? 0) + 1 } },
    })),
    requestApproval: vi.fn(async (input) => makeApproval({ ...input })),
    decideApproval: vi.fn(async () => makeApproval({ status: 'approved' })),
    createPlan: vi.fn(async (input) => ({
      accountId: input.accountId,
      templateId: input.templateId,
      milestones: input.milestones.map((m: object) => MilestoneSchema.parse({ ...versioned, ...m })),
    })),
    createMilestone: vi.fn(async (draft) => MilestoneSchema.parse({ ...versioned, ...draft, id: 'ms-new' })),
    updateMilestone: vi.fn(async (accountId, id, patch, v) => {
      const base: Record<string, unknown> = { ...(ctx?.milestones.find((m) => m.id === id) ?? makeMilestone({ id, accountId })) };
      for (const [k, x] of Object.entries(patch)) {
        if (x === null) delete base[k];
        else if (x !== undefined) base[k] = x;
      }
      return MilestoneSchema.parse({ ...base, version: v + 1 });
    }),
    changeStage: vi.fn(async (input) => ({
      account: { ...account, lifecycleStage: input.to, version: input.expectedVersion + 1 },
      change: { id: 'stg-1', accountId: input.accountId, from: account.lifecycleStage, to: input.to, by: input.by, at: STAMP },
    })),
    reminderInputs: vi.fn(async () => ({ plans: [], accounts: [], commitments: [] })),
    listUnassigned: vi.fn(async () => ({ commitments: [], flags: [] })),
    exportAll: vi.fn(async () => {
      throw new Error('not used');
    }),
    importAll: vi.fn(async () => {
      throw new Error('not used');
    }),
    resolveConflict: vi.fn(async (): Promise<null> => null),
    status: vi.fn(async (): Promise<ClientStatus> => ({
      source: 'local',
      pendingWrites: 0,
      conflicts: [],
      lastError: null,
      connection: LOCAL_CONNECTION,
      ...status,
    })),
  };
  return client as unknown as Mocked<PanelClient>;
}

export function renderWithProviders(
  ui: ReactElement,
  {
    client = fakeClient(),
    settings = DEFAULT_SETTINGS,
    now = NOW,
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }),
  }: { client?: PanelClient; settings?: Settings; now?: Date; queryClient?: QueryClient } = {},
) {
  const result = render(
    <QueryClientProvider client={queryClient}>
      <DataProvider value={{ client, source: client.source }}>
        <SettingsProvider value={settings}>
          <NowProvider now={now}>{ui}</NowProvider>
        </SettingsProvider>
      </DataProvider>
    </QueryClientProvider>,
  );
  return { ...result, client, queryClient };
}
