import Papa from 'papaparse';
import { toIsoDate } from '../../lib/core/domain/dates';
import {
  agendaToMarkdown,
  dashboardOfExport,
  dashboardSettingsOf,
  lastDays,
  type Dashboard,
  type DashboardFilter,
} from '../../lib/core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { ExportBundle } from '../../lib/core/model';
import { formatMoney } from '../../components/ui/format';

// The dashboard page's top figures as the page shows them and as the test
// computes them itself from the store's export, in one shape, so every browser's
// test compares the same things: the four alignment numbers, the funnel's
// counts and NRR per currency.

export const CALL_OUT = 'This is not a CS problem — it’s a business alignment problem.';

export const ALIGNMENT_NUMBERS = ['newClientsMisaligned', 'arrAtRisk', 'lostExpansion', 'wastedAcquisitionCost'] as const;

export interface TopFigures {
  /** The day the figures are for (the page says it in its header). */
  asOf: string | null;
  alignment: Record<(typeof ALIGNMENT_NUMBERS)[number], string | null>;
  funnel: string[];
  nrr: Record<string, string | null>;
}

/**
 * The figures the page opens on for `day` (its first filter: the last 365
 * days), or those for `filter`, from the export. The test asks for the day the
 * page shows: the page keeps the day it opened on, and a suite that runs past
 * midnight UTC would otherwise compare it with the next day's figures. The
 * figures hold for the whole of a day (the background keeps them by the day),
 * so any time in it will do.
 */
export function expectedDashboard(bundle: ExportBundle, day: string, filter: Partial<DashboardFilter> = {}): Dashboard {
  const now = new Date(`${day}T12:00:00Z`);
  return dashboardOfExport(bundle, dashboardSettingsOf(DEFAULT_SETTINGS), { ...lastDays(now, 365), ...filter }, now);
}

/** The days a page or a computation between `since` and now can be for: one, or two across midnight UTC. */
export function daysSince(since: Date): string[] {
  return [...new Set([toIsoDate(since), toIsoDate(new Date())])];
}

/**
 * The agenda a Markdown copy made since `copiedAt` is held to: the copy is
 * computed as it is asked for, for the page's period on the background's day,
 * which a copy across midnight UTC makes one of two. The agenda the copy
 * equals, or the first day's, for the caller to compare with the copy.
 */
export function copiedAgenda(
  bundle: ExportBundle,
  copiedAt: Date,
  period: Pick<DashboardFilter, 'from' | 'to'>,
  markdown: string,
): Dashboard['agenda'] {
  const agendas = daysSince(copiedAt).map((day) => expectedDashboard(bundle, day, period).agenda);
  return agendas.find((a) => agendaToMarkdown(a) === markdown) ?? agendas[0]!;
}

/**
 * The day and the period of the current figures on the page, from its header
 * ("As of <day>, <from> to <to>"), or null while it shows none (or those of an
 * earlier day, marked so, until the current ones come). It runs in the page,
 * like `readTopFigures`.
 */
