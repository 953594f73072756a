import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChecklistAnswerMap } from '../../lib/core/domain/checklist';
import type { HandoffAnswer, HandoffItem, HandoffTemplate } from '../../lib/core/domain/handoff';
import type { AccountContext, HandoffAnswerInput } from '../../lib/core/model';
import { useData } from '../app/DataContext';
import { useDraft } from '../app/drafts';
import { invalidateAfterWrite } from '../app/queries';
import { useSettings } from '../app/settings';
import { Badge, Button, focusRing, Muted, TextArea } from '../ui';
import { listArrowKeys } from './keyboard';
import { useUndo } from './undo';

// The handoff checklist as the panel and the popup both show it: one row, one
// order, one model of ticks in flight. What differs between the two screens
// (the ring, the kickoff line, captures to confirm) stays in each screen.

export interface ChecklistSave {
  itemId: string;
  done: boolean;
  note: string | undefined;
  /** The item's label, for the undo offer. */
  label?: string;
}

/**
 * Saves answers for one account. Every tick in flight is kept until its own
 * save settles, so ticking two items quickly shows both as pending; the
 * answers returned already count them, so a ring or a count moves with the click.
 */
export function useChecklistAnswers(context: AccountContext) {
  const { client } = useData();
  const settings = useSettings();
  const queryClient = useQueryClient();
  const stored = context.handoff.answers;
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const mutation = useMutation({
    mutationFn: (input: HandoffAnswerInput) => client.setHandoffAnswer(input),
    onMutate: (input) => setPending((p) => ({ ...p, [input.itemId]: input.done })),
    onSettled: async (_d, _e, input) => {
      // On a conflict too: the refetch shows the answer that won.
      await invalidateAfterWrite(queryClient);
      setPending(({ [input.itemId]: _, ...rest }) => rest);
    },
  });
  const { offer } = useUndo();
  const save = ({ itemId, done, note, label }: ChecklistSave) => {
    const before = stored[itemId];
    const accountId = context.account.id;
    mutation.mutate(
      { accountId, itemId, done, note, by: settings.userName, expectedVersion: before?.version ?? null },
      {
        onSuccess: (saved) => {
          const version = saved.answers[itemId]?.version;
          if (version === undefined) return;
          const what = label ? `“${label}”` : 'the item';
          offer({
            message: (before?.done ?? false) === done ? `Saved the note on ${what}` : `${done ? 'Ticked' : 'Unticked'} ${what}`,
            undo: () =>
              client.setHandoffAnswer({
                accountId,
                itemId,
                done: before?.done ?? false,
                note: before?.note,
                by: settings.userName,
                expectedVersion: version,
              }),
          });
        },
      },
    );
  };
  const answers: ChecklistAnswerMap = { ...stored, ...Object.fromEntries(Object.entries(pending).map(([k, done]) => [k, { done }])) };
  return { stored, answers, pending, save, error: mutation.error };
}

const isMissing = (item: HandoffItem, answers: ChecklistAnswerMap) => item.required && answers[item.id]?.done !== true;

/**
 * The order a checklist is read in: sections still missing required answers
 * first, and inside each section the missing required items lead, so what
 * blocks the handoff is seen first.
 */
export function checklistOrder(template: HandoffTemplate, answers: ChecklistAnswerMap): Array<{ sectionId: string; itemIds: string[] }> {
  return template.sections
    .map((section, index) => {
      const items = section.items.filter((i) => !i.archived);
      const missing = items.filter((i) => isMissing(i, answers));
      return {
        sectionId: section.id,
        index,
        itemIds: [...missing, ...items.filter((i) => !isMissing(i, answers))].map((i) => i.id),
        blocked: missing.length > 0,
      };
    })
    .filter((s) => s.itemIds.length > 0)
    .sort((a, b) => Number(b.blocked) - Number(a.blocked) || a.index - b.index)
    .map(({ sectionId, itemIds }) => ({ sectionId, itemIds }));
}

type Order = Array<{ sectionId: string; itemIds: string[] }>;

/**
 * The order first shown, kept while the list stays on screen: a tick must not
 * move the item from under the pointer. New items join the end of their
 * section (new sections the end of the list); removed ones drop out.
 */
