import { z } from 'zod';
import { ServiceLevelsSchema } from '../service-levels';
import { AccountSchema, type Account } from '../account';
import { alignmentMetrics, AlignmentMetricsSchema, latestApprovals, misalignedAccounts, type AlignmentMetrics } from '../alignment';
import { CommitmentSchema, type Commitment } from '../commitment';
import { HandoffAnswersSchema, HandoffTemplateSchema } from '../handoff';
import { HealthSnapshotSchema, HealthWeightsSchema, type HealthSnapshot } from '../health-snapshot';
import { IcpApprovalSchema, IcpProfileSchema } from '../icp';
import { IsoDateSchema } from '../primitives';
import { RiskFlagSchema, type RiskFlag } from '../risk-flag';
import { type Settings } from '../settings';
import { healthScoring, latestHealth } from '../health';
import { toIsoDate } from '../dates';
import { ArrChangeSchema, buildArrTimelines, type ArrTimeline } from './arr-history';
import { CAPACITY_ACCOUNT_FIELDS, capacityArr, capacityCounts, CapacitySchema } from './capacity';
import { accountPlaces, groupByKey, insertionPoint } from './common';
import {
  EARLY_CHURN_ACCOUNT_FIELDS,
  earlyChurnAfter,
  earlyChurnForPeriod,
  earlyChurnKept,
  EarlyChurnSchema,
  type EarlyChurnKept,
} from './early-churn';
import { DashboardFilterSchema, type DashboardFilter } from './filters';
import { healthIndex, type HealthIndex } from './health-index';
import { icpVerdicts, type IcpVerdict } from './icp-verdict';
import { KICKOFF_ACCOUNT_FIELDS, kickoffAttainment, KickoffAttainmentSchema, type KickoffMemo, type KickoffMemoEntry } from './kickoff-attainment';
import { OverlayMap } from './overlay-map';
import { brokenThenTrouble, PromiseLedgerSchema, PROMISES_MADE_ACCOUNT_FIELDS, promisesMade, commitmentFacts, roadmapGapArr } from './promise-ledger';
import { byId } from './readings';
import {
  RETENTION_ACCOUNT_FIELDS,
  arrChangesOfNoAccount,
  revenueRetentionAfter,
  revenueRetentionForPeriod,
  revenueRetentionKept,
  RetentionSchema,
  type RetentionKept,
} from './retention';
import {
  agendaAccounts,
  agendaAccountsAfter,
  agendaHandoffs,
  agendaProcessIssues,
  flagFacts,
  HANDOFF_ACCOUNT_FIELDS,
  PROCESS_ISSUES_ACCOUNT_FIELDS,
  ReviewAgendaSchema,
  reviewPeriod,
  type ReviewAgenda,
} from './review-agenda';
import {
  FirstValueSchema,
  firstValueSources,
  firstValueSourcesAfter,
  TIME_TO_VALUE_ACCOUNT_FIELDS,
  timeToValueAfter,
  timeToValueForPeriod,
  timeToValueKept,
  TimeToValueSchema,
  type FirstValueSources,
  type TimeToValueKept,
} from './time-to-value';
import { FIRST_VALUE_MILESTONE_ID, type Milestone } from '../success-plan';

export const DashboardDataSchema = z.object({
  accounts: z.array(AccountSchema),
  snapshots: z.array(HealthSnapshotSchema),
  commitments: z.array(CommitmentSchema),
  flags: z.array(RiskFlagSchema),
  handoff: z.array(HandoffAnswersSchema),
  approvals: z.array(IcpApprovalSchema),
  arrChanges: z.array(ArrChangeSchema),
  firstValues: z.array(FirstValueSchema).optional(),
});

export const DashboardSettingsSchema = z.object({
  icpProfile: IcpProfileSchema,
  healthWeights: HealthWeightsSchema,
  handoffTemplate: HandoffTemplateSchema,
  serviceLevels: ServiceLevelsSchema,
  csmCapacity: z.number().int().min(1).max(1000),
  fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
});

