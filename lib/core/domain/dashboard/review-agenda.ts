import { addDays, subDays } from 'date-fns';
import { z } from 'zod';
import type { Account } from '../account';
import { checklistCompleteness } from '../checklist';
import { parseIsoDate, toIsoDate } from '../dates';
import { DEFAULT_HEALTH_WEIGHTS } from '../defaults';
import type { HandoffAnswers, HandoffTemplate } from '../handoff';
import { HealthBandSchema, latestHealth } from '../health';
import { HealthComponentSchema, type HealthSnapshot, type HealthWeights } from '../health-snapshot';
import { DEFAULT_KICKOFF_SLA_BUSINESS_DAYS, kickoffSla, KickoffSlaSchema } from '../kickoff';
import type { ServiceLevels } from '../service-levels';
import { IsoDateSchema } from '../primitives';
import { RiskCategorySchema, type RiskCategory, type RiskFlag } from '../risk-flag';
import {
  AccountIdsSchema,
  AccountLists,
  accountPlaces,
  byText,
  groupByKey,
  insertionPoint,
  MoneySchema,
  NO_ACCOUNT,
  NotCountedSchema,
  placesOf,
  type AccountPlaces,
  type MetricDefinition,
  type NotCounted,
} from './common';
import { matchesAccountFilter, selectAccounts, selectsAccounts, type DashboardFilter } from './filters';
import type { HealthIndex } from './health-index';
import { HEALTH_COMPONENT_LABELS, RISK_CATEGORY_LABELS } from '../labels';

export const HANDOFF_WINDOW_DAYS = 14;
// A smaller fall is within the reading-to-reading noise of the inputs and
// would fill the meeting with accounts nobody needs to discuss.
export const REVIEW_DROP_POINTS = 5;
// Without a chosen period, "this period" is the fortnight since the last review.
export const REVIEW_PERIOD_DAYS = 14;

export const REVIEW_AGENDA_DEFINITIONS = {
  atRisk: {
    label: 'At-risk accounts',
    definition: `Live accounts whose health score fell by ${REVIEW_DROP_POINTS} points or more since the previous reading, or whose band is at-risk, worst score first. What moved the score is the input whose contribution changed most; the next outreach is owned by the CSM, else the owner AE.`,
  },
  expansionSignals: {
    label: 'Expansion signals',
    definition:
      'Live accounts not at risk that show usage growth: adoption up since the previous reading, active users growing, or a healthy score that is rising. Expected expansion not yet booked is shown beside them.',
  },
  handoffs: {
    label: 'Upcoming and recent handoffs',
    definition: `Accounts closed-won in the last ${HANDOFF_WINDOW_DAYS} days, or with a closed-won date in the next ${HANDOFF_WINDOW_DAYS}: handoff checklist completeness, required items missing and kickoff-SLA status. Most recent close first.`,
  },
  processIssues: {
    label: 'Process issues',
    definition: `Risk-flag categories raised on two or more accounts in the period (the last ${REVIEW_PERIOD_DAYS} days when no period is chosen), most widespread first.`,
  },
} as const satisfies Record<string, MetricDefinition>;

const OwnerSchema = z.object({ name: z.string(), role: z.enum(['csm', 'ae']) }).nullable();

export const ExpansionSignalSchema = z.enum(['adoption-growth', 'active-user-growth', 'healthy-rising']);

export const ReviewAgendaSchema = z.object({
  asOf: IsoDateSchema,
  from: IsoDateSchema,
  to: IsoDateSchema,
  atRisk: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      arr: MoneySchema,
      score: z.number().int().min(0).max(100),
      previousScore: z.number().int().min(0).max(100).nullable(),
      band: HealthBandSchema,
      movedMost: z.object({ component: HealthComponentSchema, delta: z.number() }).nullable(),
      // The weakest input today: what to talk about when nothing moved.
      weakest: z.object({ component: HealthComponentSchema, score: z.number().int() }).nullable(),
      nextOutreach: OwnerSchema,
    }),
  ),
  expansionSignals: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      signals: z.array(ExpansionSignalSchema),
      score: z.number().int().min(0).max(100),
      unbookedExpansion: MoneySchema.nullable(),
      ownerAe: z.string().nullable(),
      csm: z.string().nullable(),
    }),
  ),
  handoffs: z.array(
    z.object({
      accountId: z.string(),
      name: z.string(),
      closedWonDate: IsoDateSchema,
      upcoming: z.boolean(),
      completenessPercent: z.number().int().min(0).max(100),
      requiredMissing: z.array(z.string()),
      kickoff: KickoffSlaSchema,
      ownerAe: z.string().nullable(),
      csm: z.string().nullable(),
    }),
  ),
  processIssues: z.array(
    z.object({
      category: RiskCategorySchema,
      accounts: z.number().int().min(2),
      accountIds: AccountIdsSchema,
      flags: z.number().int().min(1),
      open: z.number().int().min(0),
      flagIds: z.array(z.string()),
    }),
  ),
  notCounted: z.array(NotCountedSchema),
});

