import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { accountsQuery } from '../app/data-queries';
import type { AccountSummary } from '../../lib/core/model';
import { useData } from '../app/DataContext';
import { Button, ErrorBanner, focusRing, Muted } from '../ui';

const SEARCH_DELAY_MS = 200;

/** Finds an account by name or website domain, for tabs that are not a linked record. */
export function AccountPicker({ initialSearch = '', onPick }: { initialSearch?: string; onPick: (account: AccountSummary) => void }) {
  const id = useId();
  const { client, source } = useData();
  const [text, setText] = useState(initialSearch);
  const [search, setSearch] = useState(initialSearch.trim());
  useEffect(() => {
    const t = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text]);
  const results = useQuery({ ...accountsQuery(client, source, { search: search || undefined, limit: 8 }), placeholderData: keepPreviousData });
  const items = results.data?.items ?? [];
  return (
    <section aria-labelledby={`${id}-h`} className="space-y-2">
      <h2 id={`${id}-h`} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
        Open an account’s checklist
      </h2>
      <div>
        <label htmlFor={id} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
          Search accounts by name or domain
        </label>
        <input
          id={id}
          type="search"
          autoFocus
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && items.length === 1) onPick(items[0]!);
          }}
          className={`mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 ${focusRing}`}
        />
      </div>
      {results.error != null && <ErrorBanner error={results.error} onRetry={() => void results.refetch()} />}
      {results.data && items.length === 0 && <Muted>{search ? `No account matches “${search}”.` : 'No accounts yet.'}</Muted>}
      <ul aria-label="Matching accounts" className="space-y-1">
        {items.map((a) => (
          <li key={a.id}>
            <Button className="w-full justify-between text-left" size="md" onClick={() => onPick(a)}>
              <span className="truncate">{a.name}</span>
              {a.websiteDomain && <span className="shrink-0 text-xs font-normal text-slate-600 dark:text-slate-400">{a.websiteDomain}</span>}
            </Button>
          </li>
        ))}
      </ul>
      {results.data && results.data.total > items.length && (
        <Muted>
          Showing {items.length} of {results.data.total}; type more to narrow down.
        </Muted>
      )}
    </section>
  );
}