export const DashboardSchema = z.object({
  asOf: IsoDateSchema,
  filter: DashboardFilterSchema,
  alignment: AlignmentMetricsSchema,
  retention: RetentionSchema,
  earlyChurn: EarlyChurnSchema,
  timeToValue: TimeToValueSchema,
  kickoff: KickoffAttainmentSchema,
  promises: PromiseLedgerSchema,
  agenda: ReviewAgendaSchema,
  capacity: CapacitySchema,
});

export type DashboardData = z.infer<typeof DashboardDataSchema>;
export type DashboardSettings = z.infer<typeof DashboardSettingsSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;

/** The part of the settings the dashboard reads. */
export function dashboardSettingsOf(settings: Settings): DashboardSettings {
  return {
    icpProfile: settings.icpProfile,
    healthWeights: settings.healthWeights,
    handoffTemplate: settings.handoffTemplate,
    serviceLevels: settings.serviceLevels,
    csmCapacity: settings.csmCapacity,
  };
}

/**
 * Every figure on the dashboard, from already-parsed data, with one filter
 * applied the same way throughout. Pure: the same data, settings, filter and
 * clock give the same result wherever it runs.
 */
export function computeDashboard(data: DashboardData, settings: DashboardSettings, filter: DashboardFilter, now: Date): Dashboard {
  return dashboardFrom(preparePortfolio(data, settings.healthWeights, now), settings, filter, now);
}

/**
 * What every filter of one portfolio shares — each account's health and ARR
 * timeline — computed once, so a page changing filters pays only for the
 * figures. Valid for the data, health weights and day it was prepared with.
 */
export interface PreparedPortfolio {
  data: DashboardData;
  weights: DashboardSettings['healthWeights'];
  // The day (ISO date) it was prepared for.
  day: string;
  health: HealthIndex;
  timelines: ReadonlyMap<string, ArrTimeline>;
  accountsById: ReadonlyMap<string, DashboardData['accounts'][number]>;
  snapshotsByAccount: ReadonlyMap<string, readonly HealthSnapshot[]>;
  // Filled as filters are computed: each account's ICP result per profile, and kickoff status per SLA.
  icpByProfile: Map<string, ReadonlyMap<string, IcpVerdict>>;
  // Each account's first-value sources for this day, worked out on the first filter.
  firstValues?: FirstValueSources;
  kickoff: KickoffMemo & ReadonlyMap<string, KickoffMemoEntry>;
  // Each section (or part of one) of the last dashboard computed, with what it was computed from (see keptSection).
  sections: Map<string, KeptSection>;
  // One object per list of account fields a section reads (accountsRead), kept by a patch that changed none of those
  // fields on any account: a section that takes it for its accounts is kept across writes that do not concern it.
  accountsRead: Map<string, object>;
  // What this portfolio was patched from (preparedWith, preparedForAccounts): each of its inputs that a patch
  // replaced (health, readings by account, the accounts, the accounts by id, the ICP results, the ARR history and
  // timelines, the first-value sources), mapped to its replacement, and the accounts whose records differ between
  // the two. A part that can be brought up to date account by account is, from its figures there (keptSection):
  // the alignment rows, the agenda's at-risk and expansion lines, and the per-account parts of retention, early
  // churn and time to value.
  patchedFrom?: {
    inputs: ReadonlyMap<unknown, unknown>;
    accounts: ReadonlySet<string>;
  };
}

/**
 * The same object for as long as no patch changed one of `fields` on any
 * account, or added or removed one: it stands for the accounts in a section's
 * inputs (keptSection) when the section reads only those fields, which its
 * input type enforces (a Pick of the same list).
 */
function accountsRead(prepared: PreparedPortfolio, fields: readonly (keyof Account)[]): object {
  const key = fields.join(',');
  let token = prepared.accountsRead.get(key);
  if (!token) {
    token = {};
    prepared.accountsRead.set(key, token);
  }
  return token;
}