export function keepOrder(first: Order, fresh: Order): Order {
  const now = new Map(fresh.map((s) => [s.sectionId, s.itemIds]));
  const kept = first
    .filter((s) => now.has(s.sectionId))
    .map((s) => {
      const ids = now.get(s.sectionId)!;
      return { sectionId: s.sectionId, itemIds: [...s.itemIds.filter((id) => ids.includes(id)), ...ids.filter((id) => !s.itemIds.includes(id))] };
    });
  return [...kept, ...fresh.filter((s) => !first.some((f) => f.sectionId === s.sectionId))];
}

export type ChecklistFilter = 'missing' | 'all';

/**
 * Which items the "Missing" filter shows: those missing when it was chosen,
 * kept after they are ticked (a tick must not pull a row from under the
 * pointer), and any that go missing meanwhile.
 */
export function missingShown(template: HandoffTemplate, answers: ChecklistAnswerMap, keptFrom: ReadonlySet<string>): Set<string> {
  const out = new Set(keptFrom);
  for (const section of template.sections) for (const item of section.items) if (!item.archived && isMissing(item, answers)) out.add(item.id);
  return out;
}

const missingIds = (template: HandoffTemplate, answers: ChecklistAnswerMap) => missingShown(template, answers, new Set());

export function ChecklistSections({
  template,
  stored,
  answers,
  pending,
  onSave,
}: {
  template: HandoffTemplate;
  /** What is saved (notes, versions). */
  stored: Record<string, HandoffAnswer>;
  /** What to show: saved answers with the ticks in flight applied. */
  answers: ChecklistAnswerMap;
  pending: Record<string, boolean>;
  onSave: (save: ChecklistSave) => void;
}) {
  const id = useId();
  const fresh = checklistOrder(template, answers);
  // Mounted per account (keyed by its id), so the first order is this account's.
  const [first] = useState(fresh);
  const order = keepOrder(first, fresh);
  const [filter, setFilter] = useState<ChecklistFilter>('missing');
  // Taken again each time "Missing" is chosen, so ticked rows leave only then.
  const [kept, setKept] = useState<ReadonlySet<string>>(() => missingIds(template, answers));
  const missingNow = missingIds(template, answers).size;
  const shown = filter === 'all' ? null : missingShown(template, answers, kept);
  const sections = new Map(template.sections.map((s) => [s.id, s]));
  const visible = order
    .map(({ sectionId, itemIds }) => ({ sectionId, itemIds: shown ? itemIds.filter((i) => shown.has(i)) : itemIds }))
    .filter((s) => s.itemIds.length > 0);
  // Roving focus: the list is one Tab stop (the row last focused), ↑/↓ and j/k move inside it.
  const [activeId, setActiveId] = useState<string | null>(null);
  const ids = visible.flatMap((v) => v.itemIds);
  const tabbable = activeId !== null && ids.includes(activeId) ? activeId : (ids[0] ?? null);
  const choose = (next: ChecklistFilter) => {
    if (next === 'missing') setKept(missingIds(template, answers));
    setFilter(next);
  };
  const filterButton = (value: ChecklistFilter, label: string) => (
    <button
      type="button"
      aria-pressed={filter === value}
      onClick={() => choose(value)}
      className={`rounded-md px-2 py-0.5 text-xs font-medium ${
        filter === value
          ? 'bg-indigo-700 text-white dark:bg-indigo-300 dark:text-slate-950'
          : 'text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
      } ${focusRing}`}
    >
      {label}
    </button>
  );
  return (
    <>
      <div role="group" aria-label="Show checklist items" id={`${id}-filter`} className="mt-2 flex gap-1">
        {filterButton('missing', `Missing (${missingNow})`)}
        {filterButton('all', 'All')}
      </div>
      {filter === 'missing' && visible.length === 0 && (
        <div className="mt-2">
          <Muted>Nothing missing: every required item is answered.</Muted>
        </div>
      )}
      <div onKeyDown={listArrowKeys}>
        {visible.map(({ sectionId, itemIds }) => {
          const section = sections.get(sectionId)!;
          const items = new Map(section.items.map((i) => [i.id, i]));
          const live = section.items.filter((i) => !i.archived);
          const done = live.filter((i) => answers[i.id]?.done === true).length;
          return (
            <fieldset key={sectionId} className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-700">
              <legend className="text-xs font-semibold text-slate-900 dark:text-slate-100">
                {section.title}{' '}
                <span className="font-normal text-slate-600 dark:text-slate-400">
                  ({done}/{live.length})
                </span>
              </legend>
              <ul>
                {itemIds.map((itemId) => (
                  <ChecklistRow
                    key={itemId}
                    item={items.get(itemId)!}
                    answer={stored[itemId]}
                    pending={pending[itemId]}
                    onSave={onSave}
                    tabbable={itemId === tabbable}
                    onFocusRow={() => setActiveId(itemId)}
                  />
                ))}
              </ul>
            </fieldset>
          );
        })}
      </div>
    </>
  );
}

