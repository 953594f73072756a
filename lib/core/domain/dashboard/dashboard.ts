import { z } from 'zod';
import { ServiceLevelsSchema } from '../service-levels';
import { AccountSchema } from '../account';
import { ALIGNMENT_DEFINITIONS, alignmentMetrics, AlignmentMetricsSchema, latestApprovals, type AlignmentMetrics } from '../alignment';
import type { KickoffSlaStatus } from '../kickoff';
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
import { CAPACITY_DEFINITIONS, capacity, CapacitySchema } from './capacity';
import { groupByKey, insertionPoint, type MetricDefinition } from './common';
import { EARLY_CHURN_DEFINITIONS, earlyChurn, EarlyChurnSchema } from './early-churn';
import { DashboardFilterSchema, type DashboardFilter } from './filters';
import { healthIndex, type HealthIndex } from './health-index';
import { icpVerdicts, type IcpVerdict } from './icp-verdict';
import { KICKOFF_ATTAINMENT_DEFINITIONS, kickoffAttainment, KickoffAttainmentSchema } from './kickoff-attainment';
import { brokenThenTrouble, PROMISE_LEDGER_DEFINITIONS, PromiseLedgerSchema, promisesMade } from './promise-ledger';
import { byId } from './readings';
import { RETENTION_DEFINITIONS, revenueRetention, RetentionSchema } from './retention';
import {
  agendaAccounts,
  agendaAccountsAfter,
  agendaHandoffs,
  agendaProcessIssues,
  REVIEW_AGENDA_DEFINITIONS,
  ReviewAgendaSchema,
  reviewPeriod,
  type ReviewAgenda,
} from './review-agenda';
import {
  FirstValueSchema,
  firstValueSources,
  firstValueSourcesAfter,
  TIME_TO_VALUE_DEFINITIONS,
  timeToValue,
  TimeToValueSchema,
  type FirstValueSources,
} from './time-to-value';
import { FIRST_VALUE_MILESTONE_ID, type Milestone } from '../success-plan';

// Every definition the page shows on hover or focus, keyed by metric id.
export const DASHBOARD_DEFINITIONS: Record<string, MetricDefinition> = {
  ...ALIGNMENT_DEFINITIONS,
  ...RETENTION_DEFINITIONS,
  ...EARLY_CHURN_DEFINITIONS,
  ...TIME_TO_VALUE_DEFINITIONS,
  ...KICKOFF_ATTAINMENT_DEFINITIONS,
  ...PROMISE_LEDGER_DEFINITIONS,
  ...REVIEW_AGENDA_DEFINITIONS,
  ...CAPACITY_DEFINITIONS,
};

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
  kickoff: Map<string, KickoffSlaStatus>;
  // Each section (or part of one) of the last dashboard computed, with what it was computed from (see keptSection).
  sections: Map<string, KeptSection>;
  // The portfolio this one was patched from (preparedForAccounts), by its health and readings by account, and the
  // accounts whose health and readings differ from it: a part that reads health is brought up to date account by
  // account from its figures (keptSection).
  healthChanged?: {
    health: HealthIndex;
    snapshotsByAccount: PreparedPortfolio['snapshotsByAccount'];
    accounts: ReadonlySet<string>;
  };
}

interface KeptSection {
  key: string;
  inputs: readonly unknown[];
  value: unknown;
}

/**
 * A section (or part of one) as last computed when it was for the same
 * filter, settings and day and from the very same inputs (the lists and maps
 * a patch leaves in place when none of its records changed), else computed:
 * after a reading is logged, the parts that never read health — retention,
 * early churn, kickoff, capacity, most of the ledger and agenda — are not
 * worked out again over a large portfolio.
 */
