import { useId, useState, type FormEvent } from 'react';
import type { AccountContext, CommitmentDraft } from '../../lib/core/model';
import type { Commitment, CommitmentKind, RoadmapStatus } from '../../lib/core/domain/commitment';
import { findSimilar, type SimilarItem } from '../../lib/core/domain/similarity';
import { suggestCommitment } from '../../lib/core/capture/suggest';
import { unsupportedIntegrations } from '../../lib/core/capture/supported';
import { defaultMadeBy } from '../../lib/core/capture/made-by';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { useWrite } from '../app/useWrite';
import { Badge, Button, ErrorBanner, focusRing, formatDate, SelectField, TextField, WarningIcon } from '../ui';
import { COMMITMENT_KIND_LABELS, RISK_CATEGORY_LABELS, SEVERITY_LABELS, toOptions } from './labels';
import { useDraft } from '../app/drafts';

const MAX_QUOTE = 5000;

/** A repeat of a promise joins the record already kept, the new wording kept as one more quote. */
export function withQuote(existing: string | undefined, added: string): string {
  const joined = existing ? `${existing}\n\n${added}` : added;
  return joined.length > MAX_QUOTE ? `${joined.slice(0, MAX_QUOTE - 1)}…` : joined;
}

export type Captured = { type: 'commitment'; item: Commitment } | { type: 'quote-added'; to: SimilarItem };

const similarTitle = (s: SimilarItem) =>
  s.type === 'commitment' ? s.item.text : `${SEVERITY_LABELS[s.item.severity]} flag: ${s.item.note ?? RISK_CATEGORY_LABELS[s.item.category]}`;

/**
 * A promise in one line ("SAP connector by Q2"): the kind and due date the
 * wording suggests are shown, and editable, as it is typed; Ctrl/⌘+Enter (or
 * Enter) saves. A system off the ICP's supported list is pointed out before
 * saving, and a promise already on record is offered its thread instead of a
 * second copy.
 */
