import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { SegmentSchema, type Segment } from '../../lib/core/domain/account';
import { toIsoDate } from '../../lib/core/domain/dates';
import type { DashboardFilter } from '../../lib/core/domain/dashboard/filters';
import { PromiseOutcomeSchema, type PromiseOutcome } from '../../lib/core/domain/dashboard/promise-ledger';
import {
  agendaToMarkdown,
  atRiskDetails,
  expansionDetails,
  handoffDetails,
  processIssueDetails,
  type AgendaWriting,
  type ReviewAgenda,
} from '../../lib/core/domain/dashboard/review-agenda';
import { accountListKey, type DashboardView, type EarlierDashboard } from '../../lib/core/domain/dashboard/summary';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { dashboardAgendaQuery, dashboardEarlierQuery, dashboardQuery } from '../app/data-queries';
import { Button, Card, ErrorBanner, Muted, Skeleton, focusRing } from '../ui';
import { AccountsTable } from './AccountsTable';
import { CountButton, DataTable, Figure, moneyText, type Drill, type OnDrill } from './parts';
import { BarChart, StackedBarChart } from './BarChart';
import { FIRST_PERIOD_ID, PERIODS, dashboardFilterOf } from '../../lib/core/domain/dashboard/periods';
import { NotCountedList, PreviewTable, allRowsQuery, holdsAllRows } from './tables';
import { COMMITMENT_KIND_LABELS, PROMISE_OUTCOME_LABELS, RISK_CATEGORY_LABELS, ROADMAP_LABELS, SEGMENT_LABELS } from '../shared/labels';

export interface DashboardAppProps {
  /** Writes the agenda to the clipboard (the page passes navigator.clipboard). */
  copyText?: (text: string) => Promise<void>;
  /** Opens the browser's print dialog on the page as it stands (window.print). */
  print?: () => void;
}

