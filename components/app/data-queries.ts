import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { CrmRecordRef, DashboardFilter, DashboardRowsRequest } from '../../lib/core/domain';
import type { ChangedBroadcast } from '../../lib/core/messages/to-pages';
import type { AccountQuery } from '../../lib/core/model';
import type { DataApi } from '../../lib/core/sync';

type Source = 'local' | 'backend';

// Every key starts with the data source, so switching from the local store to
// the team backend can never show one source's cached data as the other's.
export const seamlineKeys = {
  all: ['seamline'] as const,
  source: (source: Source) => ['seamline', source] as const,
  accountContexts: (source: Source) => ['seamline', source, 'account-context'] as const,
  accountContext: (source: Source, accountId: string) => ['seamline', source, 'account-context', accountId] as const,
  resolutions: (source: Source) => ['seamline', source, 'resolve-record'] as const,
  // Resolution depends on the page's name and domain hints as well as the id.
  resolveRecord: (source: Source, ref: CrmRecordRef) =>
    [
      'seamline',
      source,
      'resolve-record',
      {
        platform: ref.platform,
        host: ref.host,
        objectType: ref.objectType,
        recordId: ref.recordId,
        name: ref.name ?? null,
        websiteDomain: ref.websiteDomain ?? null,
      },
    ] as const,
  accountLists: (source: Source) => ['seamline', source, 'accounts'] as const,
  accounts: (source: Source, query: AccountQuery) =>
    ['seamline', source, 'accounts', { search: query.search ?? '', limit: query.limit ?? 50, cursor: query.cursor ?? null }] as const,
  unassigned: (source: Source) => ['seamline', source, 'unassigned'] as const,
  dashboards: (source: Source) => ['seamline', source, 'dashboard'] as const,
  dashboard: (source: Source, filter: DashboardFilter) =>
    [
      'seamline',
      source,
      'dashboard',
      { from: filter.from, to: filter.to, segment: filter.segment ?? null, ownerAe: filter.ownerAe ?? null, csm: filter.csm ?? null },
    ] as const,
  // Under the dashboard's key, so every change that refreshes its figures refreshes these too.
  dashboardEarlier: (source: Source, filter: DashboardFilter) => [...seamlineKeys.dashboard(source, filter), 'earlier'] as const,
  dashboardAgenda: (source: Source, filter: DashboardFilter) => [...seamlineKeys.dashboard(source, filter), 'agenda'] as const,
  dashboardRows: (source: Source, request: DashboardRowsRequest) =>
    [...seamlineKeys.dashboard(source, request.filter), 'rows', { list: request.list, offset: request.offset, limit: request.limit }] as const,
  // The status describes whichever source is active, so it is not per source.
  status: () => ['seamline', 'status'] as const,
};

export function accountContextQuery(client: DataApi, source: Source, accountId: string) {
  return queryOptions({
    queryKey: seamlineKeys.accountContext(source, accountId),
    queryFn: () => client.getAccountContext(accountId),
  });
}

export function resolveRecordQuery(client: DataApi, source: Source, ref: CrmRecordRef) {
  return queryOptions({
    queryKey: seamlineKeys.resolveRecord(source, ref),
    queryFn: () => client.resolveRecord(ref),
  });
}

export function accountsQuery(client: DataApi, source: Source, query: AccountQuery = {}) {
  return queryOptions({
    queryKey: seamlineKeys.accounts(source, query),
    queryFn: () => client.listAccounts(query),
  });
}

export function unassignedQuery(client: DataApi, source: Source) {
  return queryOptions({
    queryKey: seamlineKeys.unassigned(source),
    queryFn: () => client.listUnassigned(),
  });
}

export function dashboardQuery(client: DataApi, source: Source, filter: DashboardFilter) {
  return queryOptions({
    queryKey: seamlineKeys.dashboard(source, filter),
    queryFn: () => client.getDashboard(filter),
  });
}

export function dashboardEarlierQuery(client: DataApi, source: Source, filter: DashboardFilter) {
  return queryOptions({
    queryKey: seamlineKeys.dashboardEarlier(source, filter),
    queryFn: () => client.getEarlierDashboard(filter),
  });
}

export function dashboardAgendaQuery(client: DataApi, source: Source, filter: DashboardFilter) {
  return queryOptions({
    queryKey: seamlineKeys.dashboardAgenda(source, filter),
    queryFn: () => client.getDashboardAgenda(filter),
  });
}

export function dashboardRowsQuery(client: DataApi, source: Source, request: DashboardRowsRequest) {
  return queryOptions({
    queryKey: seamlineKeys.dashboardRows(source, request),
    queryFn: () => client.getDashboardRows(request),
  });
}

export function statusQuery(client: DataApi) {
  return queryOptions({
    queryKey: seamlineKeys.status(),
    queryFn: () => client.status(),
  });
}

/** Marks stale exactly the cached queries a change can have affected; open views refetch. */
export async function invalidateFromChange(queryClient: QueryClient, change: ChangedBroadcast): Promise<void> {
  const { source } = change;
  const keys: (readonly unknown[])[] = [seamlineKeys.status()];
  const entities = new Set(change.entities);
  if (entities.has('store')) {
    keys.push(seamlineKeys.source(source));
  } else {
    for (const id of change.accountIds) keys.push(seamlineKeys.accountContext(source, id));
    // Names, domains and links decide resolutions and what lists show.
    if (entities.has('accounts')) keys.push(seamlineKeys.accountLists(source), seamlineKeys.resolutions(source));
    if (entities.has('commitments') || entities.has('flags')) keys.push(seamlineKeys.unassigned(source));
    // A capture moved between accounts: the one it left is not named in the change.
    if (entities.has('reassigned')) keys.push(seamlineKeys.accountContexts(source));
    // Every figure on the dashboard can move with any change.
    keys.push(seamlineKeys.dashboards(source));
  }
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}