function keptSection<T>(
  prepared: PreparedPortfolio,
  name: string,
  key: string,
  inputs: readonly unknown[],
  compute: (after?: { previous: T; accounts: ReadonlySet<string> }) => T,
): T {
  const hit = prepared.sections.get(name);
  let after: { previous: T; accounts: ReadonlySet<string> } | undefined;
  if (hit && hit.key === key && hit.inputs.length === inputs.length) {
    if (hit.inputs.every((x, i) => x === inputs[i])) return hit.value as T;
    // Computed on the portfolio this one was patched from, with only its health and readings since changed.
    const changed = prepared.healthChanged;
    const fromThere = (x: unknown, i: number) =>
      x === inputs[i] ||
      (changed !== undefined &&
        ((x === changed.health && inputs[i] === prepared.health) || (x === changed.snapshotsByAccount && inputs[i] === prepared.snapshotsByAccount)));
    if (changed && hit.inputs.every(fromThere)) after = { previous: hit.value as T, accounts: changed.accounts };
  }
  const value = compute(after);
  prepared.sections.set(name, { key, inputs, value });
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
  const snapshotsByAccount = new Map(prepared.snapshotsByAccount).set(accountId, mine);
  const health = new Map(prepared.health);
  if (health.has(accountId)) health.set(accountId, latestHealth(mine, prepared.weights, prepared.day));
  // The first-value sources read every snapshot; they are worked out again on the next filter.
  return {
    ...prepared,
    data: { ...data, snapshots },
    snapshotsByAccount,
    health,
    firstValues: undefined,
    healthChanged: { health: prepared.health, snapshotsByAccount: prepared.snapshotsByAccount, accounts: new Set([accountId]) },
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
  if (!sameReadings) {
    const next = new Map(snapshotsByAccount);
    accounts.forEach((id) => next.delete(id));
    groupByKey([...changed.snapshots].sort(byId), (s) => s.accountId).forEach((list, id) => next.set(id, list));
    snapshotsByAccount = next;
  }
  if (!sameAccounts) {
    const next = new Map(accountsById);
    accounts.forEach((id) => next.delete(id));
    for (const a of changed.accounts) next.set(a.id, a);
    accountsById = next;
  }
  if (!sameAccounts || !sameReadings) {
    const next = new Map(health);
    accounts.forEach((id) => next.delete(id));
    const scoring = healthScoring(prepared.weights, prepared.day);
    for (const a of changed.accounts) next.set(a.id, latestHealth(snapshotsByAccount.get(a.id) ?? [], prepared.weights, prepared.day, scoring));
    health = next;
  }
  if (data.arrChanges !== before.arrChanges) {
    const next = new Map(timelines);
    accounts.forEach((id) => next.delete(id));
    buildArrTimelines(changed.arrChanges).forEach((timeline, id) => next.set(id, timeline));
    timelines = next;
  }
  const sameApprovals = data.approvals === before.approvals;
  return {
    data,
    weights: prepared.weights,
    day: prepared.day,
    health,
    timelines,
    accountsById,
    snapshotsByAccount,
    icpByProfile: sameAccounts && sameApprovals ? prepared.icpByProfile : icpCarriedOver(prepared.icpByProfile, data, changed.accounts, accounts),
    kickoff: sameAccounts ? prepared.kickoff : kickoffCarriedOver(prepared.kickoff, accounts),
    firstValues:
      sameReadings && data.firstValues === before.firstValues
        ? prepared.firstValues
        : prepared.firstValues && firstValueSourcesAfter(prepared.firstValues, data, prepared.day, snapshotsByAccount, accounts),
    sections: prepared.sections,
    healthChanged: health === prepared.health ? undefined : { health: prepared.health, snapshotsByAccount: prepared.snapshotsByAccount, accounts },
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
    const next = new Map(results);
    accounts.forEach((id) => next.delete(id));
    for (const a of written) next.set(a.id, verdict(a, approvals.get(a.id)));
    out.set(key, next);
  });
  return out;
}

// Kickoff statuses are kept by account id and SLA ("id|days"): those of the written accounts are dropped.
function kickoffCarriedOver(kept: ReadonlyMap<string, KickoffSlaStatus>, accounts: ReadonlySet<string>): Map<string, KickoffSlaStatus> {
  const out = new Map<string, KickoffSlaStatus>();
  kept.forEach((status, key) => {
    if (!accounts.has(key.slice(0, key.lastIndexOf('|')))) out.set(key, status);
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
  const icp = icpResults(prepared, settings.icpProfile);
  const alignment = keptSection<AlignmentMetrics>(
    prepared,
    'alignment',
    at(settings.icpProfile),
    [data.accounts, data.commitments, data.flags, health, icp],
    (after) =>
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
      ),
  );
  const sources = (prepared.firstValues ??= firstValueSources(data, prepared.day, snapshotsByAccount));
  // The promise ledger and the agenda in parts, so a reading logged works out again only the parts that read health.
  const made = keptSection(prepared, 'promises', at(), [data.accounts, data.commitments, accountsById], () =>
    promisesMade({ accounts: data.accounts, commitments: data.commitments, accountsById }, now, filter),
  );
  const trouble = keptSection(prepared, 'promises: broken then trouble', at(), [made, health, timelines], () =>
    brokenThenTrouble(made.broken, { snapshots: data.snapshots, arrChanges: data.arrChanges, weights, health, timelines }, now),
  );
  const agendaHealth = keptSection<Pick<ReviewAgenda, 'atRisk' | 'expansionSignals'>>(
    prepared,
    'agenda: accounts',
    at(),
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
    [data.accounts, data.handoff],
    () =>
      agendaHandoffs(
        { accounts: data.accounts, handoff: data.handoff, template: settings.handoffTemplate, serviceLevels: settings.serviceLevels },
        now,
        filter,
      ),
  );
  const issues = keptSection(prepared, 'agenda: process issues', at(), [data.accounts, data.flags, accountsById], () =>
    agendaProcessIssues({ accounts: data.accounts, flags: data.flags, accountsById }, now, filter),
  );
  return {
    asOf: alignment.asOf,
    filter,
    alignment,
    retention: keptSection(prepared, 'retention', at(), [data.accounts, data.arrChanges, timelines, accountsById], () =>
      revenueRetention({ accounts: data.accounts, arrChanges: data.arrChanges, timelines, accountsById }, filter),
    ),
    earlyChurn: keptSection(prepared, 'earlyChurn', at(), [data.accounts, data.arrChanges, timelines], () =>
      earlyChurn({ accounts: data.accounts, arrChanges: data.arrChanges, timelines }, now, filter),
    ),
    timeToValue: keptSection(prepared, 'timeToValue', at(), [data.accounts, sources], () =>
      timeToValue({ accounts: data.accounts, snapshots: data.snapshots, firstValues: data.firstValues, sources }, now, filter),
    ),
    kickoff: keptSection(prepared, 'kickoff', at(settings.serviceLevels), [data.accounts], () =>
      kickoffAttainment(data.accounts, now, filter, settings.serviceLevels, prepared.kickoff),
    ),
    promises: { ...made.ledger, brokenThenTrouble: trouble },
    agenda: { asOf: today, ...reviewPeriod(now, filter), ...agendaHealth, handoffs, ...issues },
    capacity: keptSection(prepared, 'capacity', at(settings.csmCapacity, settings.fiscalYearStartMonth), [data.accounts], () =>
      capacity(data.accounts, { csmCapacity: settings.csmCapacity, fiscalYearStartMonth: settings.fiscalYearStartMonth }, filter),
    ),
  };
}