export type ExpansionSignal = z.infer<typeof ExpansionSignalSchema>;
export type ReviewAgenda = z.infer<typeof ReviewAgendaSchema>;

/**
 * The closed-won dates the agenda's handoffs come from, both ends included:
 * the checklist answers of accounts closing outside it are never read, so an
 * adapter may leave them out of the dashboard's inputs.
 */
export function handoffWindow(now: Date): { from: string; to: string } {
  return { from: toIsoDate(subDays(now, HANDOFF_WINDOW_DAYS)), to: toIsoDate(addDays(parseIsoDate(toIsoDate(now)), HANDOFF_WINDOW_DAYS)) };
}

export function closesInWindow(account: Pick<Account, 'closedWonDate'>, window: { from: string; to: string }): boolean {
  const date = account.closedWonDate;
  return date !== undefined && date >= window.from && date <= window.to;
}

export interface ReviewAgendaInput {
  accounts: readonly Account[];
  snapshots: readonly HealthSnapshot[];
  flags: readonly RiskFlag[];
  handoff: readonly HandoffAnswers[];
  template: HandoffTemplate;
  weights?: HealthWeights;
  serviceLevels?: ServiceLevels;
  health?: HealthIndex;
  // The snapshots grouped by account (computeDashboard keeps them between filter changes).
  snapshotsByAccount?: ReadonlyMap<string, readonly HealthSnapshot[]>;
  // `accounts` by id, when already built (computeDashboard keeps them between filter changes).
  accountsById?: ReadonlyMap<string, Pick<Account, 'segment' | 'ownerAe' | 'csm'>>;
}

/**
 * The last reading up to today, and the last two that carry adoption, in date
 * order (readings of one date in the order given): one pass, no copy or sort
 * of the account's history.
 */
function lastReadings(snapshots: readonly HealthSnapshot[], today: string) {
  let latest: HealthSnapshot | undefined;
  let adoption: HealthSnapshot | undefined;
  let previousAdoption: HealthSnapshot | undefined;
  for (let n = 0; n < snapshots.length; n++) {
    const s = snapshots[n]!;
    if (s.date > today) continue;
    // A later reading of the same date comes after it in a stable sort, hence >=.
    if (!latest || s.date >= latest.date) latest = s;
    if (s.adoptionPct === undefined) continue;
    if (!adoption || s.date >= adoption.date) {
      previousAdoption = adoption;
      adoption = s;
    } else if (!previousAdoption || s.date >= previousAdoption.date) previousAdoption = s;
  }
  return { latest, adoption, previousAdoption };
}

/** The review's period: the filter's, else the last two weeks. */
export function reviewPeriod(now: Date, filter?: DashboardFilter): { from: string; to: string } {
  return { from: filter?.from ?? toIsoDate(subDays(now, REVIEW_PERIOD_DAYS - 1)), to: filter?.to ?? toIsoDate(now) };
}

/** The bi-weekly sales–CS review, in the order the playbook runs it (see REVIEW_AGENDA_DEFINITIONS). */
export function reviewAgenda(input: ReviewAgendaInput, now: Date, filter?: DashboardFilter): ReviewAgenda {
  return {
    asOf: toIsoDate(now),
    ...reviewPeriod(now, filter),
    ...agendaAccounts(input, now, filter),
    handoffs: agendaHandoffs(input, now, filter),
    ...agendaProcessIssues(input, now, filter),
  };
}

type AgendaAccountsInput = Pick<ReviewAgendaInput, 'accounts' | 'snapshots' | 'weights' | 'health' | 'snapshotsByAccount'>;
type AgendaAccounts = Pick<ReviewAgenda, 'atRisk' | 'expansionSignals'>;

// Worst first: the lowest score, then the largest drop, then by name (and id, so the order is one whatever the input's).
const atRiskOrder = (a: ReviewAgenda['atRisk'][number], b: ReviewAgenda['atRisk'][number]) =>
  a.score - b.score ||
  (b.previousScore ?? b.score) - b.score - ((a.previousScore ?? a.score) - a.score) ||
  byText(a.name, b.name) ||
  byText(a.accountId, b.accountId);
