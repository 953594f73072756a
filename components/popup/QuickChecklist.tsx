import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { AccountContext, HandoffAnswerInput } from '../../lib/core/model';
import { accountContextQuery, seamlineKeys } from '../app/data-queries';
import { pendingSuggestion } from '../../lib/core/capture/suggest';
import { checklistCompleteness, type ChecklistAnswerMap } from '../../lib/core/domain/checklist';
import type { HandoffAnswer, HandoffItem } from '../../lib/core/domain/handoff';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { useSettings } from '../app/settings';
import { Badge, Button, ErrorBanner, focusRing, Muted, PanelSkeleton } from '../ui';
import { ProgressRing } from '../ui/ProgressRing';
import { SuggestionPrompt } from '../shared/SuggestionPrompt';

type Save = (input: { itemId: string; done: boolean; note: string | undefined }) => void;

function ItemRow({
  item,
  answer,
  pending,
  onSave,
}: {
  item: HandoffItem;
  answer: HandoffAnswer | undefined;
  pending: boolean | undefined;
  onSave: Save;
}) {
  const id = useId();
  const [noteOpen, setNoteOpen] = useState(false);
  const [note, setNote] = useState('');
  const done = pending ?? answer?.done ?? false;
  const submitNote = (e: FormEvent, markDone: boolean) => {
    e.preventDefault();
    onSave({ itemId: item.id, done: markDone || done, note: note.trim() === '' ? undefined : note.trim() });
    setNoteOpen(false);
  };
  return (
    <li className="py-1">
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={done}
          disabled={pending !== undefined}
          onChange={(e) => onSave({ itemId: item.id, done: e.target.checked, note: answer?.note })}
          className={`mt-0.5 h-4 w-4 shrink-0 accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="text-sm text-slate-900 dark:text-slate-100">
            {item.label}
          </label>{' '}
          {item.required && !done && <Badge tone="bad">Required</Badge>}
          {answer?.note && !noteOpen && <p className="text-xs whitespace-pre-wrap text-slate-700 dark:text-slate-300">Note: {answer.note}</p>}
          {noteOpen ? (
            <form className="mt-1 flex flex-wrap items-end gap-1" onSubmit={(e) => submitNote(e, !done)}>
              <label className="sr-only" htmlFor={`${id}-note`}>
                Note for “{item.label}”
              </label>
              <input
                id={`${id}-note`}
                autoFocus
                maxLength={5000}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                onKeyDown={(e) => e.key === 'Escape' && setNoteOpen(false)}
                className={`min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800 ${focusRing}`}
              />
              {/* Enter ticks the item with its note: the note and the tick are one action. */}
              <Button type="submit" variant="primary">
                {done ? 'Save note' : 'Save & tick'}
              </Button>
              <Button onClick={() => setNoteOpen(false)}>Cancel</Button>
            </form>
          ) : (
            <Button
              variant="ghost"
              aria-label={`${answer?.note ? 'Edit' : 'Add'} note: ${item.label}`}
              onClick={() => {
                setNote(answer?.note ?? '');
                setNoteOpen(true);
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

function Checklist({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const { client, source } = useData();
  const queryClient = useQueryClient();
  const template = settings.handoffTemplate;
  const answers = context.handoff.answers;
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const save = useMutation({
    mutationFn: (input: HandoffAnswerInput) => client.setHandoffAnswer(input),
    onMutate: (input) => setPending((p) => ({ ...p, [input.itemId]: input.done })),
    onSettled: async (_d, _e, input) => {
      // On a conflict too: the refetch shows the answer that won.
      await queryClient.invalidateQueries({ queryKey: seamlineKeys.accountContext(source, context.account.id) });
      setPending(({ [input.itemId]: _, ...rest }) => rest);
    },
  });
  const onSave: Save = ({ itemId, done, note }) =>
    save.mutate({ accountId: context.account.id, itemId, done, note, by: settings.userName, expectedVersion: answers[itemId]?.version ?? null });

  // The ring counts ticks in flight, so the figure moves with the click.
  const shown: ChecklistAnswerMap = { ...answers, ...Object.fromEntries(Object.entries(pending).map(([k, done]) => [k, { done }])) };
  const completeness = checklistCompleteness(template, shown);
  const toConfirm = context.commitments.filter((c) => c.kind === 'other' && pendingSuggestion(c, now));

  return (
    <>
      <div className="flex items-center gap-3">
        <ProgressRing percent={completeness.percent} size={48} label={`Checklist ${completeness.percent}% complete`} />
        <div className="min-w-0 text-xs text-slate-800 dark:text-slate-200">
          <h1 className="truncate text-base font-semibold text-slate-900 dark:text-slate-50">{context.account.name}</h1>
          <p>
            {completeness.total === 0
              ? 'No checklist items'
              : `${completeness.percent}% complete · ${completeness.done} of ${completeness.total} done`}
          </p>
          <p className={completeness.requiredMissing.length ? 'font-semibold text-red-800 dark:text-red-300' : ''}>
            {completeness.requiredMissing.length === 0
              ? 'All required items answered'
              : `${completeness.requiredMissing.length} required item${completeness.requiredMissing.length === 1 ? '' : 's'} missing`}
          </p>
        </div>
      </div>
      {save.error != null && <ErrorBanner error={save.error} />}
      {toConfirm.length > 0 && (
        <section aria-label="Captured commitments to confirm" className="mt-2">
          <h2 className="text-xs font-semibold text-slate-900 dark:text-slate-100">Captured commitments to confirm</h2>
          <ul>
            {toConfirm.map((c) => (
              <li key={c.id} className="py-1 text-sm">
                <p className="text-slate-900 dark:text-slate-50">{c.text}</p>
                <SuggestionPrompt commitment={c} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {template.sections.map((section) => {
        const items = section.items.filter((i) => !i.archived);
        if (items.length === 0) return null;
        const missing = (i: HandoffItem) => i.required && answers[i.id]?.done !== true;
        // Required items first: they are what blocks the handoff.
        const ordered = [...items.filter((i) => i.required), ...items.filter((i) => !i.required)];
        const s = completeness.sections.find((x) => x.id === section.id);
        return (
          <fieldset key={section.id} className="mt-2 border-t border-slate-200 pt-1 dark:border-slate-700">
            <legend className="text-xs font-semibold text-slate-900 dark:text-slate-100">
              {section.title}{' '}
              {s && (
                <span className="font-normal text-slate-600 dark:text-slate-400">
                  ({s.done}/{s.total}
                  {items.some(missing) ? `, ${s.requiredMissing} required open` : ''})
                </span>
              )}
            </legend>
            <ul>
              {ordered.map((item) => (
                <ItemRow key={item.id} item={item} answer={answers[item.id]} pending={pending[item.id]} onSave={onSave} />
              ))}
            </ul>
          </fieldset>
        );
      })}
    </>
  );
}

/** The handoff checklist of one account, tickable in one click (two with a note). */
export function QuickChecklist({ accountId }: { accountId: string }) {
  const { client, source } = useData();
  const ctx = useQuery(accountContextQuery(client, source, accountId));
  if (ctx.isPending) return <PanelSkeleton label="Loading the checklist…" />;
  if (ctx.data === undefined) return <ErrorBanner error={ctx.error} onRetry={() => void ctx.refetch()} />;
  if (ctx.data === null) return <Muted>This account no longer exists in the current data source.</Muted>;
  return (
    <>
      {ctx.error != null && <ErrorBanner error={ctx.error} onRetry={() => void ctx.refetch()} />}
      <Checklist context={ctx.data} />
    </>
  );
}