export function DashboardApp({ copyText, print = () => window.print() }: DashboardAppProps) {
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const [periodId, setPeriodId] = useState<string>(FIRST_PERIOD_ID);
  const [segment, setSegment] = useState<Segment | ''>('');
  const [ownerAe, setOwnerAe] = useState('');
  const [csm, setCsm] = useState('');
  const [drill, setDrill] = useState<Drill | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const today = toIsoDate(useNow());

  const filter: DashboardFilter = useMemo(
    () => dashboardFilterOf(today, periodId, { segment, ownerAe, csm }),
    [periodId, segment, ownerAe, csm, today],
  );

  const query = useQuery({ ...dashboardQuery(client, source, filter), placeholderData: keepPreviousData });
  // With no figures yet (the page just opened, and the background must read the store first), those kept earlier
  // for the same choice stand in, marked as earlier, rather than an empty page for the seconds the read takes.
  const earlier = useQuery({ ...dashboardEarlierQuery(client, source, filter), enabled: query.data === undefined });
  const standIn = query.data === undefined ? (earlier.data ?? undefined) : undefined;
  const dashboard = query.data ?? standIn?.view;
  // The sections below the alignment numbers render in a deferred render, after the commit that shows those
  // numbers, so the browser can paint them first: the first figures a person sees do not wait for the tables and
  // charts further down.
  const below = useDeferredValue(dashboard);
  // After a filter changes, the figures of the filters chosen before stay on screen until the new ones arrive. Most
  // arrive within a moment; one that takes longer (the first after the background started, which waits for its read
  // of the store) is said, so nobody reads them as the new filters'. They are not dimmed: faded, the page's muted
  // text would fall below AA contrast.
  const previous = query.isPlaceholderData;
  const waitingLong = useLasting(previous, SLOW_FILTER_MS);

  // People to filter by: everyone seen so far, so choosing one AE does not
  // empty the list of the others. Adjusted during render when new figures
  // arrive (React's pattern for state derived from changing input).
  const [people, setPeople] = useState<{ seen: DashboardView | undefined; ae: string[]; csm: string[] }>({ seen: undefined, ae: [], csm: [] });
  if (dashboard && dashboard !== people.seen) {
    const merge = (known: string[], found: (string | null)[]) => [...new Set([...known, ...found.filter((x): x is string => x !== null)])].sort();
    setPeople({
      seen: dashboard,
      ae: merge(people.ae, dashboard.people.ownerAes),
      csm: merge(people.csm, dashboard.people.csms),
    });
  }
  const aes = people.ae;
  const csms = people.csm;

  const drillHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (drill) drillHeading.current?.focus();
  }, [drill]);

  // The number a drill-down was opened from gets the focus back when it closes, so a keyboard user carries on
  // from where they were rather than from the top of the page.
  const drillOpener = useRef<HTMLElement | null>(null);
  const onDrill: OnDrill = (d) => {
    drillOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDrill(d);
  };
  const closeDrill = () => {
    setDrill(null);
    if (drillOpener.current?.isConnected) drillOpener.current.focus();
  };

  // The view carries the agenda's first items; the Markdown has all of it.
  async function copyAgenda() {
    try {
      const agenda = await queryClient.fetchQuery(dashboardAgendaQuery(client, source, filter));
      await (copyText ?? ((t: string) => navigator.clipboard.writeText(t)))(agendaToMarkdown(agenda));
      setCopied('Agenda copied as Markdown.');
    } catch (e) {
      setCopied(`The agenda could not be copied (${e instanceof Error ? e.message : String(e)}).`);
    }
  }

  return (
    <main className="mx-auto flex max-w-6xl min-w-0 flex-col gap-4 p-4 text-slate-900 dark:text-slate-100">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Sales–CS alignment dashboard</h1>
          <Muted>
            {dashboard ? `As of ${dashboard.asOf}, ${dashboard.filter.from} to ${dashboard.filter.to}` : 'Loading…'} ·{' '}
            {source === 'local' ? 'data on this computer' : 'team backend'}
          </Muted>
        </div>
        <form className="flex flex-wrap items-end gap-2 text-xs print:hidden" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <Select label="Period" value={periodId} onChange={setPeriodId} options={PERIODS.map((p) => [p.id, p.label])} />
          <Select
            label="Segment"
            value={segment}
            onChange={(v) => setSegment(v as Segment | '')}
            options={[['', 'All segments'], ...SegmentSchema.options.map((s) => [s, SEGMENT_LABELS[s]] as const)]}
          />
          <Select label="Owner AE" value={ownerAe} onChange={setOwnerAe} options={[['', 'All AEs'], ...aes.map((a) => [a, a] as const)]} />
          <Select label="CSM" value={csm} onChange={setCsm} options={[['', 'All CSMs'], ...csms.map((c) => [c, c] as const)]} />
        </form>
      </header>

      {query.isError && <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />}
      {!dashboard && !query.isError && <Skeleton className="h-64" />}
      {standIn && (
        <p
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          {EARLIER_NOTES[standIn.behind](standIn.view.asOf)}
        </p>
      )}
      {waitingLong && !query.isError && (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-2 text-sm dark:border-slate-600 dark:bg-slate-800">
          Computing the figures for the filters chosen. Those below are still for the filters chosen before.
        </p>
      )}
      {dashboard && (
        <div aria-busy={query.isFetching} data-figures={standIn ? 'earlier' : previous ? 'previous' : 'current'} className="flex flex-col gap-4">
          <AlignmentSection d={dashboard} onDrill={onDrill} />
          {below ? (
            <>
              <KpiSection d={below} onDrill={onDrill} />
              <PromiseSection d={below} onDrill={onDrill} />
              <AgendaSection d={below} filter={filter} onDrill={onDrill} onCopy={() => void copyAgenda()} copied={copied} print={print} />
              <CapacitySection d={below} onDrill={onDrill} />
            </>
          ) : (
            <Skeleton className="h-64" />
          )}
          {drill && (
            <section
              aria-labelledby="drill-heading"
              className="rounded-lg border border-indigo-300 bg-white p-3 dark:border-indigo-700 dark:bg-slate-900"
              onKeyDown={(e) => {
                if (e.key === 'Escape') closeDrill();
              }}
            >
              <AccountsTable
                filter={dashboard.filter}
                drill={drill}
                heading={(total) => (
                  <div className="mb-2 flex items-center justify-between gap-2">
                    <h2 id="drill-heading" ref={drillHeading} tabIndex={-1} className={`text-sm font-semibold ${focusRing}`}>
                      Accounts behind “{drill.title}” ({total})
                    </h2>
                    <Button className="print:hidden" aria-keyshortcuts="Escape" onClick={closeDrill}>
                      Close
                    </Button>
                  </div>
                )}
              />
            </section>
          )}
        </div>
      )}
    </main>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <label className="flex flex-col gap-0.5">
      <span className="font-medium">{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`rounded-md border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-600 dark:bg-slate-800 ${focusRing}`}
      >
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

// Longer than the background takes for another filter once it holds the portfolio, so the note does not flash.
const SLOW_FILTER_MS = 400;

/** Whether `on` has been true for `ms` without a break. */
function useLasting(on: boolean, ms: number): boolean {
  const [lasted, setLasted] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setLasted(true), ms);
    return () => {
      clearTimeout(timer);
      setLasted(false);
    };
  }, [on, ms]);
  return on && lasted;
}

