import { useState } from 'react';
import type { AccountContext } from '../../lib/core/model';
import { daysUntil, formatDaysToGo } from '../../lib/core/domain/dates';
import { accountStatusLine } from '../../lib/core/domain/next-actions';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { Badge, Button, focusRing, formatDate } from '../ui';
import { LIFECYCLE_STAGE_LABELS } from '../../lib/core/domain/lifecycle';
import { SEGMENT_LABELS } from '../shared/labels';
import { buildHandoffBrief, buildHandoffBriefText } from './brief';
import { PANEL_LOOK } from './first-paint';
import { NextOwnerLine } from './SuccessPlanCard';

export interface AccountHeaderProps {
  context: AccountContext;
  /** Where the brief goes; the system clipboard unless a test or host page supplies another. */
  writeClipboard?: (text: string) => Promise<void>;
}

const COPY_MESSAGES = {
  idle: '',
  markdown: 'Brief copied as Markdown.',
  text: 'Brief copied as plain text.',
  failed: 'Could not copy: the clipboard was refused.',
} as const;

const defaultClipboard = (text: string) => navigator.clipboard.writeText(text);

export function AccountHeader({ context, writeClipboard = defaultClipboard }: AccountHeaderProps) {
  const settings = useSettings();
  const now = useNow();
  const { account } = context;
  const [copyState, setCopyState] = useState<'idle' | 'markdown' | 'text' | 'failed'>('idle');

  const status = accountStatusLine(context, settings, now);
  const renewalDays = account.renewalDate ? daysUntil(account.renewalDate, now) : null;
  const renewalSoon = renewalDays !== null && renewalDays <= 90;

  async function copy(format: 'markdown' | 'text') {
    try {
      const build = format === 'markdown' ? buildHandoffBrief : buildHandoffBriefText;
      await writeClipboard(build(context, settings, now));
      setCopyState(format);
    } catch {
      setCopyState('failed');
    }
  }

  return (
    <header className={PANEL_LOOK.box}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h1 className={PANEL_LOOK.heading}>{account.name}</h1>
          {account.websiteDomain && <p className="text-xs break-all text-slate-600 dark:text-slate-400">{account.websiteDomain}</p>}
          {status.length > 0 && (
            <p aria-label="Account status" className="mt-0.5 text-xs font-medium text-red-800 dark:text-red-300">
              {status.join(' · ')}
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-1">
          <Badge>{SEGMENT_LABELS[account.segment]}</Badge>
          <Badge tone="info">{LIFECYCLE_STAGE_LABELS[account.lifecycleStage]}</Badge>
        </div>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-800 dark:text-slate-200">
        <dt className="text-slate-600 dark:text-slate-400">Renewal</dt>
        <dd>
          {account.renewalDate ? (
            <>
              {formatDate(account.renewalDate)}{' '}
              <span className={renewalSoon ? 'font-semibold text-amber-800 dark:text-amber-300' : ''}>
                ({formatDaysToGo(renewalDays, { past: 'ago' })})
              </span>
            </>
          ) : (
            'Not set'
          )}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">CSM</dt>
        <dd>{account.csm ?? '—'}</dd>
      </dl>
      <NextOwnerLine context={context} />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button onClick={() => void copy('markdown')}>Copy handoff brief</Button>
        <Button onClick={() => void copy('text')}>Copy for Slack/email</Button>
        <span role="status" aria-live="polite" className="text-xs text-slate-700 dark:text-slate-300">
          {COPY_MESSAGES[copyState]}
        </span>
        {/* The panel is an extension page, so the path is the extension's own dashboard page. */}
        <a
          href="/dashboard.html"
          target="_blank"
          rel="noopener noreferrer"
          className={`ml-auto rounded text-xs font-medium text-indigo-800 underline underline-offset-2 dark:text-indigo-200 ${focusRing}`}
        >
          Alignment dashboard<span className="sr-only"> (opens in a new tab)</span>
        </a>
      </div>
    </header>
  );
}
