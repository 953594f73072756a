import { createContext, useContext, type ReactNode } from 'react';
import type { DataApi, ServiceStatus } from '../../lib/core/sync';

export type PanelClient = DataApi;
export type ClientStatus = ServiceStatus;
export type SyncConflict = ServiceStatus['conflicts'][number];

export interface DataContextValue {
  client: PanelClient;
  source: 'local' | 'backend';
}

const DataContext = createContext<DataContextValue | null>(null);

// The client arrives through context so tests (and the popup) can hand in
// their own DataApi without touching extension messaging.
export function DataProvider({ value, children }: { value: DataContextValue; children: ReactNode }) {
  return <DataContext.Provider value={value}>{children}</DataContext.Provider>;
}

export function useData(): DataContextValue {
  const v = useContext(DataContext);
  if (!v) throw new Error('useData() needs a <DataProvider>');
  return v;
}