// Of the kept objects for lists of account fields, those that still hold after the written accounts changed.
function accountsReadCarriedOver(
  kept: PreparedPortfolio['accountsRead'],
  before: ReadonlyMap<string, Account>,
  after: ReadonlyMap<string, Account>,
  accounts: ReadonlySet<string>,
): PreparedPortfolio['accountsRead'] {
  const out = new Map<string, object>();
  kept.forEach((token, key) => {
    const fields = key.split(',') as (keyof Account)[];
    let same = true;
    accounts.forEach((id) => {
      const was = before.get(id);
      const now = after.get(id);
      if (was === now) return;
      if (!was || !now || fields.some((f) => JSON.stringify(was[f]) !== JSON.stringify(now[f]))) same = false;
    });
    if (same) out.set(key, token);
  });
  return out;
}

interface KeptSection {
  key: string;
  near: string | undefined;
  inputs: readonly unknown[];
  value: unknown;
}

/**
 * A section (or part of one) as last computed when it was for the same
 * filter, settings and day and from the very same inputs (the lists and maps
 * a patch leaves in place when none of its records changed), else computed:
 * after a reading is logged, the parts that never read health — retention,
 * early churn, kickoff, capacity, most of the ledger and agenda — are not
 * worked out again over a large portfolio; after an account is edited, those
 * that read none of the fields changed are not either. A part computed on the
 * portfolio this one was patched from, whose inputs were all kept or replaced
 * by the patch, is handed its figures there and the accounts written (`after`):
 * one that can patch its figures account by account does.
 */
function keptSection<T>(
  prepared: PreparedPortfolio,
  name: string,
  key: string,
  inputs: readonly unknown[],
  compute: (after?: { previous: T; accounts: ReadonlySet<string> }, near?: T) => T,
  // What the key is made of but for the period: a part that can bring figures of another period to this one is
  // handed them (`near`) when they were computed from the very same inputs.
  near?: string,
): T {
  const hit = prepared.sections.get(name);
  let after: { previous: T; accounts: ReadonlySet<string> } | undefined;
  let nearValue: T | undefined;
  if (hit && hit.key === key && hit.inputs.length === inputs.length) {
    if (hit.inputs.every((x, i) => x === inputs[i])) return hit.value as T;
    const patched = prepared.patchedFrom;
    if (patched && hit.inputs.every((x, i) => x === inputs[i] || patched.inputs.get(x) === inputs[i])) {
      after = { previous: hit.value as T, accounts: patched.accounts };
    }
  } else if (hit && near !== undefined && hit.near === near && hit.inputs.length === inputs.length) {
    if (hit.inputs.every((x, i) => x === inputs[i])) nearValue = hit.value as T;
  }
  const value = compute(after, nearValue);
  prepared.sections.set(name, { key, near, inputs, value });
  return value;
}

export function preparePortfolio(data: DashboardData, weights: DashboardSettings['healthWeights'], now: Date): PreparedPortfolio {
  const snapshotsByAccount = groupByKey(data.snapshots, (s) => s.accountId);
  // Filled in a loop rather than from a list of [id, account] pairs: one pair per account was garbage at once.
  const ids = new Array<string>(data.accounts.length);
  const accountsById = new Map<string, DashboardData['accounts'][number]>();
  for (let i = 0; i < data.accounts.length; i++) {
    const a = data.accounts[i]!;
    ids[i] = a.id;
    accountsById.set(a.id, a);
  }
  return {
    data,
    weights,
    day: toIsoDate(now),
    health: healthIndex(ids, snapshotsByAccount, weights, now),
    timelines: buildArrTimelines(data.arrChanges),
    accountsById,
    snapshotsByAccount,
    icpByProfile: new Map(),
    kickoff: new Map(),
    sections: new Map(),
    accountsRead: new Map(),
  };
}

/**
 * One record written since a portfolio was prepared, as the store keeps it;
 * or, for a portfolio of the readings a store marked for the dashboard, one
 * account's marked readings after a reading was written (a reading can make
 * an older one count that was not marked).
 */
export type PortfolioChange =
  | { snapshot: HealthSnapshot }
  | { readings: { accountId: string; snapshots: readonly HealthSnapshot[] } }
  | { commitment: Commitment }
  | { flag: RiskFlag };

// The store returns its records in id order and the figures depend on that order (of two readings on one date,
// the later one given counts), so a written record takes the place a fresh read would give it.
function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const lo = insertionPoint(list, (x) => x.id < item.id);
  const out = list.slice();
  if (out[lo]?.id === item.id) out[lo] = item;
  else out.splice(lo, 0, item);
  return out;
}

