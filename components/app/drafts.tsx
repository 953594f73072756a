import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import type { Drafts } from '../../lib/core/messages/to-background';

/**
 * Unsaved text of the page (a note being written, the capture box, an open
 * form), kept where the page's own lifetime does not end it. The injected
 * frame is released while its tab is hidden and made again when the tab is
 * shown; its drafts live in the background, which hands them back with the
 * new frame's first answer. Pages without a store keep drafts in React state.
 */
export interface DraftStore {
  get(field: string): string | null;
  set(field: string, value: string | null): void;
}

/** A store whose values start from `initial` (filled in before the page renders) and are sent on with `save`. */
export function createDraftStore(save: (field: string, value: string | null) => void): DraftStore & { load(initial: Drafts): void } {
  const values = new Map<string, string>();
  return {
    load(initial) {
      values.clear();
      for (const [field, value] of Object.entries(initial)) values.set(field, value);
    },
    get: (field) => values.get(field) ?? null,
    set(field, value) {
      if ((values.get(field) ?? null) === value) return;
      if (value === null) values.delete(field);
      else values.set(field, value);
      save(field, value);
    },
  };
}

const DraftContext = createContext<DraftStore | null>(null);
const ScopeContext = createContext('');

export function DraftsProvider({ store, children }: { store: DraftStore; children: ReactNode }) {
  return <DraftContext.Provider value={store}>{children}</DraftContext.Provider>;
}

/**
 * Drafts below belong to `name` (an account): a tab's panel follows the page
 * from record to record, and one account's unsaved note is not another's.
 */
export function DraftScope({ name, children }: { name: string; children: ReactNode }) {
  return <ScopeContext.Provider value={`${encodeURIComponent(name)}:`}>{children}</ScopeContext.Provider>;
}

/** One draft: its text, or null when there is none (a closed note, an empty box). */
export function useDraft(name: string): [string | null, (value: string | null) => void] {
  const store = useContext(DraftContext);
  const field = useContext(ScopeContext) + encodeURIComponent(name);
  const [value, setValue] = useState<string | null>(() => store?.get(field) ?? null);
  const set = useCallback(
    (next: string | null) => {
      setValue(next);
      store?.set(field, next);
    },
    [store, field],
  );
  return [value, set];
}
