import { createContext, useContext, type ReactNode } from 'react';
import type { DataErrorInfo } from '../../lib/data/errors';
import type { DataPort } from '../../lib/data/port';

/** One write the backend would not take, with what the person wrote and what the backend holds now. */
export interface SyncConflict {
  id: number;
  reason: 'conflict' | 'rejected';
  entry: { method: string };
  mine: unknown[];
  theirs: unknown;
  error: { message: string };
  at: string;
}

export interface ClientStatus {
  source: 'local' | 'backend';
  pendingWrites: number;
  conflicts: readonly SyncConflict[] | number;
  lastError: DataErrorInfo | null;
}

export type PanelClient = DataPort & { status(): Promise<ClientStatus> };

export interface DataContextValue {
  client: PanelClient;
  source: 'local' | 'backend';
}

const DataContext = createContext<DataContextValue | null>(null);

// The client arrives through context so tests (and the popup) can hand in
// their own DataPort without touching extension messaging.
export function DataProvider({ value, children }: { value: DataContextValue; children: ReactNode }) {
  return <DataContext.Provider value={value}>{children}</DataContext.Provider>;
}

export function useData(): DataContextValue {
  const v = useContext(DataContext);
  if (!v) throw new Error('useData() needs a <DataProvider>');
  return v;
}
