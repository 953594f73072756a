import { useQuery } from '@tanstack/react-query';
import { useAccountOpened } from '../shared/RecentAccounts';
import type { AccountContext } from '../../lib/core/model';
import { accountContextQuery } from '../app/data-queries';
import { pendingSuggestion } from '../../lib/core/capture/suggest';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { useSettings } from '../app/settings';
import { ChecklistSections, useChecklistAnswers } from '../shared/Checklist';
import { ErrorBanner, Muted, PanelSkeleton } from '../ui';
import { ProgressRing } from '../ui/ProgressRing';
import { SuggestionPrompt } from '../shared/SuggestionPrompt';
import { QuickCapture, type Captured } from '../shared/QuickCapture';
import { NextMilestoneLine } from '../shared/NextMilestone';
import { useState } from 'react';

function Checklist({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const template = settings.handoffTemplate;
  const { stored, answers, pending, save, error } = useChecklistAnswers(context);
  // The ring counts ticks in flight, so the figure moves with the click.
  const completeness = checklistCompleteness(template, answers);
  const toConfirm = context.commitments.filter((c) => c.kind === 'other' && pendingSuggestion(c, now));
  const [captured, setCaptured] = useState<Captured | null>(null);

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
      <div className="mt-1">
        <NextMilestoneLine milestones={context.milestones} />
      </div>
      {error != null && <ErrorBanner error={error} />}
      <div className="mt-2">
        <QuickCapture context={context} onCaptured={setCaptured} />
      </div>
      <div aria-live="polite">
        {captured && (
          <p className="mt-1 rounded-md bg-amber-50 px-2 py-1 text-xs text-slate-900 ring-2 ring-amber-500 dark:bg-amber-950 dark:text-slate-50 dark:ring-amber-300">
            {captured.type === 'commitment' ? (
              <>
                Saved: <span className="font-medium break-words">{captured.item.text}</span>
              </>
            ) : (
              <>
                Quote added to{' '}
                <span className="font-medium break-words">{captured.to.type === 'commitment' ? captured.to.item.text : 'the flag'}</span>
              </>
            )}
          </p>
        )}
      </div>
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
      <ChecklistSections key={context.account.id} template={template} stored={stored} answers={answers} pending={pending} onSave={save} />
    </>
  );
}

/** The handoff checklist of one account, tickable in one click (two with a note). */
export function QuickChecklist({ accountId }: { accountId: string }) {
  const { client, source } = useData();
  const ctx = useQuery(accountContextQuery(client, source, accountId));
  const account = ctx.data?.account;
  useAccountOpened(account ? { id: account.id, name: account.name } : null);
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