export function readShownPeriod(): { asOf: string; from: string; to: string } | null {
  if (!document.querySelector('[data-figures="current"]')) return null;
  const m = /As of (\d{4}-\d{2}-\d{2}), (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(document.body.textContent ?? '');
  return m ? { asOf: m[1]!, from: m[2]!, to: m[3]! } : null;
}

const moneyText = (items: { currency: string; amount: number }[]) =>
  items.length === 0 ? '—' : items.map((m) => formatMoney(m.amount, m.currency, 'en-US')).join(' · ');

const percentText = (value: number | null) => (value === null ? '—' : `${value}%`);

/** What the page should show for `d`. */
export function topFiguresOf(d: Dashboard): TopFigures {
  const a = d.alignment;
  return {
    asOf: d.asOf,
    alignment: {
      newClientsMisaligned: percentText(a.newClients.misalignedPercent),
      arrAtRisk: moneyText(a.arrAtRisk.byCurrency),
      lostExpansion: moneyText(a.lostExpansion.byCurrency),
      wastedAcquisitionCost: moneyText(a.wastedAcquisitionCost.byCurrency),
    },
    funnel: a.funnel.map((s) => String(s.count)),
    nrr: Object.fromEntries(d.retention.byCurrency.map((c) => [c.currency, percentText(c.nrrPercent)])),
  };
}

/**
 * Reads the figures in the page. It runs there, passed as it is to
 * Playwright's `evaluate` or as its source to Marionette, so it refers to
 * nothing outside itself.
 */
export function readTopFigures(metrics: readonly string[]): TopFigures {
  return {
    asOf: /As of (\d{4}-\d{2}-\d{2}),/.exec(document.body.textContent ?? '')?.[1] ?? null,
    alignment: Object.fromEntries(
      metrics.map((m) => [m, document.querySelector(`[data-metric="${m}"] [data-value]`)?.textContent ?? null]),
    ) as TopFigures['alignment'],
    funnel: [...document.querySelectorAll('[data-funnel-step] [data-value]')].map((el) => el.textContent ?? ''),
    nrr: Object.fromEntries(
      [...document.querySelectorAll('[data-metric="nrr"][data-currency]')].map((el) => [el.getAttribute('data-currency') ?? '', el.textContent]),
    ),
  };
}

/** An owner AE whose own funnel differs from everyone's on `day`, so choosing them visibly changes the figures. */
export function aeWithOwnFunnel(bundle: ExportBundle, day: string): string {
  const funnelOf = (d: Dashboard) => JSON.stringify(d.alignment.funnel.map((s) => s.count));
  const everyone = funnelOf(expectedDashboard(bundle, day));
  const aes = [...new Set(bundle.accounts.flatMap((a) => (a.ownerAe ? [a.ownerAe] : [])))].sort();
  const ae = aes.find((x) => funnelOf(expectedDashboard(bundle, day, { ownerAe: x })) !== everyone);
  if (!ae) throw new Error('no owner AE in the portfolio has a funnel of their own');
  return ae;
}

/**
 * Reads the page's figures until they are those `want` gives for the day they
 * are for, or `timeout` has passed, and returns the last read with what was
 * wanted for it, for the caller to compare: the sections below the alignment
 * numbers render after them, and a filter's figures arrive after the choice.
 */
export async function topFiguresShown(
  read: () => Promise<TopFigures>,
  want: (day: string) => TopFigures,
  timeout = 15_000,
): Promise<{ seen: TopFigures; wanted: TopFigures }> {
  const deadline = Date.now() + timeout;
  const wantedOn = new Map<string, TopFigures>();
  const wantFor = (day: string) => wantedOn.get(day) ?? wantedOn.set(day, want(day)).get(day)!;
  for (;;) {
    const seen = await read();
    const wanted = wantFor(seen.asOf ?? toIsoDate(new Date()));
    if (JSON.stringify(seen) === JSON.stringify(wanted) || Date.now() > deadline) return { seen, wanted };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A drill-down's CSV, header and rows, with each row cut to the columns that
 * come straight from the account (name, ARR, owner AE, CSM): the form both
 * `drillDownCsvOf` and the page's file are compared in.
 */
export function drillDownCsvShown(text: string): string[][] {
  const [header = [], ...rows] = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  return [header, ...rows.map((r) => r.slice(0, 4))];
}

/** The CSV of the accounts behind a number, as `drillDownCsvShown` reads it, from the export. */
export function drillDownCsvOf(bundle: ExportBundle, accountIds: readonly string[]): string[][] {
  const accounts = new Map(bundle.accounts.map((a) => [a.id, a]));
  return [
    ['Account', 'ARR', 'Owner AE', 'CSM', 'ICP band', 'Health', 'Reasons'],
    ...accountIds.map((id) => {
      const a = accounts.get(id);
      if (!a) throw new Error(`the number lists ${id}, which is not in the export`);
      return [a.name, `${a.arr} ${a.currency}`, a.ownerAe ?? '', a.csm ?? ''];
    }),
  ];
}
