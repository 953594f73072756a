import { useState, type FormEvent } from 'react';
import type { Milestone, MilestoneOwnerRole, MilestoneStatus } from '../../lib/core/domain/success-plan';
import {
  isMilestoneMissed,
  MILESTONE_OWNER_ROLE_LABELS,
  MILESTONE_STATUS_LABELS,
  milestoneStatusChange,
  nextMilestone,
} from '../../lib/core/domain/success-plan';
import { generatePlan, type PlanNotice } from '../../lib/core/domain/plan-template';
import { JOURNEY_STAGES, LIFECYCLE_STAGE_LABELS, stageProgress } from '../../lib/core/domain/lifecycle';
import type { LifecycleStage } from '../../lib/core/domain/account';
import { partyLabel, whoOwnsNext } from '../../lib/core/domain/raci';
import { mutualActionPlan, planToMarkdown } from '../../lib/core/domain/mutual-action-plan';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import { toIsoDate } from '../../lib/core/domain/dates';
import type { AccountContext, MilestoneDraft, MilestonePatch } from '../../lib/core/model';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { useWrite } from '../app/useWrite';
import { toOptions } from '../shared/labels';
import { useUndo } from '../shared/undo';
import { Badge, Button, Card, ErrorBanner, formatDate, formatDateTime, Muted, SelectField, TextArea, TextField } from '../ui';
import { printablePlanHtml } from './printable-plan';

const defaultClipboard = (text: string) => navigator.clipboard.writeText(text);

