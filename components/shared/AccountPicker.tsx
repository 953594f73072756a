import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { accountsQuery } from '../app/data-queries';
import type { AccountSummary } from '../../lib/core/model';
import { useData } from '../app/DataContext';
import { ErrorBanner, focusRing, Muted } from '../ui';
import { useOptionKeys } from '../shared/keyboard';

const SEARCH_DELAY_MS = 200;

/** Finds an account by name or website domain, for tabs that are not a linked record. */
export function AccountPicker({
  initialSearch = '',
  onPick,
  title = 'Open an account’s checklist',
  level = 'h1',
}: {
  initialSearch?: string;
  onPick: (account: Pick<AccountSummary, 'id' | 'name'>) => void;
  title?: string;
  /** h1 where the picker is the page (the popup), h2 inside the panel. */
  level?: 'h1' | 'h2';
}) {
  const Heading = level;
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
  const keys = useOptionKeys(items, onPick);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  return (
    <section aria-labelledby={`${id}-h`} className="space-y-2">
      <Heading id={`${id}-h`} className="text-sm font-semibold text-slate-900 dark:text-slate-50">
        {title}
      </Heading>
      <div>
        <label htmlFor={id} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
          Search accounts by name or domain
        </label>
        {/* The focus stays in the field; ↑/↓ move through the results and Enter opens one. */}
        <input
          id={id}
          type="search"
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={keys.active >= 0 ? optionId(keys.active) : undefined}
          autoFocus
          value={text}
          maxLength={200}
          onChange={(e) => {
            setText(e.target.value);
            keys.reset();
          }}
          onKeyDown={keys.onKeyDown}
          className={`mt-0.5 block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 ${focusRing}`}
        />
      </div>
      {results.error != null && <ErrorBanner error={results.error} onRetry={() => void results.refetch()} />}
      {results.data && items.length === 0 && <Muted>{search ? `No account matches “${search}”.` : 'No accounts yet.'}</Muted>}
      <ul id={listId} role="listbox" aria-label="Matching accounts" className="space-y-1">
        {items.map((a, i) => (
          // Options are picked from the field (Enter) or by pointer; the field keeps the focus.
          <li
            key={a.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === keys.active}
            onClick={() => onPick(a)}
            onMouseMove={() => keys.setActive(i)}
            className={`flex cursor-pointer items-baseline justify-between gap-2 rounded-md border px-3 py-1.5 text-sm ${
              i === keys.active
                ? 'border-indigo-600 bg-indigo-50 outline-2 outline-indigo-600 dark:border-indigo-300 dark:bg-indigo-950 dark:outline-indigo-300'
                : 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-800'
            }`}
          >
            {/* The full name: the domain gives way first. */}
            <span className="max-w-full shrink-0 font-medium break-words text-slate-900 dark:text-slate-50">{a.name}</span>
            {a.websiteDomain && <span className="min-w-0 shrink truncate text-xs text-slate-600 dark:text-slate-400">{a.websiteDomain}</span>}
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
