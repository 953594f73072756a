import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useId, type ReactNode } from 'react';
import { focusRing } from '../ui';

export type RecentAccount = { id: string; name: string };

/** Where the accounts a person opened last are kept: the background, never the page's own storage. */
export interface RecentAccountsPort {
  load(): Promise<RecentAccount[]>;
  opened(account: RecentAccount): Promise<unknown>;
}

const RecentAccountsContext = createContext<RecentAccountsPort | null>(null);
const RECENT_KEY = ['recent-accounts'] as const;

export function RecentAccountsProvider({ port, children }: { port: RecentAccountsPort; children: ReactNode }) {
  return <RecentAccountsContext.Provider value={port}>{children}</RecentAccountsContext.Provider>;
}

/** Records that the account is on screen (once per account and name). Without a provider, nothing is kept. */
export function useAccountOpened(account: RecentAccount | null) {
  const port = useContext(RecentAccountsContext);
  const id = account?.id;
  const name = account?.name;
  useEffect(() => {
    if (port && id && name !== undefined) port.opened({ id, name }).catch(() => undefined);
  }, [port, id, name]);
}

/** The accounts opened last, newest first; nothing when there are none or no provider. */
export function RecentAccountsList({ onPick }: { onPick: (account: RecentAccount) => void }) {
  const headingId = useId();
  const port = useContext(RecentAccountsContext);
  const recent = useQuery({ queryKey: RECENT_KEY, queryFn: () => port!.load(), enabled: port !== null, staleTime: 0 });
  const items = recent.data ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="space-y-1">
      <h2 id={headingId} className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">
        Recent accounts
      </h2>
      <ul className="space-y-1">
        {items.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              data-nav-row
              onClick={() => onPick(a)}
              className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-left text-sm font-medium break-words text-slate-900 hover:border-indigo-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-50 ${focusRing}`}
            >
              {a.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