const signalOrder = (a: ReviewAgenda['expansionSignals'][number], b: ReviewAgenda['expansionSignals'][number]) =>
  b.signals.length - a.signals.length || b.score - a.score || byText(a.name, b.name) || byText(a.accountId, b.accountId);

/** One account's line on the agenda, if any: at risk, or with expansion signals. */
function agendaLine(
  account: AgendaAccountsInput['accounts'][number],
  input: AgendaAccountsInput,
  snapshotsBy: ReadonlyMap<string, readonly HealthSnapshot[]>,
  today: string,
): { atRisk: ReviewAgenda['atRisk'][number] } | { signals: ReviewAgenda['expansionSignals'][number] } | null {
  if (account.lifecycleStage === 'churned') return null;
  const health = input.health?.get(account.id) ?? latestHealth(snapshotsBy.get(account.id) ?? [], input.weights ?? DEFAULT_HEALTH_WEIGHTS, today);
  if (health.status !== 'known') return null;
  const previousScore = health.previousScore;
  const dropped = previousScore !== null && previousScore - health.score >= REVIEW_DROP_POINTS;
  if (health.band === 'at-risk' || dropped) {
    return {
      atRisk: {
        accountId: account.id,
        name: account.name,
        arr: { currency: account.currency, amount: account.arr },
        score: health.score,
        previousScore,
        band: health.band,
        movedMost: health.movedMost,
        weakest: health.weakest,
        nextOutreach: account.csm ? { name: account.csm, role: 'csm' } : account.ownerAe ? { name: account.ownerAe, role: 'ae' } : null,
      },
    };
  }
  const { latest, adoption, previousAdoption } = lastReadings(snapshotsBy.get(account.id) ?? [], today);
  const signals: ExpansionSignal[] = [];
  if (adoption && previousAdoption && adoption.adoptionPct! > previousAdoption.adoptionPct!) signals.push('adoption-growth');
  if (latest?.activeUserTrendPct !== undefined && latest.activeUserTrendPct > 0) signals.push('active-user-growth');
  if (health.band === 'healthy' && previousScore !== null && health.score > previousScore) signals.push('healthy-rising');
  if (signals.length === 0) return null;
  const unbooked = Math.max(0, (account.expectedExpansionArr ?? 0) - (account.expansionArr ?? 0));
  return {
    signals: {
      accountId: account.id,
      name: account.name,
      signals,
      score: health.score,
      unbookedExpansion: unbooked > 0 ? { currency: account.currency, amount: unbooked } : null,
      ownerAe: account.ownerAe ?? null,
      csm: account.csm ?? null,
    },
  };
}

/**
 * The agenda's at-risk accounts and expansion signals: its only part that
 * reads health (the dashboard keeps the other parts when a reading is logged).
 */
export function agendaAccounts(input: AgendaAccountsInput, now: Date, filter?: DashboardFilter): AgendaAccounts {
  const today = toIsoDate(now);
  const accounts = selectAccounts(input.accounts, filter);
  const snapshotsBy = input.snapshotsByAccount ?? groupByKey(input.snapshots, (s) => s.accountId);
  const atRisk: ReviewAgenda['atRisk'] = [];
  const expansionSignals: ReviewAgenda['expansionSignals'] = [];
  for (let n = 0; n < accounts.length; n++) {
    const line = agendaLine(accounts[n]!, input, snapshotsBy, today);
    if (line === null) continue;
    if ('atRisk' in line) atRisk.push(line.atRisk);
    else expansionSignals.push(line.signals);
  }
  atRisk.sort(atRiskOrder);
  expansionSignals.sort(signalOrder);
  return { atRisk, expansionSignals };
}

// `list` (in `order`) without the lines of `accounts`, and with `lines` each where the order puts it.
function relined<T extends { accountId: string }>(
  list: readonly T[],
  accounts: ReadonlySet<string>,
  lines: readonly T[],
  order: (a: T, b: T) => number,
): T[] {
  const out = list.filter((x) => !accounts.has(x.accountId));
  for (const line of lines)
    out.splice(
      insertionPoint(out, (x) => order(x, line) < 0),
      0,
      line,
    );
  return out;
}

/**
 * agendaAccounts for `input`, from `previous`, the same for an input that
 * differs only in the health and readings of `accounts`: only their lines are
 * worked out again and put in their places.
 */
