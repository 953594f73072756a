import { useEffect, useId, useRef, useState } from 'react';
import { isTyping, moveAmongRows, tickRowOf } from '../shared/keyboard';
import { useUndo } from '../shared/undo';
import { Button } from '../ui';

/** What the panel's single keys do; listed by `?` and by the header's button. */
export const PANEL_SHORTCUTS: readonly { keys: string[]; what: string }[] = [
  { keys: ['j', 'k'], what: 'Next / previous row (actions, commitments, checklist items, flags)' },
  { keys: ['↓', '↑'], what: 'Next / previous row in the same list' },
  { keys: ['x'], what: 'Tick or untick the checklist item in focus' },
  { keys: ['u'], what: 'Undo the last tick or status change' },
  { keys: ['c'], what: 'Capture a promise in one line' },
  { keys: ['/'], what: 'Search' },
  { keys: ['?'], what: 'Show these shortcuts' },
];

function focusFirst(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  el.focus();
  el.scrollIntoView?.({ block: 'nearest' });
  return true;
}

/**
 * The panel's keyboard shortcuts, and the list of them. Single keys act only
 * when no field has the focus (typing "j" in a note stays a "j") and never
 * with Ctrl, ⌘ or Alt, which belong to the browser and the CRM page.
 */
export function PanelShortcuts() {
  const { undoLast } = useUndo();
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const returnTo = useRef<HTMLElement | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  const show = () => {
    returnTo.current = document.activeElement as HTMLElement | null;
    setOpen(true);
  };
  const hide = () => {
    setOpen(false);
    returnTo.current?.focus?.();
  };

  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (open) return;
      const from = document.activeElement;
      const root = document.querySelector('main') ?? document.body;
      let handled = true;
      switch (e.key) {
        case 'j':
          handled = moveAmongRows(root, from, 1) !== null;
          break;
        case 'k':
          handled = moveAmongRows(root, from, -1) !== null;
          break;
        case 'x':
          handled = tickRowOf(from);
          break;
        case 'u':
          undoLast();
          break;
        case 'c':
          handled = focusFirst('[data-shortcut="capture"]');
          break;
        case '/':
          handled = focusFirst('[data-shortcut="search"]') || focusFirst('input[type="search"]');
          break;
        case '?':
          returnTo.current = from as HTMLElement | null;
          setOpen(true);
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open, undoLast]);

  return (
    <>
      <Button variant="ghost" onClick={show} aria-label="Keyboard shortcuts" aria-keyshortcuts="?" aria-haspopup="dialog">
        ?
      </Button>
      {open && (
        <div className="fixed inset-0 z-30 flex items-start justify-center bg-slate-950/40 p-3">
          <div
            role="dialog"
            aria-modal="true"
            aria-labelledby={titleId}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                hide();
              }
              // The list has one control: Tab stays on it while the dialog is open.
              if (e.key === 'Tab') {
                e.preventDefault();
                closeRef.current?.focus();
              }
            }}
            className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-3 text-slate-900 shadow-lg dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          >
            <div className="mb-2 flex items-center justify-between gap-2">
              <h2 id={titleId} className="text-sm font-semibold">
                Keyboard shortcuts
              </h2>
              <Button ref={closeRef} onClick={hide}>
                Close
              </Button>
            </div>
            <p className="mb-2 text-xs text-slate-700 dark:text-slate-300">They work whenever the focus is not in a text field.</p>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
              {PANEL_SHORTCUTS.map((s) => (
                <div key={s.what} className="contents">
                  <dt className="font-medium whitespace-nowrap">
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' / '}
                        <kbd className="rounded border border-slate-300 px-1 font-mono dark:border-slate-600">{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.what}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
    </>
  );
}
