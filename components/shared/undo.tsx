import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { invalidateAfterWrite } from '../app/queries';
import { Button, ErrorBanner } from '../ui';

// A tick or a status change is one click, so it must be as easy to take back:
// every such write offers "Undo" for a few seconds, and the undo is itself a
// write against the version the first one produced (a conflict is shown, not
// forced through).

export interface UndoOffer {
  /** What was just done, e.g. "Ticked “Why did the client buy now?”". */
  message: string;
  /** Writes the previous state back. */
  undo: () => Promise<unknown>;
}

interface Shown extends UndoOffer {
  key: number;
  state: 'offered' | 'undoing' | 'undone' | 'failed';
  error?: unknown;
}

interface UndoApi {
  offer: (offer: UndoOffer) => void;
  /** Runs the offered undo, if one is showing (the panel's `u` shortcut). */
  undoLast: () => void;
}

const UndoContext = createContext<UndoApi | null>(null);

/** Long enough to notice a mistaken click and reach the button by keyboard. */
export const UNDO_VISIBLE_MS = 8000;

export function UndoProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<Shown | null>(null);
  // Hovered or focused, the offer stays: a person on their way to the button keeps it.
  const [held, setHeld] = useState(false);
  const seq = useRef(0);
  const current = useRef<Shown | null>(null);
  useEffect(() => {
    current.current = shown;
  }, [shown]);

  useEffect(() => {
    if (!shown || held || shown.state === 'undoing' || shown.state === 'failed') return;
    const t = setTimeout(() => setShown((s) => (s?.key === shown.key ? null : s)), UNDO_VISIBLE_MS);
    return () => clearTimeout(t);
  }, [shown, held]);

  const offer = useCallback((o: UndoOffer) => setShown({ ...o, key: ++seq.current, state: 'offered' }), []);
  const undoLast = useCallback(() => {
    const s = current.current;
    if (!s || s.state !== 'offered') return;
    const key = s.key;
    const settle = (next: Partial<Shown>) => setShown((old) => (old?.key === key ? { ...old, ...next } : old));
    settle({ state: 'undoing' });
    s.undo()
      .then(
        () => settle({ state: 'undone' }),
        (error: unknown) => settle({ state: 'failed', error }),
      )
      // Success shows the restored state; a conflict shows the version that won.
      .finally(() => void invalidateAfterWrite(queryClient));
  }, [queryClient]);
  const api = useMemo(() => ({ offer, undoLast }), [offer, undoLast]);

  return (
    <UndoContext.Provider value={api}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed inset-x-2 bottom-2 z-20 flex justify-center"
        onMouseEnter={() => setHeld(true)}
        onMouseLeave={() => setHeld(false)}
        onFocus={() => setHeld(true)}
        onBlur={() => setHeld(false)}
      >
        {shown && (
          <div className="pointer-events-auto flex max-w-full flex-wrap items-center gap-2 rounded-md bg-slate-900 px-3 py-1.5 text-xs text-white shadow-lg dark:bg-slate-100 dark:text-slate-950">
            <span className="min-w-0 break-words">
              {shown.state === 'undone' ? `Undone: ${shown.message}` : shown.state === 'undoing' ? 'Undoing…' : shown.message}
            </span>
            {shown.state === 'offered' && (
              <Button
                variant="ghost"
                className="text-white underline hover:bg-slate-700 dark:text-slate-950 dark:hover:bg-slate-300"
                aria-keyshortcuts="u"
                onClick={undoLast}
              >
                Undo
              </Button>
            )}
            {shown.state === 'failed' && (
              <>
                <div className="w-full text-slate-900">
                  <ErrorBanner error={shown.error} />
                </div>
                <Button variant="ghost" className="text-white dark:text-slate-950" onClick={() => setShown(null)}>
                  Dismiss
                </Button>
              </>
            )}
          </div>
        )}
      </div>
    </UndoContext.Provider>
  );
}

const NO_UNDO: UndoApi = { offer: () => undefined, undoLast: () => undefined };

/** The screen's undo offer; a component rendered without one offers nothing. */
export function useUndo(): UndoApi {
  return useContext(UndoContext) ?? NO_UNDO;
}