// A blob page in the extension's origin: nothing is sent anywhere, and the
// person prints or saves it from the browser.
function defaultOpenPrintable(html: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface SuccessPlanCardProps {
  context: AccountContext;
  writeClipboard?: (text: string) => Promise<void>;
  openPrintable?: (html: string) => void;
}

/** The plan in the order to work it: the next milestone first, then the rest by due date. */
function workingOrder(milestones: readonly Milestone[]): Milestone[] {
  const next = nextMilestone(milestones);
  return next ? [next, ...milestones.filter((m) => m !== next)] : [...milestones];
}

// undefined does not survive messaging: a field the change clears is sent as null.
const clearing = (v: string | undefined) => v ?? null;

// ---------------------------------------------------------------------------
// Who owns the next step, for the panel's header line
// ---------------------------------------------------------------------------

export function NextOwnerLine({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const owner = whoOwnsNext(context.account, context.account.lifecycleStage, nextMilestone(context.milestones), settings.raci);
  if (!owner) return null;
  const responsible = owner.responsible.length ? owner.responsible.map(partyLabel).join(', ') : 'nobody named';
  return (
    <p aria-label="Who owns the next step" className="mt-1 text-xs text-slate-800 dark:text-slate-200">
      <span className="font-medium">{owner.activityLabel}:</span> Responsible {responsible} · Accountable {partyLabel(owner.accountable)}
    </p>
  );
}

// ---------------------------------------------------------------------------
// Milestone form (add and edit)
// ---------------------------------------------------------------------------

interface FormValues {
  title: string;
  dueDate: string;
  ownerRole: MilestoneOwnerRole;
  owner: string;
  status: MilestoneStatus;
  successCriteria: string;
  evidence: string;
  internalNote: string;
  achievedOn: string;
}

const BLANK: FormValues = {
  title: '',
  dueDate: '',
  ownerRole: 'csm',
  owner: '',
  status: 'planned',
  successCriteria: '',
  evidence: '',
  internalNote: '',
  achievedOn: '',
};

function toForm(m: Milestone): FormValues {
  return {
    title: m.title,
    dueDate: m.dueDate ?? '',
    ownerRole: m.ownerRole,
    owner: m.owner ?? '',
    status: m.status,
    successCriteria: m.successCriteria ?? '',
    evidence: m.evidence ?? '',
    internalNote: m.internalNote ?? '',
    achievedOn: m.achievedOn ?? '',
  };
}

const blank = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The patch a form makes: every field, blanks cleared. */
function toPatch(v: FormValues): MilestonePatch {
  return {
    title: v.title.trim(),
    ownerRole: v.ownerRole,
    status: v.status,
    dueDate: clearing(blank(v.dueDate)),
    owner: clearing(blank(v.owner)),
    successCriteria: clearing(blank(v.successCriteria)),
    evidence: clearing(blank(v.evidence)),
    internalNote: clearing(blank(v.internalNote)),
    achievedOn: clearing(blank(v.achievedOn)),
  };
}

function toDraft(accountId: string, v: FormValues): MilestoneDraft {
  const optional = {
    dueDate: v.dueDate,
    owner: v.owner,
    successCriteria: v.successCriteria,
    evidence: v.evidence,
    internalNote: v.internalNote,
    achievedOn: v.achievedOn,
  };
  const present = Object.fromEntries(Object.entries(optional).flatMap(([k, x]) => (blank(x) === undefined ? [] : [[k, blank(x)]])));
  return { accountId, title: v.title.trim(), ownerRole: v.ownerRole, status: v.status, ...present };
}

function MilestoneForm({
  initial,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: FormValues;
  submitLabel: string;
  pending: boolean;
  onSubmit: (v: FormValues) => void;
  onCancel: () => void;
}) {
  const now = useNow();
  const [v, setV] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof FormValues>(k: K, value: FormValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.title.trim()) return setProblem('Give the milestone a title.');
    if (v.status === 'done' && !v.achievedOn) return setProblem('Enter the date the milestone was achieved.');
    setProblem(null);
    onSubmit(v);
  };
  return (
    <form onSubmit={submit} aria-label={submitLabel} className="mt-2 space-y-2 rounded-md border border-slate-200 p-2 dark:border-slate-700">
      <TextField label="Milestone" required maxLength={200} value={v.title} onChange={(e) => set('title', e.target.value)} />
      <div className="grid grid-cols-1 gap-2 min-[360px]:grid-cols-2">
        <TextField label="Due date" type="date" value={v.dueDate} onChange={(e) => set('dueDate', e.target.value)} />
        <SelectField
          label="Status"
          options={toOptions(MILESTONE_STATUS_LABELS)}
          value={v.status}
          onChange={(e) => {
            const status = e.target.value as MilestoneStatus;
            setV((old) => ({ ...old, status, achievedOn: status === 'done' && !old.achievedOn ? toIsoDate(now) : old.achievedOn }));
          }}
        />
        <SelectField
          label="Owner role"
          options={toOptions(MILESTONE_OWNER_ROLE_LABELS)}
          value={v.ownerRole}
          onChange={(e) => set('ownerRole', e.target.value as MilestoneOwnerRole)}
        />
        <TextField label="Owner" maxLength={120} value={v.owner} onChange={(e) => set('owner', e.target.value)} />
        <TextField label="Date achieved" type="date" value={v.achievedOn} onChange={(e) => set('achievedOn', e.target.value)} />
      </div>
      <TextArea
        label="Success criteria (in the customer's words)"
        maxLength={20000}
        value={v.successCriteria}
        onChange={(e) => set('successCriteria', e.target.value)}
      />
      <TextArea label="Evidence" maxLength={20000} value={v.evidence} onChange={(e) => set('evidence', e.target.value)} />
      <TextArea
        label="Internal note (never shared with the customer)"
        maxLength={20000}
        value={v.internalNote}
        onChange={(e) => set('internalNote', e.target.value)}
      />
      {problem && (
        <p role="alert" className="text-xs font-medium text-red-800 dark:text-red-300">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {submitLabel}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------------------
// The bow-tie stage strip
// ---------------------------------------------------------------------------

function StageStrip({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const { account } = context;
  const [confirming, setConfirming] = useState<LifecycleStage | null>(null);
  const move = useWrite((client, to: LifecycleStage) =>
    client.changeStage({ accountId: account.id, to, by: settings.userName, expectedVersion: account.version }),
  );
  const checklist = checklistCompleteness(settings.handoffTemplate, context.handoff.answers);
  const progress = stageProgress(account, { milestones: context.milestones }, checklist, settings.lifecycleRules, now);
  const current = (JOURNEY_STAGES as readonly LifecycleStage[]).indexOf(account.lifecycleStage);

  return (
    <div className="mt-1">
      <ol aria-label="Lifecycle stage" className="flex flex-wrap gap-1 text-xs">
        {JOURNEY_STAGES.map((stage, i) => (
          <li
            key={stage}
            aria-current={stage === account.lifecycleStage ? 'step' : undefined}
            className={`rounded px-1.5 py-0.5 ${
              stage === account.lifecycleStage
                ? 'bg-sky-700 font-semibold text-white dark:bg-sky-300 dark:text-slate-950'
                : i < current
                  ? 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100'
                  : 'border border-slate-300 text-slate-700 dark:border-slate-600 dark:text-slate-300'
            }`}
          >
            {LIFECYCLE_STAGE_LABELS[stage]}
          </li>
        ))}
      </ol>
      {account.lifecycleStage === 'churned' && <Muted>The account has churned.</Muted>}
      {/* Collapsed to one line: a tick elsewhere in the panel changes what is
          missing, and must not move the rows below this card. */}
      {progress.nextStage && progress.missing.length > 0 && (
        <details className="mt-1 text-xs text-slate-800 dark:text-slate-200">
          <summary className="cursor-pointer font-medium">
            To move to {LIFECYCLE_STAGE_LABELS[progress.nextStage]}: {progress.missing.length} still needed
          </summary>
          <ul aria-label="Still needed to move on" className="ml-4 list-disc">
            {progress.missing.map((r, i) => (
              <li key={i}>
                {r.label}
                {r.detail ? ` — ${r.detail}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {progress.suggestedStage &&
        (confirming === progress.suggestedStage ? (
          <div role="group" aria-label="Confirm the stage change" className="mt-1 flex flex-wrap items-center gap-2 text-xs">
            <span>
              Move {account.name} from {LIFECYCLE_STAGE_LABELS[account.lifecycleStage]} to {LIFECYCLE_STAGE_LABELS[progress.suggestedStage]}?
            </span>
            <Button
              variant="primary"
              disabled={move.isPending}
              onClick={() => move.mutate(progress.suggestedStage!, { onSettled: () => setConfirming(null) })}
            >
              Confirm move
            </Button>
            <Button onClick={() => setConfirming(null)}>Cancel</Button>
          </div>
        ) : (
          <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
            <span>Everything needed to move on is done.</span>
            <Button variant="primary" onClick={() => setConfirming(progress.suggestedStage)}>
              Move to {LIFECYCLE_STAGE_LABELS[progress.suggestedStage]}…
            </Button>
          </div>
        ))}
      {move.error != null && <ErrorBanner error={move.error} />}
      {context.stageChanges.length > 0 && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-700 dark:text-slate-300">Stage history</summary>
          <ul aria-label="Stage history" className="mt-1 space-y-0.5">
            {[...context.stageChanges].reverse().map((c) => (
              <li key={c.id}>
                {LIFECYCLE_STAGE_LABELS[c.from]} → {LIFECYCLE_STAGE_LABELS[c.to]} by {c.by}, {formatDateTime(c.at)}
                {c.note ? ` — ${c.note}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------
// The card
// ---------------------------------------------------------------------------

function MilestoneRow({ milestone: m, isNext }: { milestone: Milestone; isNext: boolean }) {
  const now = useNow();
  const undo = useUndo();
  const [editing, setEditing] = useState(false);
  const update = useWrite((client, u: { m: Milestone; patch: MilestonePatch }) =>
    client.updateMilestone(u.m.accountId, u.m.id, u.patch, u.m.version),
  );
  const missed = isMilestoneMissed(m, now);

  const setStatus = (status: MilestoneStatus) => {
    if (status === m.status) return;
    const change = milestoneStatusChange(m, status, now);
    const before = { status: m.status, achievedOn: clearing(m.achievedOn) };
    update.mutate(
      { m, patch: { status: change.status, achievedOn: clearing(change.achievedOn) } },
      {
        onSuccess: (saved) =>
          undo.offer({
            message: `“${m.title}” marked ${MILESTONE_STATUS_LABELS[status]}`,
            undo: () => update.mutateAsync({ m: saved, patch: before }),
          }),
      },
    );
  };

  return (
    <li data-nav-row className="py-1.5" aria-label={`Milestone: ${m.title}`}>
      <div className="flex flex-wrap items-center justify-between gap-1">
        <div className="min-w-0">
          <p className="text-sm font-medium break-words text-slate-900 dark:text-slate-50">
            {isNext && <span className="mr-1 text-xs font-semibold text-sky-800 uppercase dark:text-sky-300">Next </span>}
            {m.title}
          </p>
          <p className="text-xs text-slate-700 dark:text-slate-300">
            {m.dueDate ? `Due ${formatDate(m.dueDate)}` : 'No due date'} · {MILESTONE_OWNER_ROLE_LABELS[m.ownerRole]}
            {m.owner ? ` (${m.owner})` : ''}
            {m.status === 'done' && m.achievedOn ? ` · achieved ${formatDate(m.achievedOn)}` : ''}
          </p>
        </div>
        <div className="flex items-center gap-1">
          {missed && <Badge tone="bad">Overdue</Badge>}
          <label className="sr-only" htmlFor={`ms-status-${m.id}`}>
            Status of {m.title}
          </label>
          <select
            id={`ms-status-${m.id}`}
            data-nav-focus
            className="rounded-md border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-800"
            value={m.status}
            disabled={update.isPending}
            onChange={(e) => setStatus(e.target.value as MilestoneStatus)}
          >
            {toOptions(MILESTONE_STATUS_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <Button variant="ghost" onClick={() => setEditing((e) => !e)} aria-label={`Edit ${m.title}`}>
            Edit
          </Button>
        </div>
      </div>
      {m.successCriteria && <p className="text-xs text-slate-700 dark:text-slate-300">Success: {m.successCriteria}</p>}
      {update.error != null && <ErrorBanner error={update.error} />}
      {editing && (
        <MilestoneForm
          initial={toForm(m)}
          submitLabel="Save milestone"
          pending={update.isPending}
          onCancel={() => setEditing(false)}
          onSubmit={(v) => update.mutate({ m, patch: toPatch(v) }, { onSuccess: () => setEditing(false) })}
        />
      )}
    </li>
  );
}

function CreatePlan({ context, onNotices }: { context: AccountContext; onNotices: (n: PlanNotice[]) => void }) {
  const settings = useSettings();
  const now = useNow();
  const [refusal, setRefusal] = useState<string | null>(null);
  const create = useWrite((client, input: Parameters<typeof client.createPlan>[0]) => client.createPlan(input));
  const template = settings.planTemplates[context.account.segment];

  const run = () => {
    const result = generatePlan(context.account, template, settings.serviceLevels, now);
    if (!result.ok) return setRefusal(result.message);
    setRefusal(null);
    const milestones = result.plan.milestones.map(({ version: _v, createdAt: _c, updatedAt: _u, ...m }) => m);
    create.mutate({ accountId: context.account.id, templateId: result.plan.templateId, milestones }, { onSuccess: () => onNotices(result.notices) });
  };

  return (
    <div className="space-y-1">
      <Muted>No success plan yet.</Muted>
      <Button variant="primary" onClick={run} disabled={create.isPending}>
        Create plan from template
      </Button>
      <p className="text-xs text-slate-600 dark:text-slate-400">Uses the {template.name} template.</p>
      {refusal && (
        <p role="alert" className="text-xs font-medium text-red-800 dark:text-red-300">
          {refusal}
        </p>
      )}
      {create.error != null && <ErrorBanner error={create.error} />}
    </div>
  );
}

export function SuccessPlanCard({ context, writeClipboard = defaultClipboard, openPrintable = defaultOpenPrintable }: SuccessPlanCardProps) {
  const [notices, setNotices] = useState<PlanNotice[]>([]);
  const [adding, setAdding] = useState(false);
  const [copied, setCopied] = useState<'' | 'copied' | 'failed'>('');
  const { account, milestones } = context;
  const add = useWrite((client, v: FormValues) => client.createMilestone(toDraft(account.id, v)));
  const next = nextMilestone(milestones);

  async function copy() {
    try {
      await writeClipboard(planToMarkdown({ milestones }, account));
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <Card title="Success plan">
      <StageStrip context={context} />
      {milestones.length === 0 ? (
        <CreatePlan context={context} onNotices={setNotices} />
      ) : (
        <>
          {notices.length > 0 && (
            <ul aria-label="Plan notices" className="mt-1 space-y-0.5 text-xs text-amber-900 dark:text-amber-200">
              {notices.map((n) => (
                <li key={`${n.milestoneId}-${n.kind}`}>{n.message}</li>
              ))}
            </ul>
          )}
          <ul aria-label="Milestones" className="mt-1 divide-y divide-slate-200 dark:divide-slate-700">
            {workingOrder(milestones).map((m) => (
              <MilestoneRow key={m.id} milestone={m} isNext={m === next} />
            ))}
          </ul>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Button onClick={() => setAdding((a) => !a)}>Add milestone</Button>
            <Button onClick={() => void copy()}>Copy plan (Markdown)</Button>
            <Button onClick={() => openPrintable(printablePlanHtml(mutualActionPlan({ milestones }, account)))}>Open printable plan</Button>
            <span role="status" aria-live="polite" className="text-xs text-slate-700 dark:text-slate-300">
              {copied === 'copied'
                ? 'Plan copied as Markdown (internal notes left out).'
                : copied === 'failed'
                  ? 'Could not copy: the clipboard was refused.'
                  : ''}
            </span>
          </div>
          {adding && (
            <MilestoneForm
              initial={BLANK}
              submitLabel="Add milestone"
              pending={add.isPending}
              onCancel={() => setAdding(false)}
              onSubmit={(v) => add.mutate(v, { onSuccess: () => setAdding(false) })}
            />
          )}
          {add.error != null && <ErrorBanner error={add.error} />}
        </>
      )}
    </Card>
  );
}