export function agendaAccountsAfter(
  previous: AgendaAccounts,
  accounts: ReadonlySet<string>,
  input: AgendaAccountsInput & { accountsById: ReadonlyMap<string, AgendaAccountsInput['accounts'][number]> },
  now: Date,
  filter?: DashboardFilter,
): AgendaAccounts {
  const today = toIsoDate(now);
  const snapshotsBy = input.snapshotsByAccount ?? groupByKey(input.snapshots, (s) => s.accountId);
  const atRisk: ReviewAgenda['atRisk'] = [];
  const signals: ReviewAgenda['expansionSignals'] = [];
  accounts.forEach((id) => {
    const account = input.accountsById.get(id);
    if (!account || !matchesAccountFilter(account, filter)) return;
    const line = agendaLine(account, input, snapshotsBy, today);
    if (line === null) return;
    if ('atRisk' in line) atRisk.push(line.atRisk);
    else signals.push(line.signals);
  });
  return {
    atRisk: relined(previous.atRisk, accounts, atRisk, atRiskOrder),
    expansionSignals: relined(previous.expansionSignals, accounts, signals, signalOrder),
  };
}

/** The account fields agendaHandoffs reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const HANDOFF_ACCOUNT_FIELDS = ['id', 'name', 'segment', 'ownerAe', 'csm', 'closedWonDate', 'kickoffDate', 'lifecycleStage'] as const;
type HandoffAccount = Pick<Account, (typeof HANDOFF_ACCOUNT_FIELDS)[number]>;

/** The agenda's upcoming and recent handoffs. */
export function agendaHandoffs(
  input: Pick<ReviewAgendaInput, 'handoff' | 'template' | 'serviceLevels'> & { accounts: readonly HandoffAccount[] },
  now: Date,
  filter?: DashboardFilter,
): ReviewAgenda['handoffs'] {
  const today = toIsoDate(now);
  const accounts = selectAccounts(input.accounts, filter);
  const window = handoffWindow(now);
  const inWindow = accounts.filter((a) => closesInWindow(a, window) && a.lifecycleStage !== 'churned');
  // Only the few accounts in the window need their answers (the last record given for an account stands).
  const wanted = new Set(inWindow.map((a) => a.id));
  const handoffBy = new Map<string, HandoffAnswers>();
  if (wanted.size > 0) {
    for (let n = 0; n < input.handoff.length; n++)
      if (wanted.has(input.handoff[n]!.accountId)) handoffBy.set(input.handoff[n]!.accountId, input.handoff[n]!);
  }
  // Hundreds of handoffs on a large portfolio share a few dozen close dates: each SLA reading is worked out once
  // (business-day counting is the slow part).
  const slaBy = new Map<string, ReviewAgenda['handoffs'][number]['kickoff']>();
  const slaOf = (a: HandoffAccount) => {
    const key = `${a.closedWonDate}|${a.kickoffDate ?? ''}|${input.serviceLevels ? input.serviceLevels[a.segment].kickoffBusinessDays : ''}`;
    let sla = slaBy.get(key);
    if (!sla) {
      sla = input.serviceLevels ? kickoffSla(a, now, input.serviceLevels) : kickoffSla(a, now, DEFAULT_KICKOFF_SLA_BUSINESS_DAYS);
      slaBy.set(key, sla);
    }
    // A copy each: the agenda's lines are separate records.
    return { ...sla };
  };
  const handoffs: ReviewAgenda['handoffs'] = inWindow
    .map((a) => {
      const completeness = checklistCompleteness(input.template, handoffBy.get(a.id)?.answers);
      return {
        accountId: a.id,
        name: a.name,
        closedWonDate: a.closedWonDate!,
        upcoming: a.closedWonDate! > today,
        completenessPercent: completeness.percent,
        requiredMissing: completeness.requiredMissing.map((m) => m.label),
        kickoff: slaOf(a),
        ownerAe: a.ownerAe ?? null,
        csm: a.csm ?? null,
      };
    })
    .sort((a, b) => byText(b.closedWonDate, a.closedWonDate) || byText(a.name, b.name));
  return handoffs;
}

/** The account fields agendaProcessIssues reads (see ACCOUNT_FIELDS in dashboard.ts). */
export const PROCESS_ISSUES_ACCOUNT_FIELDS = ['id', 'segment', 'ownerAe', 'csm'] as const;
type IssuesAccount = Pick<Account, (typeof PROCESS_ISSUES_ACCOUNT_FIELDS)[number]>;