/**
 * The prepared portfolio with one written record in it, equal to preparing
 * the store's portfolio afresh: a reading, a commitment or a flag changes
 * only its own list (and a reading its account's health), so a person logging
 * one need not wait for the whole portfolio to be read again.
 */
export function preparedWith(prepared: PreparedPortfolio, change: PortfolioChange): PreparedPortfolio {
  const { data } = prepared;
  if ('commitment' in change) return { ...prepared, data: { ...data, commitments: upsertById(data.commitments, change.commitment) } };
  if ('flag' in change) return { ...prepared, data: { ...data, flags: upsertById(data.flags, change.flag) } };
  let accountId: string;
  let mine: HealthSnapshot[];
  let snapshots: HealthSnapshot[];
  if ('readings' in change) {
    accountId = change.readings.accountId;
    mine = [...change.readings.snapshots].sort(byId);
    snapshots = [...data.snapshots.filter((s) => s.accountId !== accountId), ...mine].sort(byId);
  } else {
    accountId = change.snapshot.accountId;
    mine = upsertById(prepared.snapshotsByAccount.get(accountId) ?? [], change.snapshot);
    snapshots = upsertById(data.snapshots, change.snapshot);
  }
  const snapshotsByAccount = OverlayMap.of(prepared.snapshotsByAccount, [], [[accountId, mine]]);
  const health = prepared.health.has(accountId)
    ? OverlayMap.of(prepared.health, [], [[accountId, latestHealth(mine, prepared.weights, prepared.day)]])
    : prepared.health;
  const firstValues =
    prepared.firstValues && firstValueSourcesAfter(prepared.firstValues, data, prepared.day, snapshotsByAccount, new Set([accountId]), true);
  return {
    ...prepared,
    data: { ...data, snapshots },
    snapshotsByAccount,
    health,
    firstValues,
    patchedFrom: {
      inputs: new Map<unknown, unknown>([
        [prepared.health, health],
        [prepared.snapshotsByAccount, snapshotsByAccount],
        [prepared.firstValues, firstValues],
      ]),
      accounts: new Set([accountId]),
    },
  };
}

/**
 * `prepared` for `data`, a portfolio that differs from the one it was
 * prepared with only in the records of `accounts`, which `changed` holds (all
 * of theirs, read again after writes to them): only those accounts' health
 * and ARR timelines are worked out again, so a write to one account of a large
 * portfolio does not cost scoring every other account.
 */
