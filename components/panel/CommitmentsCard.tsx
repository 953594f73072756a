import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AccountContext, CommitmentPatch, FlagDraft } from '../../lib/core/model';
import type { Commitment, CommitmentKind, CommitmentStatus, RoadmapStatus } from '../../lib/core/domain/commitment';
import { commitmentStatus, sortCommitments } from '../../lib/core/domain/commitment-status';
import { formatDaysToGo } from '../../lib/core/domain/dates';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { useSettings } from '../app/settings';
import { listArrowKeys } from '../shared/keyboard';
import { useUndo } from '../shared/undo';
import type { RiskFlag } from '../../lib/core/domain/risk-flag';
import { useWrite } from '../app/useWrite';
import { SuggestionPrompt } from '../shared/SuggestionPrompt';
import { Badge, Button, Card, ErrorBanner, focusRing, formatDate, formatDateTime, Muted, SelectField, TextArea, TextField, WarningIcon } from '../ui';
import {
  COMMITMENT_KIND_LABELS,
  COMMITMENT_STATUS_LABELS,
  RISK_CATEGORY_LABELS,
  ROADMAP_LABELS,
  SEVERITY_LABELS,
  SEVERITY_TONES,
  toOptions,
} from '../shared/labels';
import { QuickCapture } from '../shared/QuickCapture';
import { relatedFlags } from '../../lib/core/domain/similarity';
import { defaultMadeBy } from '../../lib/core/capture/made-by';
import { CARD_ANCHORS, commitmentAnchor } from './disclosure';
import { SourceQuote } from './SourceQuote';

interface FormValues {
  text: string;
  kind: CommitmentKind;
  madeBy: string;
  madeTo: string;
  dueDate: string;
  roadmapStatus: RoadmapStatus;
}

const blankToUndefined = (s: string) => (s.trim() === '' ? undefined : s.trim());

