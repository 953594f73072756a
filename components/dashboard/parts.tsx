import { useId, useState, type ReactNode } from 'react';
import type { MoneyByCurrency } from '../../lib/core/domain/dashboard/common';
import { DASHBOARD_DEFINITIONS } from '../../lib/core/domain/dashboard/definitions';
import type { DashboardList } from '../../lib/core/domain/dashboard/summary';
import { Button, Muted, focusRing, formatMoney } from '../ui';
import { downloadText } from '../app/download';
import { tableToCsv, type Cell } from './csv';

/** What a drill-down shows: the accounts behind one number, fetched by the list's key. */
export interface Drill {
  title: string;
  list: DashboardList;
}

export type OnDrill = (drill: Drill) => void;

/** Amounts per currency, never summed: there is no exchange rate in the product. */
export function moneyText(money: MoneyByCurrency): string {
  return money.length === 0 ? '—' : money.map((m) => formatMoney(m.amount, m.currency)).join(' · ');
}

/**
 * A metric's name with its definition, shown on hover and on keyboard focus
 * (the definition is also the described-by text of the number itself).
 */
export function Term({ metric, descriptionId, children }: { metric: string; descriptionId: string; children?: ReactNode }) {
  const def = DASHBOARD_DEFINITIONS[metric];
  return (
    <span className="group relative inline-flex items-center gap-1">
      <span>{children ?? def?.label ?? metric}</span>
      {def && (
        <>
          <span
            tabIndex={0}
            aria-label={`Definition of ${def.label}`}
            className={`cursor-help rounded-full border border-slate-400 px-1 text-[10px] leading-tight text-slate-600 print:hidden dark:border-slate-500 dark:text-slate-300 ${focusRing}`}
          >
            ?
          </span>
          <span
            id={descriptionId}
            role="tooltip"
            className="absolute top-full left-0 z-20 mt-1 hidden w-72 max-w-[80vw] rounded-md border border-slate-300 bg-white p-2 text-xs font-normal text-slate-800 shadow-lg group-focus-within:block group-hover:block print:hidden dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
          >
            {def.definition}
          </span>
        </>
      )}
    </span>
  );
}

/** One headline number: a button that drills down to the accounts behind it. */
export function Figure({
  metric,
  label,
  value,
  detail,
  list,
  onDrill,
}: {
  metric: string;
  label?: string;
  value: string;
  detail?: ReactNode;
  list: DashboardList;
  onDrill: OnDrill;
}) {
  const descriptionId = useId();
  const name = label ?? DASHBOARD_DEFINITIONS[metric]?.label ?? metric;
  return (
    <div data-metric={metric} className="flex min-w-0 flex-col gap-1 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="text-xs font-medium text-slate-700 dark:text-slate-300">
        <Term metric={metric} descriptionId={descriptionId}>
          {name}
        </Term>
      </div>
      <button
        type="button"
        aria-describedby={descriptionId}
        aria-label={`${name}: ${value}. Show the ${list.count} accounts behind it`}
        onClick={() => onDrill({ title: name, list })}
        className={`self-start rounded text-2xl font-semibold text-indigo-800 underline-offset-4 hover:underline dark:text-indigo-200 ${focusRing}`}
      >
        <span data-value>{value}</span>
      </button>
      {detail && <div className="text-xs text-slate-700 dark:text-slate-300">{detail}</div>}
    </div>
  );
}

/** A count in a table cell that drills down when it has accounts behind it. */
export function CountButton({ count, title, list, onDrill }: { count: number | string; title: string; list: DashboardList; onDrill: OnDrill }) {
  if (list.count === 0) return <span>{count}</span>;
  return (
    <button
      type="button"
      aria-label={`${count}: show the ${list.count} accounts (${title})`}
      onClick={() => onDrill({ title, list })}
      className={`rounded font-medium text-indigo-800 underline underline-offset-2 dark:text-indigo-200 ${focusRing}`}
    >
      {count}
    </button>
  );
}

/** A plain table with a caption and a CSV export of exactly what it shows. */
// Rows a plain table shows before "Show all".
export const TABLE_FIRST_ROWS = 50;

export function DataTable({
  caption,
  header,
  rows,
  cells,
  filename,
  allRows,
  footer,
  doc = document,
}: {
  caption: string;
  header: readonly string[];
  // Plain values, for the CSV.
  rows: readonly (readonly Cell[])[];
  // What the page shows in each cell, when it is more than the plain value (a button, a link).
  cells?: readonly (readonly ReactNode[])[];
  filename: string;
  // Every row of a table shown a page at a time, for the CSV (rows is then the page shown).
  allRows?: () => Promise<readonly (readonly Cell[])[]>;
  footer?: ReactNode;
  doc?: Document;
}) {
  const [exporting, setExporting] = useState<string | null>(null);
  const captionId = useId();
  // A long table (a portfolio's roadmap gaps run to the thousands) shows its first rows until asked for all of them:
  // rendering every row would hold back the first figures, and the CSV has them all anyway. A table shown a page
  // at a time (allRows) already keeps its page short.
  const [showAll, setShowAll] = useState(false);
  const shown = allRows || showAll ? rows : rows.slice(0, TABLE_FIRST_ROWS);
  async function exportCsv() {
    if (!allRows) return downloadText(doc, filename, tableToCsv(header, rows));
    setExporting('Preparing the CSV…');
    try {
      downloadText(doc, filename, tableToCsv(header, await allRows()));
      setExporting(null);
    } catch (e) {
      setExporting(`The CSV could not be prepared (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  // The caption and its Export stand above the table's scrolling box, not in it: a table wider than its column
  // scrolls sideways, and its caption (a table's own caption is as wide as the table) would take the button out of
  // sight with it.
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-2 text-xs font-medium text-slate-700 dark:text-slate-300">
        <span id={captionId}>{caption}</span>
        <span className="flex items-center gap-2">
          {allRows && (
            <span role="status" className="text-xs">
              {exporting}
            </span>
          )}
          <Button className="print:hidden" disabled={exporting === 'Preparing the CSV…'} onClick={() => void exportCsv()}>
            Export CSV<span className="sr-only"> of {caption}</span>
          </Button>
        </span>
      </div>
      <div className="overflow-x-auto">
        <table aria-labelledby={captionId} className="w-full border-collapse text-left text-xs">
          <thead>
            <tr>
              {header.map((h) => (
                <th key={h} scope="col" className="border-b border-slate-300 px-2 py-1 font-semibold dark:border-slate-600">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={header.length} className="px-2 py-1 text-slate-600 dark:text-slate-400">
                  None.
                </td>
              </tr>
            )}
            {shown.map((row, i) => (
              <tr key={i} className="border-b border-slate-100 dark:border-slate-800">
                {row.map((c, j) => (
                  <td key={j} className="px-2 py-1 align-top">
                    {cells?.[i]?.[j] ?? (c === null ? '—' : c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < rows.length && (
        <div className="mt-1 flex items-center gap-2 text-xs print:hidden">
          <Muted>
            Showing the first {shown.length} of {rows.length}.
          </Muted>
          <Button onClick={() => setShowAll(true)}>
            Show all {rows.length}
            <span className="sr-only"> rows of {caption}</span>
          </Button>
        </div>
      )}
      {footer}
    </div>
  );
}