export function preparedForAccounts(
  prepared: PreparedPortfolio,
  data: DashboardData,
  changed: Pick<DashboardData, 'accounts' | 'snapshots' | 'arrChanges'>,
  accounts: ReadonlySet<string>,
): PreparedPortfolio {
  const before = prepared.data;
  // A list the patch left in place (none of its records changed) keeps what was worked out from it, and the
  // sections that read only such lists are kept (keptSection).
  const sameAccounts = data.accounts === before.accounts;
  const sameReadings = data.snapshots === before.snapshots;
  let { snapshotsByAccount, accountsById, health, timelines } = prepared;
  // Each map is patched over, not copied (OverlayMap): the written accounts' entries dropped, then their new ones.
  if (!sameReadings)
    snapshotsByAccount = OverlayMap.of(
      snapshotsByAccount,
      accounts,
      groupByKey([...changed.snapshots].sort(byId), (s) => s.accountId),
    );
  if (!sameAccounts)
    accountsById = OverlayMap.of(
      accountsById,
      accounts,
      changed.accounts.map((a) => [a.id, a] as const),
    );
  if (!sameAccounts || !sameReadings) {
    const scoring = healthScoring(prepared.weights, prepared.day);
    const byId = snapshotsByAccount;
    health = OverlayMap.of(
      health,
      accounts,
      changed.accounts.map((a) => [a.id, latestHealth(byId.get(a.id) ?? [], prepared.weights, prepared.day, scoring)] as const),
    );
  }
  if (data.arrChanges !== before.arrChanges) timelines = OverlayMap.of(timelines, accounts, buildArrTimelines(changed.arrChanges));
  const sameApprovals = data.approvals === before.approvals;
  const icpByProfile =
    sameAccounts && sameApprovals ? prepared.icpByProfile : icpCarriedOver(prepared.icpByProfile, data, changed.accounts, accounts);
  // What the patch replaced, for the parts that bring their figures up to date account by account.
  const replaced = new Map<unknown, unknown>();
  const replacing = (was: unknown, now: unknown) => {
    if (was !== now) replaced.set(was, now);
  };
  const firstValues =
    sameReadings && data.firstValues === before.firstValues
      ? prepared.firstValues
      : prepared.firstValues &&
        firstValueSourcesAfter(prepared.firstValues, data, prepared.day, snapshotsByAccount, accounts, data.firstValues === before.firstValues);
  replacing(prepared.health, health);
  replacing(prepared.snapshotsByAccount, snapshotsByAccount);
  replacing(prepared.timelines, timelines);
  replacing(before.arrChanges, data.arrChanges);
  replacing(prepared.firstValues, firstValues);
  replacing(before.accounts, data.accounts);
  replacing(prepared.accountsById, accountsById);
  prepared.icpByProfile.forEach((results, key) => replacing(results, icpByProfile.get(key)));
  return {
    data,
    weights: prepared.weights,
    day: prepared.day,
    health,
    timelines,
    accountsById,
    snapshotsByAccount,
    icpByProfile,
    // The written accounts' kickoff statuses are dropped, to be worked out again when asked.
    kickoff: sameAccounts ? prepared.kickoff : OverlayMap.of(prepared.kickoff, accounts),
    firstValues,
    sections: prepared.sections,
    accountsRead: sameAccounts
      ? prepared.accountsRead
      : accountsReadCarriedOver(prepared.accountsRead, prepared.accountsById, accountsById, accounts),
    patchedFrom: replaced.size > 0 ? { inputs: replaced, accounts } : undefined,
  };
}

// The ICP results kept per profile, with those of the written accounts worked out again.
function icpCarriedOver(
  kept: PreparedPortfolio['icpByProfile'],
  data: DashboardData,
  written: DashboardData['accounts'],
  accounts: ReadonlySet<string>,
): PreparedPortfolio['icpByProfile'] {
  const out: PreparedPortfolio['icpByProfile'] = new Map();
  if (kept.size === 0) return out;
  const approvals = latestApprovals(data.approvals);
  kept.forEach((results, key) => {
    // The key is the profile as JSON (icpResults).
    const verdict = icpVerdicts(IcpProfileSchema.parse(JSON.parse(key)));
    out.set(
      key,
      OverlayMap.of(
        results,
        accounts,
        written.map((a) => [a.id, verdict(a, approvals.get(a.id))] as const),
      ),
    );
  });
  return out;
}

// Each account's ICP result under one profile, computed on the first filter that needs it.
function icpResults(prepared: PreparedPortfolio, profile: DashboardSettings['icpProfile']): ReadonlyMap<string, IcpVerdict> {
  const key = JSON.stringify(profile);
  const kept = prepared.icpByProfile.get(key);
  if (kept) return kept;
  const approvals = latestApprovals(prepared.data.approvals);
  const verdict = icpVerdicts(profile);
  const results = new Map<string, IcpVerdict>();
  const accounts = prepared.data.accounts;
  for (let i = 0; i < accounts.length; i++) results.set(accounts[i]!.id, verdict(accounts[i]!, approvals.get(accounts[i]!.id)));
  prepared.icpByProfile.set(key, results);
  return results;
}

/** What a data source exports, with or without ARR history (an older export has none) and success plans. */
export type DashboardSource = Omit<DashboardData, 'arrChanges'> & {
  arrChanges?: DashboardData['arrChanges'];
  milestones?: readonly Pick<Milestone, 'id' | 'accountId' | 'status' | 'achievedOn'>[];
};