/** What the process issues read of each flag whatever the filter, kept between filter changes (see commitmentFacts). */
export type FlagFacts = { places: AccountPlaces; accountAt: Int32Array; raisedOn: readonly string[] };

export function flagFacts(places: AccountPlaces, flags: readonly RiskFlag[]): FlagFacts {
  const raisedOn = new Array<string>(flags.length);
  for (let n = 0; n < flags.length; n++) raisedOn[n] = flags[n]!.createdAt.slice(0, 10);
  return { places, accountAt: placesOf(flags, places), raisedOn };
}

/** The agenda's process issues: risk-flag categories recurring across accounts in the period. */
export function agendaProcessIssues(
  input: Pick<ReviewAgendaInput, 'flags'> & { accounts: readonly IssuesAccount[] },
  now: Date,
  filter?: DashboardFilter,
  // flagFacts of these accounts and flags, when already worked out (kept between filter changes).
  facts: FlagFacts = flagFacts(accountPlaces(input.accounts), input.flags),
): Pick<ReviewAgenda, 'processIssues' | 'notCounted'> {
  const { from, to } = reviewPeriod(now, filter);
  const { accounts, flags } = input;
  const notCounted: NotCounted[] = [];
  const accountFilterSet = selectsAccounts(filter);
  // The flags in the period on the accounts the filter selects, by their place in the list.
  const periodFlags: number[] = [];
  for (let n = 0; n < flags.length; n++) {
    const raised = facts.raisedOn[n]!;
    if (raised < from || raised > to) continue;
    const at = facts.accountAt[n]!;
    if (at < 0) {
      // As in the promise ledger: a filter on accounts selects no record without a known account; with no such
      // filter the record is listed as not counted.
      if (!accountFilterSet) {
        const f = flags[n]!;
        notCounted.push({
          metric: 'processIssues',
          recordType: 'flag',
          id: f.id,
          accountId: f.accountId,
          name: f.quote ?? f.note ?? f.category,
          because:
            at === NO_ACCOUNT
              ? 'it is not assigned to an account yet, so it cannot show a pattern across accounts'
              : 'it belongs to no known account, so it cannot show a pattern across accounts',
        });
      }
      continue;
    }
    if (!accountFilterSet || matchesAccountFilter(accounts[at]!, filter)) periodFlags.push(n);
  }
  // One pass over each category's flags for its accounts, open count and ids (a period can hold thousands).
  const processIssues: ReviewAgenda['processIssues'] = [];
  const lists = new AccountLists(facts.places);
  groupByKey(periodFlags, (n) => flags[n]!.category).forEach((list, category) => {
    const flagIds = new Array<string>(list.length);
    const places = new Array<number>(list.length);
    let open = 0;
    for (let k = 0; k < list.length; k++) {
      const f = flags[list[k]!]!;
      if (!f.resolved) open++;
      flagIds[k] = f.id;
      places[k] = facts.accountAt[list[k]!]!;
    }
    const accountIds = lists.ids(places);
    if (accountIds.length < 2) return;
    processIssues.push({
      category: category as RiskCategory,
      accounts: accountIds.length,
      accountIds,
      flags: list.length,
      open,
      flagIds,
    });
  });
  processIssues.sort((a, b) => b.accounts - a.accounts || b.flags - a.flags || byText(a.category, b.category));

  return { processIssues, notCounted };
}

// Wording for the agenda text: the panel's words (../labels.ts) for health inputs and risk categories.
const SIGNAL_WORDS: Record<ExpansionSignal, string> = {
  'adoption-growth': 'adoption up',
  'active-user-growth': 'active users growing',
  'healthy-rising': 'healthy and rising',
};
const BAND_WORDS = { healthy: 'healthy', watch: 'watch', 'at-risk': 'at risk' } as const;
const KICKOFF_WORDS = {
  met: 'kickoff held on time',
  overdue: 'kickoff overdue',
  pending: 'kickoff due',
  'not-applicable': 'no kickoff due',
} as const;

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const money = (m: { currency: string; amount: number }) => `${m.currency} ${NUMBER.format(m.amount)}`;
const signed = (n: number) => (n > 0 ? `+${NUMBER.format(n)}` : `−${NUMBER.format(-n)}`);