// Why the figures shown are not the current ones, by why they are behind.
const EARLIER_NOTES: Record<EarlierDashboard['behind'], (asOf: string) => string> = {
  writes: () => 'These are the figures from before the latest changes. The current ones are being computed and will replace them.',
  update: () => 'These are the figures the previous version of Seamline computed. This version is computing them again and will replace them.',
  day: (asOf) => `These are the figures of ${asOf}, an earlier day. Today’s are being computed and will replace them.`,
};

const pct = (p: number | null) => (p === null ? '—' : `${p}%`);
// A by-segment or by-AE row's name; the total row has none. Tables and charts name rows alike.
const segmentName = (segment: Segment | null) => (segment ? SEGMENT_LABELS[segment] : 'All');
// The agenda's lines in the Markdown copy's words; React keeps the text inert, and amounts read as the rest of the page's.
const PAGE_WRITING: AgendaWriting = { text: (text) => text, money: (amount) => moneyText([amount]) };
const aeName = (ownerAe: string | null) => ownerAe ?? 'Everyone';

function AlignmentSection({ d, onDrill }: { d: DashboardView; onDrill: OnDrill }) {
  const a = d.alignment;
  return (
    <Card title="Alignment">
      <div className="grid grid-cols-2 gap-2 lg:grid-cols-4">
        <Figure
          metric="newClientsMisaligned"
          value={pct(a.newClients.misalignedPercent)}
          list={a.newClients.misalignedAccountIds}
          onDrill={onDrill}
          detail={`${a.newClients.misalignedCount} of ${a.newClients.count} new clients · ${moneyText(a.newClients.misalignedArr)}`}
        />
        <Figure
          metric="arrAtRisk"
          value={moneyText(a.arrAtRisk.byCurrency)}
          list={a.arrAtRisk.accountIds}
          onDrill={onDrill}
          detail={`${a.arrAtRisk.accounts} accounts`}
        />
        <Figure
          metric="lostExpansion"
          value={moneyText(a.lostExpansion.byCurrency)}
          list={a.lostExpansion.accountIds}
          onDrill={onDrill}
          detail={`${a.lostExpansion.accounts} accounts`}
        />
        <Figure
          metric="wastedAcquisitionCost"
          value={moneyText(a.wastedAcquisitionCost.byCurrency)}
          list={a.wastedAcquisitionCost.accountIds}
          onDrill={onDrill}
          detail={`${a.wastedAcquisitionCost.accounts} accounts`}
        />
      </div>
      <h3 className="mt-4 mb-1 text-sm font-semibold">Funnel</h3>
      <ol className="grid grid-cols-1 gap-2 md:grid-cols-3" aria-label="Funnel">
        {a.funnel.map((step) => (
          <li key={step.step} data-funnel-step={step.step}>
            <Figure
              metric={step.step}
              label={step.label}
              value={String(step.count)}
              list={step.accountIds}
              onDrill={onDrill}
              detail={moneyText(step.arr)}
            />
          </li>
        ))}
      </ol>
      <BarChart items={a.funnel.map((step) => ({ label: step.label, value: step.count, text: `${step.count} accounts` }))} />
      <p className="mt-2 rounded-md bg-amber-100 p-2 text-sm font-medium text-amber-950 dark:bg-amber-900/40 dark:text-amber-100">
        This is not a CS problem — it’s a business alignment problem.
      </p>
      <NotCountedList filter={d.filter} lists={[a.notCounted]} />
    </Card>
  );
}

