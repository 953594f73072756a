import { useState, type KeyboardEvent } from 'react';

// The keyboard model the panel and the popup share: rows marked with
// `data-nav-row` are what j/k and ↑/↓ move between (a row may name the control
// that takes focus with `data-nav-focus`), and single-letter shortcuts never
// fire while someone is typing.

export const NAV_ROW = 'data-nav-row';
const ROW_SELECTOR = `[${NAV_ROW}]`;

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when keys pressed on `target` are text being typed (or a choice being made), not commands. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NON_TEXT_INPUTS.has((el as HTMLInputElement).type);
  return false;
}

function focusTarget(row: HTMLElement): HTMLElement {
  return row.querySelector<HTMLElement>('[data-nav-focus]') ?? row;
}

/**
 * Moves the focus to the next (1) or previous (-1) row inside `root`, from the
 * row holding `from`. From outside any row it goes to the first row after
 * `from` in document order (or the first/last row). Returns the row focused.
 */
export function moveAmongRows(root: ParentNode, from: Element | null, delta: 1 | -1): HTMLElement | null {
  const rows = [...root.querySelectorAll<HTMLElement>(ROW_SELECTOR)];
  if (rows.length === 0) return null;
  const current = from ? rows.findIndex((r) => r === from || r.contains(from)) : -1;
  let next: HTMLElement | undefined;
  if (current >= 0) next = rows[Math.min(rows.length - 1, Math.max(0, current + delta))];
  else if (from && root.contains(from)) {
    const after = rows.filter((r) => from.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING);
    const before = rows.filter((r) => from.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_PRECEDING);
    next = delta === 1 ? (after[0] ?? rows.at(-1)) : (before.at(-1) ?? rows[0]);
  } else next = delta === 1 ? rows[0] : rows.at(-1);
  if (!next) return null;
  const target = focusTarget(next);
  target.focus({ preventScroll: true });
  target.scrollIntoView?.({ block: 'nearest' });
  return next;
}

/** ↑/↓ between the rows of one list, for its container's onKeyDown. */
export function listArrowKeys(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
  e.preventDefault();
  moveAmongRows(e.currentTarget, e.target as Element, e.key === 'ArrowDown' ? 1 : -1);
}

/** Ticks (or unticks) the checkbox of the row holding `from`; false when there is none. */
export function tickRowOf(from: Element | null): boolean {
  const row = from?.closest(ROW_SELECTOR);
  const box = row?.querySelector<HTMLInputElement>('input[type="checkbox"]');
  if (!box || box.disabled) return false;
  box.click();
  return true;
}

/**
 * ↑/↓ through a list of options from the search field that filters it, Enter
 * to pick: the combobox pattern, with the focus staying in the field. The
 * active option is the first one until the person moves.
 */
export function useOptionKeys<T>(items: readonly T[], onPick: (item: T) => void) {
  const [active, setActive] = useState(0);
  const index = items.length === 0 ? -1 : Math.min(active, items.length - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (items.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((index + step + items.length) % items.length);
    } else if (e.key === 'Enter' && index >= 0) {
      e.preventDefault();
      onPick(items[index]!);
    }
  };
  return { active: index, setActive, onKeyDown, reset: () => setActive(0) };
}
