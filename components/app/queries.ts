import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { AccountQuery } from '../../lib/data/port';
import type { CrmRecordRef } from '../../lib/domain/crm-record';
import type { TabRecord } from '../../lib/messaging/protocol';
import type { PanelClient } from './DataContext';

// Keys start with the data source so switching between the local store and
// the team backend never shows one source's cached data as the other's.
export const accountContextQuery = (client: PanelClient, source: string, accountId: string) =>
  queryOptions({
    queryKey: ['seamline', source, 'account-context', accountId],
    queryFn: () => client.getAccountContext(accountId),
  });

export const resolveRecordQuery = (client: PanelClient, source: string, ref: CrmRecordRef) =>
  queryOptions({
    queryKey: ['seamline', source, 'resolve', ref.platform, ref.host, ref.objectType, ref.recordId, ref.name ?? '', ref.websiteDomain ?? ''],
    queryFn: () => client.resolveRecord(ref),
  });

export const accountsQuery = (client: PanelClient, source: string, query: AccountQuery) =>
  queryOptions({
    queryKey: ['seamline', source, 'accounts', query.search ?? '', query.limit ?? 50, query.cursor ?? ''],
    queryFn: () => client.listAccounts(query),
  });

export const unassignedQuery = (client: PanelClient, source: string) =>
  queryOptions({ queryKey: ['seamline', source, 'unassigned'], queryFn: () => client.listUnassigned() });

export const statusQuery = (client: PanelClient) =>
  queryOptions({
    queryKey: ['seamline', 'status'],
    queryFn: () => client.status(),
    // Pending writes drain in the background; polling keeps the count honest
    // even when no change broadcast arrives.
    refetchInterval: 5000,
  });

export const TAB_RECORD_KEY = ['tab-record'] as const;

export const tabRecordQuery = (load: () => Promise<TabRecord | null>) => queryOptions({ queryKey: TAB_RECORD_KEY, queryFn: load });

/** After a write everything data-derived may have moved; the tab's record has not. */
export function invalidateAfterWrite(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== TAB_RECORD_KEY[0] });
}