function KpiSection({ d, onDrill }: { d: DashboardView; onDrill: OnDrill }) {
  const r = d.retention;
  return (
    // On paper the alignment numbers and the funnel have the first sheet to themselves: the KPIs' charts do not break
    // across pages, and would otherwise leave this heading alone at the foot of it.
    <Card title="Shared KPIs" className="print:break-before-page">
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <div className="flex flex-col gap-2">
          <BarChart
            items={r.byCurrency.flatMap((c) => [
              { label: `NRR ${c.currency}`, value: c.nrrPercent ?? 0, text: pct(c.nrrPercent) },
              { label: `GRR ${c.currency}`, value: c.grrPercent ?? 0, text: pct(c.grrPercent) },
            ])}
            limit={{ value: 100, label: '100%' }}
          />
          <DataTable
            caption={`Net and gross revenue retention, ${r.from} to ${r.to}, per currency`}
            filename="retention.csv"
            header={['Currency', 'NRR', 'GRR', 'ARR at start', 'ARR at end', 'Expansion ARR', 'Churned ARR']}
            rows={r.byCurrency.map((c) => [
              c.currency,
              pct(c.nrrPercent),
              pct(c.grrPercent),
              c.startArr,
              c.endArr,
              c.movements.expansion,
              c.movements.churn,
            ])}
            cells={r.byCurrency.map((c) => [
              c.currency,
              <span key="nrr" data-metric="nrr" data-currency={c.currency}>
                <CountButton count={pct(c.nrrPercent)} title={`NRR cohort (${c.currency})`} list={c.cohortAccountIds} onDrill={onDrill} />
              </span>,
              <CountButton key="grr" count={pct(c.grrPercent)} title={`GRR cohort (${c.currency})`} list={c.cohortAccountIds} onDrill={onDrill} />,
              moneyText([{ currency: c.currency, amount: c.startArr }]),
              moneyText([{ currency: c.currency, amount: c.endArr }]),
              <CountButton
                key="exp"
                count={moneyText([{ currency: c.currency, amount: c.movements.expansion }])}
                title={`Expansion (${c.currency})`}
                list={c.expandedAccountIds}
                onDrill={onDrill}
              />,
              <CountButton
                key="churn"
                count={moneyText([{ currency: c.currency, amount: c.movements.churn }])}
                title={`Churned (${c.currency})`}
                list={c.churnedAccountIds}
                onDrill={onDrill}
              />,
            ])}
          />
        </div>
        <div className="flex flex-col gap-2">
          <BarChart
            items={d.earlyChurn.byAe.map((row) => ({
              label: aeName(row.ownerAe),
              value: row.percent ?? 0,
              text: `${pct(row.percent)} (${row.churned} of ${row.judged})`,
            }))}
          />
          <DataTable
            caption={`Churn within ${d.earlyChurn.windowDays} days of close, by owner AE`}
            filename="early-churn.csv"
            header={['Owner AE', 'Churned', 'Judged', 'Share']}
            rows={[d.earlyChurn.total, ...d.earlyChurn.byAe].map((row) => [aeName(row.ownerAe), row.churned, row.judged, pct(row.percent)])}
            cells={[d.earlyChurn.total, ...d.earlyChurn.byAe].map((row) => [
              aeName(row.ownerAe),
              <CountButton
                key="c"
                count={row.churned}
                title={`Early churn, ${row.ownerAe ?? 'everyone'}`}
                list={row.churnedAccountIds}
                onDrill={onDrill}
              />,
              <CountButton
                key="j"
                count={row.judged}
                title={`Judged for early churn, ${row.ownerAe ?? 'everyone'}`}
                list={row.accountIds}
                onDrill={onDrill}
              />,
              pct(row.percent),
            ])}
          />
        </div>
        <div className="flex flex-col gap-2">
          <BarChart
            items={d.timeToValue.bySegment.map((row) => ({
              label: segmentName(row.segment),
              value: row.medianDays ?? 0,
              text: row.medianDays === null ? '—' : `${row.medianDays} days`,
            }))}
          />
          <DataTable
            caption="Time to value (closed-won to first value), by segment"
            filename="time-to-value.csv"
            header={['Segment', 'Reached', 'Median days', 'Average days', 'Still waiting']}
            rows={[d.timeToValue.total, ...d.timeToValue.bySegment].map((row) => [
              segmentName(row.segment),
              row.reached,
              row.medianDays,
              row.averageDays,
              row.waitingAccountIds.count,
            ])}
            cells={[d.timeToValue.total, ...d.timeToValue.bySegment].map((row) => [
              segmentName(row.segment),
              <CountButton
                key="r"
                count={row.reached}
                title={`Reached first value, ${row.segment ?? 'all'}`}
                list={row.accountIds}
                onDrill={onDrill}
              />,
              row.medianDays ?? '—',
              row.averageDays ?? '—',
              <CountButton
                key="w"
                count={row.waitingAccountIds.count}
                title={`Waiting for first value, ${row.segment ?? 'all'}`}
                list={row.waitingAccountIds}
                onDrill={onDrill}
              />,
            ])}
          />
        </div>
        <div className="flex flex-col gap-2">
          <BarChart
            items={d.kickoff.bySegment.map((row) => ({
              label: segmentName(row.segment),
              value: row.attainmentPercent ?? 0,
              text: pct(row.attainmentPercent),
            }))}
            limit={{ value: 100, label: '100%' }}
          />
          <DataTable
            caption="Kickoff-SLA attainment by segment"
            filename="kickoff-sla.csv"
            header={['Segment', 'SLA (business days)', 'Met', 'Overdue', 'Pending', 'Attainment']}
            rows={[d.kickoff.total, ...d.kickoff.bySegment].map((row) => [
              segmentName(row.segment),
              row.businessDays,
              row.met,
              row.overdue,
              row.pending,
              pct(row.attainmentPercent),
            ])}
            cells={[d.kickoff.total, ...d.kickoff.bySegment].map((row) => [
              segmentName(row.segment),
              row.businessDays ?? '—',
              <CountButton key="m" count={row.met} title={`Kickoff SLA met, ${row.segment ?? 'all'}`} list={row.metAccountIds} onDrill={onDrill} />,
              <CountButton
                key="o"
                count={row.overdue}
                title={`Kickoff overdue, ${row.segment ?? 'all'}`}
                list={row.overdueAccountIds}
                onDrill={onDrill}
              />,
              <CountButton
                key="p"
                count={row.pending}
                title={`Kickoff pending, ${row.segment ?? 'all'}`}
                list={row.pendingAccountIds}
                onDrill={onDrill}
              />,
              pct(row.attainmentPercent),
            ])}
          />
        </div>
      </div>
      <NotCountedList filter={d.filter} lists={[r.notCounted, d.earlyChurn.notCounted, d.timeToValue.notCounted, d.kickoff.notCounted]} />
    </Card>
  );
}

