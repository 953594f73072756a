import { useId, useState } from 'react';
import type { AccountContext, HandoffAnswerInput } from '../../lib/core/model';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import type { HandoffAnswer, HandoffItem } from '../../lib/core/domain/handoff';
import { kickoffSla, type KickoffSla } from '../../lib/core/domain/kickoff';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { useWrite } from '../app/useWrite';
import { Badge, Button, Card, ErrorBanner, focusRing, formatDate, Muted, TextArea } from '../ui';
import { ProgressRing } from '../ui/ProgressRing';

function KickoffLine({ sla }: { sla: KickoffSla }) {
  if (sla.status === 'not-applicable') return <Muted>Kickoff SLA: no closed-won date recorded yet.</Muted>;
  const tone = sla.status === 'met' ? 'good' : sla.status === 'overdue' ? 'bad' : 'warn';
  const text =
    sla.status === 'met'
      ? `Met — held ${formatDate(sla.kickoffDate)}`
      : sla.status === 'overdue'
        ? `Overdue by ${sla.businessDaysLate} business day${sla.businessDaysLate === 1 ? '' : 's'}${sla.kickoffDate ? ` (held ${formatDate(sla.kickoffDate)})` : ''}`
        : `Pending — ${sla.businessDaysLeft} business day${sla.businessDaysLeft === 1 ? '' : 's'} left`;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-800 dark:text-slate-200">
      <span className="font-medium">Joint kickoff due {formatDate(sla.dueDate)}:</span>
      <Badge tone={tone}>{text}</Badge>
    </p>
  );
}

function ChecklistItem({
  item,
  answer,
  pendingDone,
  onSave,
}: {
  item: HandoffItem;
  answer: HandoffAnswer | undefined;
  pendingDone: boolean | undefined;
  onSave: (done: boolean, note: string | undefined) => void;
}) {
  const id = useId();
  const [editingNote, setEditingNote] = useState(false);
  const [note, setNote] = useState(answer?.note ?? '');
  // While a tick is in flight the box shows where it is going, not where it was.
  const done = pendingDone ?? answer?.done ?? false;
  const missing = item.required && !done;
  return (
    <li className="py-1">
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={done}
          disabled={pendingDone !== undefined}
          aria-describedby={item.help ? `${id}-help` : undefined}
          onChange={(e) => onSave(e.target.checked, answer?.note)}
          className={`mt-0.5 h-4 w-4 shrink-0 accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
        />
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="text-sm text-slate-900 dark:text-slate-100">
            {item.label}
          </label>{' '}
          {missing && <Badge tone="bad">Required</Badge>}
          {item.help && (
            <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-400">
              {item.help}
            </p>
          )}
          {answer?.note && !editingNote && (
            <p className="mt-0.5 text-xs whitespace-pre-wrap text-slate-800 dark:text-slate-200">Note: {answer.note}</p>
          )}
          {editingNote ? (
            <form
              className="mt-1 space-y-1"
              onSubmit={(e) => {
                e.preventDefault();
                onSave(done, note.trim() === '' ? undefined : note);
                setEditingNote(false);
              }}
            >
              <TextArea label={`Note for “${item.label}”`} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
              <div className="flex gap-1">
                <Button type="submit" variant="primary">
                  Save note
                </Button>
                <Button onClick={() => setEditingNote(false)}>Cancel</Button>
              </div>
            </form>
          ) : (
            <Button
              variant="ghost"
              className="mt-0.5"
              aria-label={`${answer?.note ? 'Edit' : 'Add'} note: ${item.label}`}
              onClick={() => {
                setNote(answer?.note ?? '');
                setEditingNote(true);
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

export function ChecklistCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const template = settings.handoffTemplate;
  const answers = context.handoff.answers;
  const save = useWrite((client, input: HandoffAnswerInput) => client.setHandoffAnswer(input));
  const completeness = checklistCompleteness(template, answers);
  const sla = kickoffSla(context.account, now, settings.serviceLevels);

  const pendingFor = (itemId: string) => (save.isPending && save.variables?.itemId === itemId ? save.variables.done : undefined);
  const onSave = (itemId: string) => (done: boolean, note: string | undefined) =>
    save.mutate({
      accountId: context.account.id,
      itemId,
      done,
      note,
      by: settings.userName,
      expectedVersion: answers[itemId]?.version ?? null,
    });

  // Sections still missing required answers come first, and inside each
  // section the missing required items lead, so what blocks the handoff is
  // what the reader sees first.
  const missingBySection = new Map(completeness.sections.map((s) => [s.id, s.requiredMissing]));
  const sections = template.sections
    .map((section, index) => ({ section, index, missing: missingBySection.get(section.id) ?? 0 }))
    .sort((a, b) => Number(b.missing > 0) - Number(a.missing > 0) || a.index - b.index);
  const isMissing = (item: HandoffItem) => item.required && answers[item.id]?.done !== true;

  return (
    <Card title="Handoff checklist">
      <div className="flex items-center gap-3">
        <ProgressRing percent={completeness.percent} label={`Checklist ${completeness.percent}% complete`} />
        <div className="text-xs text-slate-800 dark:text-slate-200">
          <p>{completeness.total === 0 ? 'No items' : `${completeness.done} of ${completeness.total} done`}</p>
          <p className={completeness.requiredMissing.length ? 'font-semibold text-red-800 dark:text-red-300' : ''}>
            {completeness.requiredMissing.length === 0
              ? 'All required items answered'
              : `${completeness.requiredMissing.length} required item${completeness.requiredMissing.length === 1 ? '' : 's'} missing`}
          </p>
          <KickoffLine sla={sla} />
        </div>
      </div>
      {save.error != null && <ErrorBanner error={save.error} />}
      {sections.map(({ section }) => {
        const items = section.items.filter((i) => !i.archived);
        if (items.length === 0) return null;
        const ordered = [...items.filter(isMissing), ...items.filter((i) => !isMissing(i))];
        const s = completeness.sections.find((x) => x.id === section.id);
        return (
          <fieldset key={section.id} className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-700">
            <legend className="text-xs font-semibold text-slate-900 dark:text-slate-100">
              {section.title}{' '}
              {s && (
                <span className="font-normal text-slate-600 dark:text-slate-400">
                  ({s.done}/{s.total})
                </span>
              )}
            </legend>
            <ul>
              {ordered.map((item) => (
                <ChecklistItem key={item.id} item={item} answer={answers[item.id]} pendingDone={pendingFor(item.id)} onSave={onSave(item.id)} />
              ))}
            </ul>
          </fieldset>
        );
      })}
    </Card>
  );
}
