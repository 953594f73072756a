import type { QueryClient } from '@tanstack/react-query';
import { queryOptions } from '@tanstack/react-query';
import type { TabRecord } from '../../lib/core/messages/to-background';

export { accountContextQuery, accountsQuery, resolveRecordQuery, statusQuery, unassignedQuery } from './data-queries';

// The tab's record lives outside the data source: it is what the page shows,
// not what is stored, so it is not under the source-scoped "seamline" keys.
export const TAB_RECORD_KEY = ['tab-record'] as const;

export const tabRecordQuery = (load: () => Promise<TabRecord | null>) => queryOptions({ queryKey: TAB_RECORD_KEY, queryFn: load });

/**
 * After a write from this page everything data-derived may have moved; the
 * background's change broadcast would say so too, but refetching at once
 * keeps the page that made the change from waiting on the round trip.
 */
export function invalidateAfterWrite(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== TAB_RECORD_KEY[0] });
}