const OUTCOMES = PromiseOutcomeSchema.options;
// Each at least 3:1 against the card in its theme; an outcome added to the core fails the type check here.
const OUTCOME_FILL: Record<PromiseOutcome, string> = {
  delivered: 'fill-emerald-600 dark:fill-emerald-400',
  'pushed-back': 'fill-sky-600 dark:fill-sky-400',
  broken: 'fill-rose-700 dark:fill-rose-400',
  overdue: 'fill-amber-700 dark:fill-amber-400',
  open: 'fill-slate-500 dark:fill-slate-400',
};

function PromiseSection({ d, onDrill }: { d: DashboardView; onDrill: OnDrill }) {
  const p = d.promises;
  const rows = [p.all, ...p.byAe];
  const listOf = (row: (typeof rows)[number], outcome: (typeof OUTCOMES)[number]) =>
    row.outcomes.find((x) => x.outcome === outcome)?.accountIds ?? { key: '', count: 0 };
  return (
    <Card title="Promise ledger">
      <StackedBarChart
        series={OUTCOMES.map((o) => ({ key: o, label: PROMISE_OUTCOME_LABELS[o], className: OUTCOME_FILL[o] }))}
        items={p.byAe.map((row) => ({ label: aeName(row.ae), values: row.byOutcome, text: `${row.total} promises` }))}
      />
      <DataTable
        caption="Commitments by outcome, per account executive"
        filename="promise-ledger.csv"
        header={['Made by', 'Total', ...OUTCOMES.map((o) => PROMISE_OUTCOME_LABELS[o])]}
        rows={rows.map((row) => [aeName(row.ae), row.total, ...OUTCOMES.map((o) => row.byOutcome[o])])}
        cells={rows.map((row) => [
          aeName(row.ae),
          row.total,
          ...OUTCOMES.map((o) => (
            <CountButton
              key={o}
              count={row.byOutcome[o]}
              title={`${PROMISE_OUTCOME_LABELS[o]} promises, ${row.ae ?? 'everyone'}`}
              list={listOf(row, o)}
              onDrill={onDrill}
            />
          )),
        ])}
      />
      <div className="mt-3 grid grid-cols-1 gap-3 lg:grid-cols-2">
        <PreviewTable
          filter={d.filter}
          preview={p.roadmapGaps.items}
          kind="roadmapGaps"
          caption={`Roadmap-gap promises (${p.roadmapGaps.count}), ${moneyText(p.roadmapGaps.arr)}`}
          filename="roadmap-gaps.csv"
          header={['Promise', 'Kind', 'Roadmap', 'Outcome', 'Made by']}
          toCells={(i) => [i.text, COMMITMENT_KIND_LABELS[i.kind], ROADMAP_LABELS[i.roadmapStatus], PROMISE_OUTCOME_LABELS[i.outcome], i.madeBy]}
        />
        <PreviewTable
          filter={d.filter}
          preview={p.brokenThenTrouble}
          kind="brokenThenTrouble"
          caption="Broken promise, then churn or a health drop"
          filename="broken-then-trouble.csv"
          header={['Account', 'Broken on', 'Churned on', 'Health before', 'Health after']}
          toCells={(b) => [b.name, b.brokenOn, b.churnedOn, b.healthBefore, b.healthAfter]}
        />
      </div>
      <NotCountedList filter={d.filter} lists={[p.notCounted]} />
    </Card>
  );
}