export function QuickCapture({ context, onCaptured }: { context: AccountContext; onCaptured?: (c: Captured) => void }) {
  const settings = useSettings();
  const now = useNow();
  const id = useId();
  // The box's text is a draft: it outlives the panel frame being released and made again.
  const [draft, setDraft] = useDraft('capture');
  const text = draft ?? '';
  const setText = (next: string) => setDraft(next === '' ? null : next);
  // null follows the suggestion; a value is the person's own choice.
  const [kind, setKind] = useState<CommitmentKind | null>(null);
  const [due, setDue] = useState<string | null>(null);
  const [roadmap, setRoadmap] = useState<RoadmapStatus | null>(null);
  const [matches, setMatches] = useState<SimilarItem[] | null>(null);
  const trimmed = text.trim();
  const suggestion = trimmed ? suggestCommitment(trimmed, now) : null;
  const shownKind = kind ?? suggestion?.kind ?? 'other';
  const shownDue = due ?? suggestion?.dueDate ?? '';
  const shownRoadmap = roadmap ?? suggestion?.roadmapHint ?? 'unknown';
  const unsupported = trimmed ? unsupportedIntegrations(trimmed, settings.icpProfile) : [];
  const accountId = context.account.id;

  const create = useWrite((client, draft: CommitmentDraft) => client.createCommitment(draft));
  const addQuote = useWrite(async (client, s: SimilarItem): Promise<void> => {
    if (s.type === 'commitment') await client.updateCommitment(s.item.id, { sourceQuote: withQuote(s.item.sourceQuote, trimmed) }, s.item.version);
    else await client.updateFlag(s.item.id, { quote: withQuote(s.item.quote, trimmed) }, s.item.version);
  });
  const pending = create.isPending || addQuote.isPending;
  const error = create.error ?? addQuote.error;

  const reset = () => {
    setText('');
    setKind(null);
    setDue(null);
    setRoadmap(null);
    setMatches(null);
  };

  const saveNew = () =>
    create.mutate(
      {
        accountId,
        text: trimmed,
        kind: shownKind,
        dueDate: shownDue || undefined,
        roadmapStatus: shownRoadmap,
        status: 'open',
        madeBy: defaultMadeBy(settings, context.account),
        createdBy: settings.userName,
      },
      {
        onSuccess: (item) => {
          reset();
          onCaptured?.({ type: 'commitment', item });
        },
      },
    );

  const save = (e?: FormEvent) => {
    e?.preventDefault();
    if (!trimmed || pending) return;
    const similar = findSimilar(trimmed, accountId, context).slice(0, 3);
    if (similar.length > 0 && matches === null) setMatches(similar);
    else saveNew();
  };

  return (
    <form onSubmit={save} aria-label="Capture a promise" className="space-y-1.5 rounded-md border border-slate-200 p-2 dark:border-slate-700">
      <TextField
        label="Capture a promise"
        data-shortcut="capture"
        placeholder="e.g. SAP connector by Q2"
        maxLength={2000}
        value={text}
        hint="Ctrl+Enter or ⌘+Enter saves."
        aria-keyshortcuts="c"
        onChange={(e) => {
          setText(e.target.value);
          setMatches(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save(e);
          else if (e.key === 'Escape' && text) {
            e.preventDefault();
            reset();
          }
        }}
      />
      {trimmed && (
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            label="Kind"
            options={toOptions(COMMITMENT_KIND_LABELS)}
            value={shownKind}
            onChange={(e) => setKind(e.target.value as CommitmentKind)}
          />
          <TextField label="Due" type="date" value={shownDue} onChange={(e) => setDue(e.target.value)} />
        </div>
      )}
      {suggestion && (kind === null || due === null) && (suggestion.kind !== 'other' || suggestion.dueDate) && (
        <p className="text-xs text-slate-700 dark:text-slate-300">
          Suggested from the wording:{' '}
          {[
            kind === null && suggestion.kind !== 'other' ? suggestion.kindReason : null,
            due === null && suggestion.dueDate ? `due ${formatDate(suggestion.dueDate)} (${suggestion.dueReason})` : null,
          ]
            .filter(Boolean)
            .join('; ')}
          .
        </p>
      )}
      {unsupported.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <WarningIcon />
          {shownRoadmap === 'not-on-roadmap' ? (
            <>
              <span>
                {unsupported.join(', ')} {unsupported.length === 1 ? 'is' : 'are'} not on the supported list:
              </span>
              <Badge tone="bad">Not on roadmap</Badge>
              <Button variant="ghost" onClick={() => setRoadmap('unknown')}>
                Keep as unknown
              </Button>
            </>
          ) : (
            <>
              <span>
                {unsupported.join(', ')} {unsupported.length === 1 ? 'is' : 'are'} not on the supported list: mark Not on roadmap?
              </span>
              <Button onClick={() => setRoadmap('not-on-roadmap')}>Mark Not on roadmap</Button>
            </>
          )}
        </div>
      )}
      {matches && (
        <section
          aria-label="Already on record?"
          className="space-y-1 rounded-md border border-indigo-200 bg-indigo-50 p-2 text-xs dark:border-indigo-800 dark:bg-indigo-950"
        >
          <p className="font-medium text-slate-900 dark:text-slate-50">This reads like something already on record. One risk, one thread:</p>
          <ul className="space-y-1">
            {matches.map((m) => (
              <li key={m.item.id}>
                <Button
                  className="w-full text-left"
                  disabled={pending}
                  onClick={() =>
                    addQuote.mutate(m, {
                      onSuccess: () => {
                        reset();
                        onCaptured?.({ type: 'quote-added', to: m });
                      },
                    })
                  }
                >
                  <span className="min-w-0 break-words">Add this quote to “{similarTitle(m)}”</span>
                </Button>
              </li>
            ))}
          </ul>
          <Button disabled={pending} onClick={saveNew}>
            Save as a new commitment
          </Button>
        </section>
      )}
      {error != null && <ErrorBanner error={error} />}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={!trimmed || pending} className={focusRing}>
          Save promise
        </Button>
        {trimmed && (
          <span id={`${id}-will`} className="text-xs text-slate-600 dark:text-slate-400">
            {COMMITMENT_KIND_LABELS[shownKind]}
            {shownDue ? `, due ${formatDate(shownDue)}` : ', no due date'}
          </span>
        )}
      </div>
    </form>
  );
}
