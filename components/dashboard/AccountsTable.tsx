import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { DashboardFilter } from '../../lib/core/domain/dashboard/filters';
import { DASHBOARD_ROWS_LIMIT, rowsOfKind, type DashboardRow } from '../../lib/core/domain/dashboard/summary';
import { useData } from '../app/DataContext';
import { dashboardRowsQuery } from '../app/data-queries';
import { Button, ErrorBanner, Muted, focusRing, formatMoney, safeHref } from '../ui';
import { HEALTH_BAND_LABELS, ICP_BAND_LABELS } from '../shared/labels';
import type { Cell } from './csv';
import { DataTable, type Drill } from './parts';

const REASON_WORDS: Record<string, string> = {
  'open-flag': 'open misalignment flag',
  'roadmap-gap': 'undelivered roadmap-gap promise',
  'icp-outside': 'outside the ICP',
};

/** Rows shown at a time: a number can stand for thousands of accounts. */
export const ACCOUNTS_PAGE_SIZE = 50;

const HEADER = ['Account', 'ARR', 'Owner AE', 'CSM', 'ICP band', 'Health', 'Reasons'];

/** The panel's page showing one account, beside the dashboard's own page in the extension. */
export function panelAccountHref(accountId: string): string {
  return `sidepanel.html?${new URLSearchParams({ account: accountId })}`;
}

function cellsOf({ accountId, account: a }: DashboardRow): Cell[] {
  if (!a) return [accountId, null, null, null, null, null, 'not among the accounts the filter selects'];
  const reasons = [
    ...a.misalignmentReasons.map((r) => REASON_WORDS[r] ?? r),
    // Sold outside the ICP on an approval: why it counts there, and that leadership let it through.
    ...(a.needsApproval ? ['needs ICP approval'] : a.icpBand !== 'fit' ? ['ICP exception approved'] : []),
    ...(a.churned ? ['churned'] : []),
  ];
  return [
    a.name,
    `${a.arr} ${a.currency}`,
    a.ownerAe,
    a.csm,
    ICP_BAND_LABELS[a.icpBand],
    a.healthScore === null || !a.healthBand ? null : `${a.healthScore} (${HEALTH_BAND_LABELS[a.healthBand]})`,
    reasons.join('; ') || null,
  ];
}

/**
 * The accounts behind one number, in the order the number lists them, a page at a time; the CSV has them all.
 * `heading` is given the count of the list as the latest reply has it: after a filter change, or once current
 * figures replace earlier ones, the same number stands for other accounts than the one clicked did.
 */
export function AccountsTable({ filter, drill, heading }: { filter: DashboardFilter; drill: Drill; heading: (total: number) => ReactNode }) {
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const [page, setPage] = useState({ list: drill.list.key, offset: 0 });
  // Another number opened: back to its first page.
  const offset = page.list === drill.list.key ? page.offset : 0;
  const query = useQuery({
    ...dashboardRowsQuery(client, source, { filter, list: drill.list.key, offset, limit: ACCOUNTS_PAGE_SIZE }),
    // The page shown stays while the next one loads, but never another number's accounts.
    placeholderData: (previous) => (previous?.list === drill.list.key ? previous : undefined),
  });
  const data = query.data;
  const total = data?.total ?? drill.list.count;

  async function allRows(): Promise<Cell[][]> {
    const rows: Cell[][] = [];
    for (let at = 0; at === 0 || at < total; at += DASHBOARD_ROWS_LIMIT) {
      const chunk = await queryClient.fetchQuery(
        dashboardRowsQuery(client, source, { filter, list: drill.list.key, offset: at, limit: DASHBOARD_ROWS_LIMIT }),
      );
      const page = rowsOfKind(chunk, 'accounts');
      rows.push(...page.map(cellsOf));
      if (page.length < DASHBOARD_ROWS_LIMIT) break;
    }
    return rows;
  }

  if (query.isError)
    return (
      <>
        {heading(total)}
        <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  if (!data)
    return (
      <>
        {heading(total)}
        <Muted>Loading the accounts…</Muted>
      </>
    );
  // A drill-down's key names accounts; any other reply shows as none.
  const accounts = data.kind === 'accounts' ? data.rows : [];
  const rows = accounts.map(cellsOf);
  // The account opens its CRM record in a new tab when it has an address, and otherwise its account view in
  // Seamline's panel, in a tab of its own (the panel's page, asked for that account).
  const cells = accounts.map((r, i) => {
    const crm = safeHref(r.crmUrl ?? undefined);
    const href = crm ?? (r.account ? panelAccountHref(r.accountId) : undefined);
    const name = rows[i]![0];
    const arr = r.account ? formatMoney(r.account.arr, r.account.currency) : null;
    return [
      href ? (
        <a
          key="name"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`${name ?? ''}, opens ${crm ? 'the CRM record' : 'the account in Seamline’s panel'} in a new tab`}
          className={`rounded text-indigo-800 underline underline-offset-2 dark:text-indigo-200 ${focusRing}`}
        >
          {name}
        </a>
      ) : (
        name
      ),
      // As every amount on the page; the CSV keeps the plain number and its currency.
      arr ?? '—',
    ];
  });
  const slug =
    drill.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'accounts';
  const first = data.offset + 1;
  const last = data.offset + accounts.length;
  const paged = total > ACCOUNTS_PAGE_SIZE;
  return (
    <>
      {heading(total)}
      <DataTable
        caption={`${total} accounts`}
        filename={`${slug}.csv`}
        header={HEADER}
        rows={rows}
        cells={cells}
        allRows={paged ? allRows : undefined}
        footer={
          paged && (
            <nav aria-label="Pages of accounts" className="mt-2 flex items-center gap-2 text-xs print:hidden">
              <Button
                disabled={data.offset === 0}
                onClick={() => setPage({ list: drill.list.key, offset: Math.max(0, data.offset - ACCOUNTS_PAGE_SIZE) })}
              >
                Previous
              </Button>
              <span aria-live="polite" data-page-range>
                {first}–{last} of {total}
              </span>
              <Button disabled={last >= total} onClick={() => setPage({ list: drill.list.key, offset: data.offset + ACCOUNTS_PAGE_SIZE })}>
                Next
              </Button>
            </nav>
          )
        }
      />
    </>
  );
}