function AgendaSection({
  d,
  filter,
  onDrill,
  onCopy,
  copied,
  print,
}: {
  d: DashboardView;
  filter: DashboardFilter;
  onDrill: OnDrill;
  onCopy: () => void;
  copied: string | null;
  print: () => void;
}) {
  const { client, source } = useData();
  const [all, setAll] = useState(false);
  const full = useQuery({ ...dashboardAgendaQuery(client, source, filter), enabled: all });
  const totals = d.agendaTotals;
  const more =
    totals.atRisk > d.agenda.atRisk.length ||
    totals.expansionSignals > d.agenda.expansionSignals.length ||
    totals.handoffs > d.agenda.handoffs.length;
  // The first items come with the figures; the whole agenda once asked for.
  const g: Pick<ReviewAgenda, 'atRisk' | 'expansionSignals' | 'handoffs'> & { processIssues: DashboardView['agenda']['processIssues'] } =
    all && full.data ? { ...full.data, processIssues: d.agenda.processIssues } : d.agenda;
  const whole = !more || (all && full.data !== undefined);
  // A printed agenda is taken into the meeting: Print asks for the whole of it first, and for every record it
  // could not count with why, and has them on the page (rendered at once, flushSync) before the browser's print
  // takes the page as it stands.
  const queryClient = useQueryClient();
  const [printing, setPrinting] = useState(false);
  const [reasonsOpen, setReasonsOpen] = useState(false);
  async function printWhole() {
    setPrinting(true);
    try {
      const reasons = d.agenda.notCounted;
      const had = (p: Promise<unknown>) =>
        p.then(
          () => true,
          () => false,
        );
      const [hadAgenda, hadReasons] = await Promise.all([
        whole || had(queryClient.fetchQuery(dashboardAgendaQuery(client, source, filter))),
        holdsAllRows(reasons) || had(queryClient.ensureQueryData(allRowsQuery(queryClient, client, source, d.filter, reasons, 'notCounted'))),
      ]);
      // Shown either way: the whole of each, or why it could not be had (its error, with its retry).
      flushSync(() => {
        if (!whole) setAll(true);
        setReasonsOpen(true);
      });
      if (hadAgenda && hadReasons) print();
    } finally {
      setPrinting(false);
    }
  }
  return (
    <Card
      title="Bi-weekly alignment review"
      className="print:break-before-page"
      actions={
        <span className="flex items-center gap-2 print:hidden">
          <span role="status" className="text-xs">
            {copied}
          </span>
          <Button variant="primary" onClick={onCopy}>
            Copy agenda as Markdown
          </Button>
          <Button disabled={printing} onClick={() => void printWhole()}>
            {printing ? 'Preparing to print…' : 'Print'}
          </Button>
        </span>
      }
    >
      <ol className="flex list-decimal flex-col gap-3 pl-5 text-sm">
        <li>
          <span className="font-semibold">At-risk accounts ({totals.atRisk})</span>
          <ol className="list-decimal pl-5" data-agenda="at-risk">
            {g.atRisk.map((a) => (
              <li key={a.accountId}>
                <CountButton count={a.name} title={a.name} list={{ key: accountListKey(a.accountId), count: 1 }} onDrill={onDrill} /> —{' '}
                {atRiskDetails(a, PAGE_WRITING)}
              </li>
            ))}
          </ol>
        </li>
        <li>
          <span className="font-semibold">Expansion signals ({totals.expansionSignals})</span>
          <ul className="list-disc pl-5" data-agenda="expansion">
            {g.expansionSignals.map((e) => (
              <li key={e.accountId}>
                {e.name} — {expansionDetails(e, PAGE_WRITING)}
              </li>
            ))}
          </ul>
        </li>
        <li>
          <span className="font-semibold">Handoffs ({totals.handoffs})</span>
          <ul className="list-disc pl-5" data-agenda="handoffs">
            {g.handoffs.map((h) => (
              <li key={h.accountId}>
                {h.name} — {handoffDetails(h, PAGE_WRITING)}
              </li>
            ))}
          </ul>
        </li>
        <li>
          <span className="font-semibold">Process issues ({g.processIssues.length})</span>
          <ul className="list-disc pl-5" data-agenda="process">
            {g.processIssues.map((p) => (
              <li key={p.category}>
                <CountButton
                  count={RISK_CATEGORY_LABELS[p.category]}
                  title={`Process issue: ${RISK_CATEGORY_LABELS[p.category]}`}
                  list={p.accountIds}
                  onDrill={onDrill}
                />{' '}
                — {processIssueDetails(p)}
              </li>
            ))}
          </ul>
        </li>
      </ol>
      {!whole && (
        <div className="mt-2 flex items-center gap-2 text-xs">
          {/* Printed too (the browser's own Print prints the page as it stands): the paper says it is not the whole agenda. */}
          <Muted>Showing the first items of each section.</Muted>
          <Button className="print:hidden" onClick={() => setAll(true)} disabled={all && full.isFetching}>
            {all && full.isFetching ? 'Loading the whole agenda…' : 'Show the whole agenda'}
          </Button>
          {full.isError && <ErrorBanner error={full.error} onRetry={() => void full.refetch()} />}
        </div>
      )}
      <NotCountedList filter={d.filter} lists={[d.agenda.notCounted]} open={reasonsOpen} />
    </Card>
  );
}

