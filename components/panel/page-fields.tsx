import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { PageField } from '../../lib/core/domain/page-values';
import type { PageFieldsReply } from '../../lib/core/messages/to-background';

/** Asks the background to read the fields of the record this panel's tab shows. */
export type LoadPageFields = () => Promise<PageFieldsReply>;

const PageFieldsContext = createContext<LoadPageFields | null>(null);

/** Gives the panel a way to read the CRM page; without one (the popup, tests of other cards) nothing is read. */
export function PageFieldsProvider({ load, children }: { load: LoadPageFields; children: ReactNode }) {
  return <PageFieldsContext.Provider value={load}>{children}</PageFieldsContext.Provider>;
}

/**
 * The page's fields for what the panel shows, read when a card that needs
 * them appears (never on page load) and again after a write or when the
 * person returns to the tab, since the CRM page may have changed. The key
 * names what is shown, so another record or account reads afresh.
 */
export function usePageFields(key: readonly string[]) {
  const load = useContext(PageFieldsContext);
  return useQuery({
    queryKey: ['page-fields', ...key],
    queryFn: () => load!(),
    enabled: load !== null,
    staleTime: 0,
    retry: false,
  });
}

export const PAGE_FIELD_LABELS: Record<PageField, string> = {
  accountName: 'Account',
  arr: 'ARR',
  employeeCount: 'Employees',
  industry: 'Industry',
  region: 'Region',
  ownerAe: 'Account executive',
  type: 'Type',
  closeDate: 'Close date',
  stage: 'Stage',
};