function CommitmentForm({
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
  const [v, setV] = useState(initial);
  const set = <K extends keyof FormValues>(k: K, value: FormValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (v.text.trim()) onSubmit(v);
  };
  return (
    <form onSubmit={submit} className="mt-2 space-y-2 rounded-md border border-slate-200 p-2 dark:border-slate-700">
      <TextField label="What was promised" required maxLength={2000} value={v.text} onChange={(e) => set('text', e.target.value)} />
      <div className="grid grid-cols-1 gap-2 min-[360px]:grid-cols-2">
        <SelectField
          label="Kind"
          options={toOptions(COMMITMENT_KIND_LABELS)}
          value={v.kind}
          onChange={(e) => set('kind', e.target.value as CommitmentKind)}
        />
        <SelectField
          label="Roadmap"
          options={toOptions(ROADMAP_LABELS)}
          value={v.roadmapStatus}
          onChange={(e) => set('roadmapStatus', e.target.value as RoadmapStatus)}
        />
        <TextField label="Promised by" maxLength={120} value={v.madeBy} onChange={(e) => set('madeBy', e.target.value)} />
        <TextField label="Promised to" maxLength={120} value={v.madeTo} onChange={(e) => set('madeTo', e.target.value)} />
        <TextField label="Due date" type="date" value={v.dueDate} onChange={(e) => set('dueDate', e.target.value)} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending || !v.text.trim()}>
          {submitLabel}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function toForm(c: Commitment): FormValues {
  return {
    text: c.text,
    kind: c.kind,
    madeBy: c.madeBy ?? '',
    madeTo: c.madeTo ?? '',
    dueDate: c.dueDate ?? '',
    roadmapStatus: c.roadmapStatus,
  };
}

type Update = { commitment: Commitment; patch: CommitmentPatch; flag?: FlagDraft };

type Consequential = 'pushed-back' | 'broken';

const REASON_LABELS: Record<Consequential, string> = {
  'pushed-back': 'Why was it pushed back?',
  broken: 'Why was it broken?',
};

/**
 * Pushed back and Broken change what the customer was told, so they are not
 * one click: the reason is kept with the commitment, and a risk flag can be
 * raised in the same step so the account's risks say so too.
 */
function ReasonForm({
  commitment: c,
  status,
  pending,
  onSubmit,
  onCancel,
}: {
  commitment: Commitment;
  status: Consequential;
  pending: boolean;
  onSubmit: (u: Update) => void;
  onCancel: () => void;
}) {
  const settings = useSettings();
  const now = useNow();
  const [reason, setReason] = useState('');
  const [raiseFlag, setRaiseFlag] = useState(status === 'broken');
  const flagId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const note = reason.trim();
    if (!note) return;
    const at = now.toISOString();
    onSubmit({
      commitment: c,
      patch: { status, statusNote: note, statusChangedBy: settings.userName, statusChangedAt: at },
      flag: raiseFlag
        ? {
            accountId: c.accountId,
            category: status === 'broken' ? 'overpromise' : 'timeline',
            severity: status === 'broken' ? 'high' : 'medium',
            note: `${COMMITMENT_STATUS_LABELS[status]}: ${c.text}. ${note}`.slice(0, 5000),
            quote: c.sourceQuote,
            url: c.sourceUrl,
            pageTitle: c.sourceTitle,
            createdBy: settings.userName,
            resolved: false,
          }
        : undefined,
    });
  };
  return (
    <form onSubmit={submit} className="mt-1 space-y-1" aria-label={`Mark ${COMMITMENT_STATUS_LABELS[status].toLowerCase()}`}>
      <TextArea label={REASON_LABELS[status]} required maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="flex items-center gap-1.5 text-xs text-slate-800 dark:text-slate-200">
        <input id={flagId} type="checkbox" checked={raiseFlag} onChange={(e) => setRaiseFlag(e.target.checked)} className={focusRing} />
        <label htmlFor={flagId}>Also raise a risk flag</label>
      </div>
      <div className="flex gap-1">
        <Button type="submit" variant="primary" disabled={pending || !reason.trim()}>
          Mark {COMMITMENT_STATUS_LABELS[status].toLowerCase()}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function CommitmentItem({
  commitment: c,
  onUpdate,
  pending,
  related,
  highlighted,
}: {
  commitment: Commitment;
  onUpdate: (u: Update) => void;
  pending: boolean;
  /** Open flags about the same thing: one risk, shown as one thread. */
  related: RiskFlag[];
  /** Just captured (or joined by a capture): brought into view and marked. */
  highlighted: boolean;
}) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!highlighted || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView?.({ block: 'nearest' });
  }, [highlighted]);
  const settings = useSettings();
  const now = useNow();
  const titleId = useId();
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState<Consequential | null>(null);
  const s = commitmentStatus(c, now, settings.dueSoonDays);
  const settle = (status: CommitmentStatus) => onUpdate({ commitment: c, patch: { status } });

  return (
    <li
      ref={ref}
      aria-labelledby={titleId}
      id={commitmentAnchor(c.id)}
      data-nav-row=""
      data-highlighted={highlighted || undefined}
      tabIndex={-1}
      className={`scroll-mt-2 border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700 ${focusRing} ${
        highlighted ? '-mx-1 rounded-md bg-amber-50 px-1 ring-2 ring-amber-500 dark:bg-amber-950 dark:ring-amber-300' : ''
      }`}
    >
      <div className="flex flex-wrap items-center gap-1">
        <Badge>{COMMITMENT_KIND_LABELS[c.kind]}</Badge>
        {s.overdue && (
          <Badge tone="bad" icon={<WarningIcon />}>
            Overdue
          </Badge>
        )}
        {!s.overdue && s.dueSoon && <Badge tone="warn">Due soon</Badge>}
        {c.roadmapStatus === 'not-on-roadmap' ? (
          <Badge tone="bad" icon={<WarningIcon />}>
            Not on roadmap
          </Badge>
        ) : s.roadmapGap ? (
          <Badge tone="warn" icon={<WarningIcon />}>
            {ROADMAP_LABELS[c.roadmapStatus]}
          </Badge>
        ) : (
          <Badge tone={c.roadmapStatus === 'live' ? 'good' : 'neutral'}>{ROADMAP_LABELS[c.roadmapStatus]}</Badge>
        )}
        {c.status === 'in-progress' && <Badge tone="info">In progress</Badge>}
      </div>
      <p id={titleId} className="mt-1 text-sm font-medium break-words text-slate-900 dark:text-slate-50">
        {c.text}
      </p>
      <p className="text-xs text-slate-700 dark:text-slate-300">
        {c.madeBy ?? 'Someone'} promised{c.madeTo ? ` to ${c.madeTo}` : ''}
        {c.madeOn ? ` on ${formatDate(c.madeOn)}` : ''}.{' '}
        {c.dueDate ? (
          <>
            Due {formatDate(c.dueDate)} ({formatDaysToGo(s.daysUntilDue)}).
          </>
        ) : (
          'No due date.'
        )}
      </p>
      <SourceQuote quote={c.sourceQuote} url={c.sourceUrl} title={c.sourceTitle} />
      {related.length > 0 && (
        <ul aria-label="Flags on the same thread" className="mt-1 space-y-0.5">
          {related.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-1 text-xs text-slate-800 dark:text-slate-200">
              <Badge tone={SEVERITY_TONES[f.severity]}>{SEVERITY_LABELS[f.severity]} flag</Badge>
              <span className="font-medium">{RISK_CATEGORY_LABELS[f.category]}</span>
              {f.note && <span className="break-words">{f.note}</span>}
            </li>
          ))}
        </ul>
      )}
      {!editing && <SuggestionPrompt commitment={c} />}
      {editing ? (
        <CommitmentForm
          initial={toForm(c)}
          submitLabel="Save"
          pending={pending}
          onCancel={() => setEditing(false)}
          onSubmit={(v) => {
            onUpdate({
              commitment: c,
              patch: {
                text: v.text.trim(),
                kind: v.kind,
                roadmapStatus: v.roadmapStatus,
                madeBy: blankToUndefined(v.madeBy),
                madeTo: blankToUndefined(v.madeTo),
                dueDate: blankToUndefined(v.dueDate),
              },
            });
            setEditing(false);
          }}
        />
      ) : asking ? (
        <ReasonForm commitment={c} status={asking} pending={pending} onCancel={() => setAsking(null)} onSubmit={onUpdate} />
      ) : (
        <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label="Update this commitment">
          <Button onClick={() => setEditing(true)}>Edit</Button>
          <Button disabled={pending} onClick={() => settle('delivered')}>
            Mark delivered
          </Button>
          <Button disabled={pending} onClick={() => setAsking('pushed-back')}>
            Pushed back…
          </Button>
          <Button disabled={pending} onClick={() => setAsking('broken')}>
            Broken…
          </Button>
        </div>
      )}
    </li>
  );
}

