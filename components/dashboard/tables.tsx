import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NotCounted } from '../../lib/core/domain/dashboard/common';
import { DASHBOARD_DEFINITIONS } from '../../lib/core/domain/dashboard/definitions';
import type { DashboardFilter } from '../../lib/core/domain/dashboard/filters';
import {
  DASHBOARD_ROWS_LIMIT,
  rowsOfKind,
  type DashboardRowsKind,
  type DashboardRowsOf,
  type DashboardTablePreview,
} from '../../lib/core/domain/dashboard/summary';
import type { DataApi } from '../../lib/core/sync';
import { useData } from '../app/DataContext';
import { dashboardRowsQuery, seamlineKeys } from '../app/data-queries';
import { Button, ErrorBanner, Muted, focusRing } from '../ui';
import type { Cell } from './csv';
import { DataTable } from './parts';

// The view carries a table's first rows; the rest comes by its key, a page of rows at a time.

type Source = 'local' | 'backend';
type RowOf = { [K in DashboardRowsKind]: DashboardRowsOf<K>[number] };

/** Every row of the table a key names, fetched page by page (each page kept in the query cache). */
export async function fetchAllRows<K extends DashboardRowsKind>(
  queryClient: QueryClient,
  client: DataApi,
  source: Source,
  filter: DashboardFilter,
  key: string,
  kind: K,
): Promise<RowOf[K][]> {
  const rows: RowOf[K][] = [];
  for (let offset = 0; ; offset += DASHBOARD_ROWS_LIMIT) {
    const page = await queryClient.fetchQuery(dashboardRowsQuery(client, source, { filter, list: key, offset, limit: DASHBOARD_ROWS_LIMIT }));
    rows.push(...(rowsOfKind(page, kind) as RowOf[K][]));
    if (offset + DASHBOARD_ROWS_LIMIT >= page.total) return rows;
  }
}

/** Whether a preview already holds every row of its table (nothing more to fetch). */
export const holdsAllRows = (preview: DashboardTablePreview<unknown>) => preview.first.length >= preview.count;

/** The query for the whole table behind a preview: what a page shows on "Show all" or fetches before it prints. */
export function allRowsQuery<K extends DashboardRowsKind>(
  queryClient: QueryClient,
  client: DataApi,
  source: Source,
  filter: DashboardFilter,
  preview: DashboardTablePreview<RowOf[K]>,
  kind: K,
) {
  return {
    // Under the dashboard's key, so a change that refreshes the figures refreshes the table too.
    queryKey: [...seamlineKeys.dashboard(source, filter), 'table', preview.key],
    queryFn: () => fetchAllRows(queryClient, client, source, filter, preview.key, kind),
  };
}

/** The whole table behind a preview once `wanted` (the first rows alone when the preview already holds them all). */
function useAllRows<K extends DashboardRowsKind>(filter: DashboardFilter, preview: DashboardTablePreview<RowOf[K]>, kind: K, wanted: boolean) {
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const complete = holdsAllRows(preview);
  return useQuery({ ...allRowsQuery(queryClient, client, source, filter, preview, kind), enabled: wanted && !complete });
}

/**
 * A section's table as the view has it: its first rows at once, every row on
 * "Show all", and a CSV of every row (fetched for it when the page holds only
 * the first).
 */
export function PreviewTable<K extends DashboardRowsKind>({
  filter,
  preview,
  kind,
  caption,
  filename,
  header,
  toCells,
}: {
  filter: DashboardFilter;
  preview: DashboardTablePreview<RowOf[K]>;
  kind: K;
  caption: string;
  filename: string;
  header: readonly string[];
  toCells: (row: RowOf[K]) => Cell[];
}) {
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const [showAll, setShowAll] = useState(false);
  const all = useAllRows(filter, preview, kind, showAll);
  const complete = holdsAllRows(preview);
  const shown = complete ? preview.first : showAll && all.data ? all.data : preview.first;
  const allRows = async () => (complete ? preview.first : await fetchAllRows(queryClient, client, source, filter, preview.key, kind)).map(toCells);
  return (
    <DataTable
      caption={caption}
      filename={filename}
      header={header}
      rows={shown.map(toCells)}
      allRows={allRows}
      footer={
        shown.length < preview.count && (
          // Printed too, as the agenda's note is: on paper the table says it holds only its first rows.
          <div className="mt-1 flex items-center gap-2 text-xs">
            <Muted>
              Showing the first {shown.length} of {preview.count}.
            </Muted>
            <Button className="print:hidden" onClick={() => setShowAll(true)} disabled={showAll && all.isFetching}>
              {showAll && all.isFetching ? 'Loading…' : `Show all ${preview.count}`}
              <span className="sr-only"> rows of {caption}</span>
            </Button>
            {all.isError && <ErrorBanner error={all.error} onRetry={() => void all.refetch()} />}
          </div>
        )
      }
    />
  );
}

function NotCountedItems({ filter, list, opened }: { filter: DashboardFilter; list: DashboardTablePreview<NotCounted>; opened: boolean }) {
  const all = useAllRows(filter, list, 'notCounted', opened);
  if (all.isError) {
    return (
      <li>
        <ErrorBanner error={all.error} onRetry={() => void all.refetch()} />
      </li>
    );
  }
  const items = all.data ?? list.first;
  return (
    <>
      {items.map((n) => (
        <li key={`${n.metric}:${n.recordType}:${n.id}`}>
          <span className="font-medium">{n.name}</span> ({DASHBOARD_DEFINITIONS[n.metric]?.label ?? n.metric}): {n.because}
        </li>
      ))}
      {items.length < list.count && (
        <li className="list-none">
          <Muted>Loading {list.count - items.length} more…</Muted>
        </li>
      )}
    </>
  );
}

/**
 * The records a section could not count, each with why: the count at once, the
 * list fetched when opened, or open from the start when `open` (a page about
 * to print has fetched it: on paper a closed list would be a bare count).
 */
export function NotCountedList({
  filter,
  lists,
  open = false,
}: {
  filter: DashboardFilter;
  lists: readonly DashboardTablePreview<NotCounted>[];
  open?: boolean;
}) {
  // A large portfolio has hundreds of these: they come from the background when the list is first opened.
  const [openedHere, setOpenedHere] = useState(false);
  const opened = openedHere || open;
  const total = lists.reduce((n, l) => n + l.count, 0);
  if (total === 0) return null;
  return (
    <details
      className="mt-2 text-xs text-slate-700 dark:text-slate-300"
      // Only set, never cleared: the person may close it again.
      {...(open ? { open: true } : {})}
      onToggle={(e) => e.currentTarget.open && setOpenedHere(true)}
    >
      <summary className={`cursor-pointer rounded ${focusRing}`}>Not counted, because… ({total})</summary>
      {opened && (
        <ul className="mt-1 list-disc pl-5">
          {lists
            .filter((l) => l.count > 0)
            .map((l) => (
              <NotCountedItems key={l.key} filter={filter} list={l} opened={opened} />
            ))}
        </ul>
      )}
    </details>
  );
}