/** One checklist item: a tick in one click, a note in two (the note can tick the item with it). */
export function ChecklistRow({
  item,
  answer,
  pending,
  onSave,
  tabbable = true,
  onFocusRow,
}: {
  item: HandoffItem;
  answer: HandoffAnswer | undefined;
  /** Where a tick in flight is going; undefined when none is. */
  pending: boolean | undefined;
  onSave: (save: ChecklistSave) => void;
  /** Whether the row is the list's Tab stop. */
  tabbable?: boolean;
  onFocusRow?: () => void;
}) {
  const id = useId();
  // An open note is a draft: it outlives the panel frame being released and made again.
  const [draft, setDraft] = useDraft(`checklist-note:${item.id}`);
  const noteOpen = draft !== null;
  const note = draft ?? '';
  const setNote = (text: string) => setDraft(text);
  const setNoteOpen = (open: boolean) => setDraft(open ? note : null);
  // While a tick is in flight the box shows where it is going, not where it was.
  const done = pending ?? answer?.done ?? false;
  const submitNote = (e: FormEvent | KeyboardEvent, tick: boolean) => {
    e.preventDefault();
    onSave({ itemId: item.id, done: tick || done, note: note.trim() === '' ? undefined : note, label: item.label });
    setNoteOpen(false);
  };
  return (
    <li className="py-1" data-nav-row="" onFocus={onFocusRow}>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          data-nav-focus=""
          tabIndex={tabbable ? 0 : -1}
          checked={done}
          disabled={pending !== undefined}
          aria-busy={pending !== undefined}
          aria-describedby={item.help ? `${id}-help` : undefined}
          onChange={(e) => onSave({ itemId: item.id, done: e.target.checked, note: answer?.note, label: item.label })}
          className={`mt-0.5 h-4 w-4 shrink-0 accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="text-sm text-slate-900 dark:text-slate-100">
            {item.label}
          </label>{' '}
          {/* Kept once answered (quieter), so a tick never changes the row's height. */}
          {item.required && <Badge tone={done ? 'neutral' : 'bad'}>Required</Badge>}
          {pending !== undefined && <span className="sr-only">Saving…</span>}
          {item.help && (
            <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-400">
              {item.help}
            </p>
          )}
          {answer?.note && !noteOpen && <p className="mt-0.5 text-xs whitespace-pre-wrap text-slate-800 dark:text-slate-200">Note: {answer.note}</p>}
          {noteOpen ? (
            <form className="mt-1 space-y-1" onSubmit={(e) => submitNote(e, !done)}>
              <TextArea
                label={`Note for “${item.label}”`}
                autoFocus
                maxLength={5000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setNoteOpen(false);
                  // Ctrl/⌘+Enter saves the way the main button does.
                  else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submitNote(e, !done);
                }}
              />
              <div className="flex flex-wrap gap-1">
                {/* The note and the tick are one action when the item is open. */}
                <Button type="submit" variant="primary">
                  {done ? 'Save note' : 'Save & tick'}
                </Button>
                {!done && <Button onClick={(e) => submitNote(e, false)}>Save note</Button>}
                <Button onClick={() => setNoteOpen(false)}>Cancel</Button>
              </div>
            </form>
          ) : (
            <Button
              variant="ghost"
              className="mt-0.5"
              tabIndex={tabbable ? 0 : -1}
              aria-label={`${answer?.note ? 'Edit' : 'Add'} note: ${item.label}`}
              onClick={() => {
                setNote(answer?.note ?? '');
              }}
            >
              {answer?.note ? 'Edit note' : 'Add note'}
            </Button>
          )}
        </div>
      </div>
    </li>
  );
}