/**
 * Text from a CRM, a backend or an import, made inert for Markdown: only the
 * characters that start formatting, links or HTML are escaped, so dates,
 * parentheses and ordinary punctuation read as typed. Line breaks become
 * spaces, since one would end the list item.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>~|]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '\\&');
}

// A checklist barely started would list every item; the first few say enough.
function missingText(labels: readonly string[]): string {
  if (labels.length === 0) return 'no required item missing';
  if (labels.length <= 3) return `required missing: ${labels.join('; ')}`;
  return `${labels.length} required items missing, first: ${labels.slice(0, 3).join('; ')}`;
}

/**
 * How a line of the agenda writes what comes from elsewhere: names and labels
 * from a CRM, a backend or an import (`text`), and amounts (`money`). The page
 * writes them as they are and in its own money format; the Markdown copy
 * escapes the text and names each currency.
 */
export interface AgendaWriting {
  text: (text: string) => string;
  money: (amount: { currency: string; amount: number }) => string;
}

// What each line says after the account's name (or, for a process issue, its category's label): the page and the
// Markdown copy write the same words, so the agenda on screen, on paper and in the meeting notes reads alike.

export function atRiskDetails(a: ReviewAgenda['atRisk'][number], w: AgendaWriting): string {
  const was = a.previousScore !== null && a.previousScore !== a.score ? ` (was ${a.previousScore})` : '';
  const parts = [`health ${a.score}${was}, ${BAND_WORDS[a.band]}`, w.money(a.arr)];
  if (a.movedMost) parts.push(`moved most: ${HEALTH_COMPONENT_LABELS[a.movedMost.component]} ${signed(a.movedMost.delta)} points`);
  else if (a.weakest) parts.push(`weakest: ${HEALTH_COMPONENT_LABELS[a.weakest.component]} (${a.weakest.score})`);
  parts.push(
    a.nextOutreach ? `next outreach: ${w.text(a.nextOutreach.name)} (${a.nextOutreach.role === 'csm' ? 'CSM' : 'AE'})` : 'next outreach: unassigned',
  );
  return parts.join('; ');
}

export function expansionDetails(e: ReviewAgenda['expansionSignals'][number], w: AgendaWriting): string {
  const parts = [e.signals.map((s) => SIGNAL_WORDS[s]).join(', '), `health ${e.score}`];
  if (e.unbookedExpansion) parts.push(`expected expansion not booked: ${w.money(e.unbookedExpansion)}`);
  if (e.ownerAe) parts.push(`AE ${w.text(e.ownerAe)}`);
  return parts.join('; ');
}

export function handoffDetails(h: ReviewAgenda['handoffs'][number], w: AgendaWriting): string {
  return [
    `${h.upcoming ? 'closing' : 'closed'} ${h.closedWonDate}`,
    `checklist ${h.completenessPercent}%`,
    missingText(h.requiredMissing.map(w.text)),
    h.kickoff.dueDate ? `${KICKOFF_WORDS[h.kickoff.status]} (due ${h.kickoff.dueDate})` : KICKOFF_WORDS[h.kickoff.status],
  ].join('; ');
}

export function processIssueDetails(p: Pick<ReviewAgenda['processIssues'][number], 'accounts' | 'flags' | 'open'>): string {
  return `${p.accounts} accounts, ${p.flags} flags (${p.open} open)`;
}

const MARKDOWN_WRITING: AgendaWriting = { text: escapeMarkdownText, money };

/** The agenda as Markdown for Slack or the meeting notes, sections in the meeting's order. */
export function agendaToMarkdown(agenda: ReviewAgenda): string {
  const w = MARKDOWN_WRITING;
  const lines: string[] = [`# Sales–CS alignment review, ${agenda.asOf}`, ''];
  const section = (title: string, items: string[]) => {
    lines.push(`## ${title}`, '');
    lines.push(...(items.length > 0 ? items : ['None.']), '');
  };

  section(
    `1. At-risk accounts (${agenda.atRisk.length})`,
    agenda.atRisk.map((a, i) => `${i + 1}. **${w.text(a.name)}**: ${atRiskDetails(a, w)}`),
  );
  section(
    `2. Expansion signals (${agenda.expansionSignals.length})`,
    agenda.expansionSignals.map((e) => `- **${w.text(e.name)}**: ${expansionDetails(e, w)}`),
  );
  section(
    `3. Handoffs (${agenda.handoffs.length})`,
    agenda.handoffs.map((h) => `- **${w.text(h.name)}**: ${handoffDetails(h, w)}`),
  );
  section(
    `4. Process issues (${agenda.processIssues.length})`,
    agenda.processIssues.map((p) => `- **${RISK_CATEGORY_LABELS[p.category]}**: ${processIssueDetails(p)}`),
  );
  return lines.join('\n').trimEnd() + '\n';
}