export function CommitmentsCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const [highlight, setHighlight] = useState<string | null>(null);
  const { offer } = useUndo();
  const update = useWrite(async (client, u: Update) => {
    const saved = await client.updateCommitment(u.commitment.id, u.patch, u.commitment.version);
    // The flag follows the status change it explains; if the change failed there is nothing to flag.
    const flag = u.flag ? await client.createFlag(u.flag) : null;
    return { saved, flag };
  });
  const { client } = useData();
  const offerUndo = (u: Update, { saved, flag }: { saved: Commitment; flag: RiskFlag | null }) => {
    const before = u.commitment;
    if (u.patch.status === undefined || u.patch.status === before.status) return;
    offer({
      message: `Marked “${before.text}” ${COMMITMENT_STATUS_LABELS[u.patch.status].toLowerCase()}${flag ? ' and raised a flag' : ''}`,
      undo: async () => {
        // Only what the change set is put back; a note it replaced returns with it.
        const patch: CommitmentPatch = { status: before.status };
        if (before.statusNote !== undefined) patch.statusNote = before.statusNote;
        if (before.statusChangedBy !== undefined) patch.statusChangedBy = before.statusChangedBy;
        if (before.statusChangedAt !== undefined) patch.statusChangedAt = before.statusChangedAt;
        await client.updateCommitment(saved.id, patch, saved.version);
        if (flag) {
          await client.updateFlag(
            flag.id,
            {
              resolved: true,
              resolutionNote: 'Raised with a status change that was undone.',
              resolvedBy: settings.userName,
              resolvedAt: now.toISOString(),
            },
            flag.version,
          );
        }
      },
    });
  };
  const create = useWrite((client, v: FormValues) =>
    client.createCommitment({
      accountId: context.account.id,
      text: v.text.trim(),
      kind: v.kind,
      roadmapStatus: v.roadmapStatus,
      madeBy: blankToUndefined(v.madeBy),
      madeTo: blankToUndefined(v.madeTo),
      dueDate: blankToUndefined(v.dueDate),
      status: 'open',
      createdBy: settings.userName,
    }),
  );

  const open = sortCommitments(
    context.commitments.filter((c) => commitmentStatus(c, now, settings.dueSoonDays).open),
    now,
    settings.dueSoonDays,
  );
  const settled = context.commitments.filter((c) => !commitmentStatus(c, now, settings.dueSoonDays).open);
  const error = update.error ?? create.error;

  return (
    <Card
      title={`Open commitments (${open.length})`}
      anchor={CARD_ANCHORS.commitments}
      actions={
        !adding && (
          <Button variant="primary" onClick={() => setAdding(true)}>
            Add commitment
          </Button>
        )
      }
    >
      {error && <ErrorBanner error={error} />}
      <QuickCapture
        context={context}
        onCaptured={(c) => {
          if (c.type === 'commitment') setHighlight(c.item.id);
          else if (c.to.type === 'commitment') setHighlight(c.to.item.id);
        }}
      />
      {adding && (
        <CommitmentForm
          initial={{ text: '', kind: 'feature', madeBy: defaultMadeBy(settings, context.account), madeTo: '', dueDate: '', roadmapStatus: 'unknown' }}
          submitLabel="Add"
          pending={create.isPending}
          onCancel={() => setAdding(false)}
          onSubmit={(v) => create.mutate(v, { onSuccess: () => setAdding(false) })}
        />
      )}
      {open.length === 0 ? (
        <Muted>No open commitments recorded.</Muted>
      ) : (
        <ul onKeyDown={listArrowKeys}>
          {open.map((c) => (
            <CommitmentItem
              key={c.id}
              commitment={c}
              related={relatedFlags(c, context.flags)}
              highlighted={c.id === highlight}
              pending={update.isPending}
              onUpdate={(u) => update.mutate(u, { onSuccess: (r) => offerUndo(u, r) })}
            />
          ))}
        </ul>
      )}
      {settled.length > 0 && (
        <details className="mt-2 text-xs text-slate-700 dark:text-slate-300">
          <summary className={`cursor-pointer ${focusRing}`}>History ({settled.length})</summary>
          <ul className="mt-1 space-y-1" aria-label="Settled commitments">
            {settled.map((c) => (
              <li key={c.id}>
                <span className="font-medium">{COMMITMENT_STATUS_LABELS[c.status]}:</span> <span className="break-words">{c.text}</span>
                {c.statusNote && <span className="block whitespace-pre-wrap text-slate-800 dark:text-slate-200">{c.statusNote}</span>}
                {c.statusChangedBy && (
                  <span className="block text-slate-600 dark:text-slate-400">
                    {c.statusChangedBy}
                    {c.statusChangedAt ? `, ${formatDateTime(c.statusChangedAt)}` : ''}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}