/** The dashboard's inputs from an export: a success plan's "first value achieved", once done, is the account's time to value. */
export function dashboardDataOf({ milestones, ...source }: DashboardSource): DashboardData {
  const fromPlans = (milestones ?? []).flatMap((m) =>
    m.id === FIRST_VALUE_MILESTONE_ID && m.status === 'done' && m.achievedOn
      ? [{ accountId: m.accountId, date: m.achievedOn, source: 'success plan' }]
      : [],
  );
  return { ...source, arrChanges: source.arrChanges ?? [], firstValues: [...(source.firstValues ?? []), ...fromPlans] };
}

/** The dashboard of a whole exported portfolio, computed in one go (no figures kept between calls). */
export function dashboardOfExport(source: DashboardSource, settings: DashboardSettings, filter: DashboardFilter, now: Date): Dashboard {
  return computeDashboard(dashboardDataOf(source), settings, filter, now);
}

/** computeDashboard over a prepared portfolio; `settings.healthWeights` must be the weights it was prepared with. */
export function dashboardFrom(prepared: PreparedPortfolio, settings: DashboardSettings, filter: DashboardFilter, now: Date): Dashboard {
  const { data, health, timelines, accountsById, snapshotsByAccount } = prepared;
  const weights = prepared.weights;
  // Every section reads the filter and the day (figures change at midnight, never within a day).
  const today = toIsoDate(now);
  const at = (...more: unknown[]) => JSON.stringify([filter, today, ...more]);
  // For a section that reads the accounts the filter selects but not its period: a change of period keeps it.
  const whose = JSON.stringify([filter.segment ?? null, filter.ownerAe ?? null, filter.csm ?? null, today]);
  const icp = icpResults(prepared, settings.icpProfile);
  // Read from every flag and commitment: kept for any filter while those lists stand.
  const misaligned = keptSection(prepared, 'alignment: misaligned accounts', '', [data.flags, data.commitments], () =>
    misalignedAccounts({ flags: data.flags, commitments: data.commitments }),
  );
  const alignment = keptSection<AlignmentMetrics>(
    prepared,
    'alignment',
    at(settings.icpProfile),
    [data.accounts, data.commitments, data.flags, health, icp],
    (after, near) =>
      alignmentMetrics(
        {
          accounts: data.accounts,
          commitments: data.commitments,
          flags: data.flags,
          icpProfile: settings.icpProfile,
          approvals: data.approvals,
          snapshots: data.snapshots,
          weights,
        },
        now,
        filter,
        health,
        icp,
        after,
        misaligned,
        near,
      ),
    JSON.stringify([whose, settings.icpProfile]),
  );
  const sources = (prepared.firstValues ??= firstValueSources(data, prepared.day, snapshotsByAccount));
  // The promise ledger and the agenda in parts, so a reading logged works out again only the parts that read health.
  // A section that reads only some fields of the accounts takes, in its inputs, the object that stands for them.
  const read = (fields: readonly (keyof Account)[]) => accountsRead(prepared, fields);
  // Each account's place in the list, for the parts that keep their records' accounts by place; the same places
  // while no account is added or removed.
  const places = () => keptSection(prepared, 'account places', '', [read(['id'])], () => accountPlaces(data.accounts));
  const made = keptSection(prepared, 'promises', at(), [read(PROMISES_MADE_ACCOUNT_FIELDS), data.commitments], () => {
    const facts = keptSection(prepared, 'promises: commitments', today, [read(PROMISES_MADE_ACCOUNT_FIELDS), data.commitments], () =>
      commitmentFacts(data.accounts, places(), data.commitments, today),
    );
    return promisesMade({ accounts: data.accounts, commitments: data.commitments }, now, filter, facts);
  });
  const trouble = keptSection(prepared, 'promises: broken then trouble', at(), [made, health, timelines], () =>
    brokenThenTrouble(made.broken, { snapshots: data.snapshots, arrChanges: data.arrChanges, weights, health, timelines }, now),
  );
  const agendaHealth = keptSection<Pick<ReviewAgenda, 'atRisk' | 'expansionSignals'>>(
    prepared,
    'agenda: accounts',
    whose,
    [data.accounts, health, snapshotsByAccount],
    (after) => {
      const input = { accounts: data.accounts, snapshots: data.snapshots, weights, health, snapshotsByAccount, accountsById };
      return after ? agendaAccountsAfter(after.previous, after.accounts, input, now, filter) : agendaAccounts(input, now, filter);
    },
  );
  const handoffs = keptSection(
    prepared,
    'agenda: handoffs',
    at(settings.handoffTemplate, settings.serviceLevels),
    [read(HANDOFF_ACCOUNT_FIELDS), data.handoff],
    () =>
      agendaHandoffs(
        { accounts: data.accounts, handoff: data.handoff, template: settings.handoffTemplate, serviceLevels: settings.serviceLevels },
        now,
        filter,
      ),
  );
  const issues = keptSection(prepared, 'agenda: process issues', at(), [read(PROCESS_ISSUES_ACCOUNT_FIELDS), data.flags], () =>
    agendaProcessIssues(
      { accounts: data.accounts, flags: data.flags },
      now,
      filter,
      keptSection(prepared, 'agenda: flags', '', [read(['id']), data.flags], () => flagFacts(places(), data.flags)),
    ),
  );
  // What retention and early churn both read: the accounts and their ARR history.
  const arrHistory = { accounts: data.accounts, arrChanges: data.arrChanges, timelines, accountsById };
  return {
    asOf: alignment.asOf,
    filter,
    alignment,
    retention: keptSection<RetentionKept>(
      prepared,
      'retention',
      at(),
      [read(RETENTION_ACCOUNT_FIELDS), data.arrChanges, timelines],
      (after, near) => {
        if (after) return revenueRetentionAfter(after.previous, after.accounts, arrHistory, filter);
        if (near) return revenueRetentionForPeriod(near, filter);
        const unknown = keptSection(prepared, 'retention: no account', '', [read(['id']), data.arrChanges], () =>
          arrChangesOfNoAccount(data.arrChanges, places().byId),
        );
        return revenueRetentionKept(arrHistory, filter, unknown);
      },
      whose,
    ).figures,
    earlyChurn: keptSection<EarlyChurnKept>(
      prepared,
      'earlyChurn',
      at(),
      [read(EARLY_CHURN_ACCOUNT_FIELDS), data.arrChanges, timelines],
      (after, near) => {
        if (after) return earlyChurnAfter(after.previous, after.accounts, arrHistory, now, filter);
        return near ? earlyChurnForPeriod(near, arrHistory, now, filter) : earlyChurnKept(arrHistory, now, filter);
      },
      whose,
    ).figures,
    timeToValue: keptSection<TimeToValueKept>(
      prepared,
      'timeToValue',
      at(),
      [read(TIME_TO_VALUE_ACCOUNT_FIELDS), sources],
      (after, near) => {
        const input = { accounts: data.accounts, snapshots: data.snapshots, firstValues: data.firstValues, sources, accountsById };
        if (after) return timeToValueAfter(after.previous, after.accounts, input, now, filter);
        return near ? timeToValueForPeriod(near, input, now, filter) : timeToValueKept(input, now, filter);
      },
      whose,
    ).figures,
    kickoff: keptSection(prepared, 'kickoff', at(settings.serviceLevels), [read(KICKOFF_ACCOUNT_FIELDS)], () =>
      kickoffAttainment(data.accounts, now, filter, settings.serviceLevels, prepared.kickoff),
    ),
    // The roadmap gaps' ARR is summed again on every call (a few accounts), so an ARR edit leaves the rest kept.
    promises: { ...made.ledger, roadmapGaps: roadmapGapArr(made.ledger.roadmapGaps, accountsById), brokenThenTrouble: trouble },
    agenda: { asOf: today, ...reviewPeriod(now, filter), ...agendaHealth, handoffs, ...issues },
    // Like the roadmap gaps', the quarter-end deals' ARR is summed on every call (a few accounts).
    capacity: capacityArr(
      keptSection(prepared, 'capacity', at(settings.csmCapacity, settings.fiscalYearStartMonth), [read(CAPACITY_ACCOUNT_FIELDS)], () =>
        capacityCounts(data.accounts, { csmCapacity: settings.csmCapacity, fiscalYearStartMonth: settings.fiscalYearStartMonth }, filter),
      ),
      accountsById,
    ),
  };
}