function CapacitySection({ d, onDrill }: { d: DashboardView; onDrill: OnDrill }) {
  const c = d.capacity;
  return (
    <Card title="Capacity">
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <div>
          <BarChart
            items={c.onboarding.byCsm.map((r) => ({
              label: r.csm,
              value: r.count,
              text: `${r.count} / ${c.onboarding.capacity}`,
              over: r.overCapacity,
            }))}
            limit={{ value: c.onboarding.capacity, label: `capacity ${c.onboarding.capacity}` }}
          />
          <DataTable
            caption={`Accounts in onboarding per CSM (capacity ${c.onboarding.capacity} each)`}
            filename="onboarding-load.csv"
            header={['CSM', 'In onboarding', 'Load', 'Over capacity']}
            rows={c.onboarding.byCsm.map((r) => [r.csm, r.count, `${r.loadPercent}%`, r.overCapacity ? 'yes' : 'no'])}
            cells={c.onboarding.byCsm.map((r) => [
              r.csm,
              <CountButton key="n" count={r.count} title={`In onboarding with ${r.csm}`} list={r.accountIds} onDrill={onDrill} />,
              `${r.loadPercent}%`,
              r.overCapacity ? 'yes' : 'no',
            ])}
          />
        </div>
        <DataTable
          caption="Deals closed in the last week of the quarter"
          filename="quarter-end-deals.csv"
          header={['Owner AE', 'Deals', 'In the last week', 'Share', 'ARR']}
          rows={[c.quarterEnd.total, ...c.quarterEnd.byAe].map((r) => [aeName(r.ownerAe), r.deals, r.quarterEnd, pct(r.percent), moneyText(r.arr)])}
          cells={[c.quarterEnd.total, ...c.quarterEnd.byAe].map((r) => [
            aeName(r.ownerAe),
            r.deals,
            <CountButton
              key="q"
              count={r.quarterEnd}
              title={`Quarter-end deals, ${r.ownerAe ?? 'everyone'}`}
              list={r.accountIds}
              onDrill={onDrill}
            />,
            pct(r.percent),
            moneyText(r.arr),
          ])}
        />
      </div>
      <NotCountedList filter={d.filter} lists={[c.notCounted]} />
    </Card>
  );
}
