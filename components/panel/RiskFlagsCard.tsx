import { useId, useState } from 'react';
import type { AccountContext } from '../../lib/core/model';
import type { RiskFlag, Severity } from '../../lib/core/domain/risk-flag';
import { useNow } from '../app/clock';
import { useData } from '../app/DataContext';
import { useSettings } from '../app/settings';
import { listArrowKeys } from '../shared/keyboard';
import { useUndo } from '../shared/undo';
import { useWrite } from '../app/useWrite';
import { Badge, Button, Card, ErrorBanner, focusRing, formatDateTime, Muted, SelectField, TextArea, WarningIcon } from '../ui';
import { RISK_CATEGORY_LABELS, SEVERITY_LABELS, SEVERITY_RANK, SEVERITY_TONES, toOptions } from '../shared/labels';
import { SourceQuote } from './SourceQuote';

type Resolve = { flag: RiskFlag; note: string };

// Most severe first, as the list is sorted.
const SEVERITY_OPTIONS = toOptions(SEVERITY_LABELS).sort((a, b) => SEVERITY_RANK[a.value] - SEVERITY_RANK[b.value]);

/**
 * A flag captured from the context menu gets its category's default severity;
 * whoever knows the deal corrects it here. The chosen value shows while it
 * saves, and the stored one again if the save fails.
 */
function useSeverityChange(flag: RiskFlag) {
  const { client } = useData();
  const { offer } = useUndo();
  const write = useWrite((c, severity: Severity) => c.updateFlag(flag.id, { severity }, flag.version));
  const change = {
    ...write,
    mutate: (severity: Severity) =>
      write.mutate(severity, {
        onSuccess: (saved) =>
          offer({
            message: `Severity set to ${SEVERITY_LABELS[severity]} on ${RISK_CATEGORY_LABELS[flag.category]}`,
            undo: () => client.updateFlag(saved.id, { severity: flag.severity }, saved.version),
          }),
      }),
  };
  const shown = write.isPending && write.variables ? write.variables : flag.severity;
  return { change, shown };
}

function FlagItem({ flag, pending, onResolve }: { flag: RiskFlag; pending: boolean; onResolve: (r: Resolve) => void }) {
  const titleId = useId();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const { change, shown } = useSeverityChange(flag);
  return (
    <li
      aria-labelledby={titleId}
      data-nav-row=""
      tabIndex={-1}
      className={`border-t border-slate-200 py-2 first:border-t-0 dark:border-slate-700 ${focusRing}`}
    >
      <p id={titleId} className="flex flex-wrap items-center gap-1 text-sm font-medium text-slate-900 dark:text-slate-50">
        <Badge tone={SEVERITY_TONES[flag.severity]} icon={flag.severity === 'critical' || flag.severity === 'high' ? <WarningIcon /> : undefined}>
          {SEVERITY_LABELS[flag.severity]}
        </Badge>
        {RISK_CATEGORY_LABELS[flag.category]}
      </p>
      {flag.note && <p className="mt-0.5 text-xs whitespace-pre-wrap text-slate-800 dark:text-slate-200">{flag.note}</p>}
      <SourceQuote quote={flag.quote} url={flag.url} title={flag.pageTitle} />
      <Muted>Flagged by {flag.createdBy}</Muted>
      {change.error != null && (
        <div className="mt-1">
          <ErrorBanner error={change.error} />
        </div>
      )}
      <div className="mt-1 flex flex-wrap items-end gap-2">
        <div className="w-32">
          <SelectField
            label="Severity"
            options={SEVERITY_OPTIONS}
            value={shown}
            disabled={change.isPending}
            onChange={(e) => {
              const next = e.target.value as Severity;
              if (next !== flag.severity) change.mutate(next);
            }}
          />
        </div>
        {!resolving && <Button onClick={() => setResolving(true)}>Resolve…</Button>}
      </div>
      {resolving && (
        <form
          className="mt-1 space-y-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) onResolve({ flag, note: note.trim() });
          }}
        >
          <TextArea label="How was it resolved?" required maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="flex gap-1">
            <Button type="submit" variant="primary" disabled={pending || !note.trim()}>
              Resolve flag
            </Button>
            <Button onClick={() => setResolving(false)}>Cancel</Button>
          </div>
        </form>
      )}
    </li>
  );
}

export function RiskFlagsCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const { client } = useData();
  const { offer } = useUndo();
  const resolve = useWrite((c, r: Resolve) =>
    c.updateFlag(r.flag.id, { resolved: true, resolutionNote: r.note, resolvedBy: settings.userName, resolvedAt: now.toISOString() }, r.flag.version),
  );
  const open = context.flags.filter((f) => !f.resolved).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  // Newest first: a resolution note is what the next person asks about.
  const resolved = context.flags.filter((f) => f.resolved).sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
  return (
    <Card title={`Risk flags (${open.length})`}>
      {resolve.error != null && <ErrorBanner error={resolve.error} />}
      {open.length === 0 ? (
        <Muted>No open risk flags.</Muted>
      ) : (
        <ul onKeyDown={listArrowKeys}>
          {open.map((f) => (
            <FlagItem
              key={f.id}
              flag={f}
              pending={resolve.isPending}
              onResolve={(r) =>
                resolve.mutate(r, {
                  onSuccess: (saved) =>
                    offer({
                      message: `Resolved ${SEVERITY_LABELS[f.severity]} ${RISK_CATEGORY_LABELS[f.category]}`,
                      undo: () => client.updateFlag(saved.id, { resolved: false }, saved.version),
                    }),
                })
              }
            />
          ))}
        </ul>
      )}
      {resolved.length > 0 && (
        <details className="mt-2 text-xs text-slate-700 dark:text-slate-300">
          <summary className={`cursor-pointer ${focusRing}`}>History ({resolved.length})</summary>
          <ul className="mt-1 space-y-1" aria-label="Resolved flags">
            {resolved.map((f) => (
              <li key={f.id}>
                <span className="font-medium">
                  Resolved: {SEVERITY_LABELS[f.severity]} {RISK_CATEGORY_LABELS[f.category]}
                </span>
                {f.note && <span className="block whitespace-pre-wrap">{f.note}</span>}
                {f.resolutionNote && <span className="block whitespace-pre-wrap text-slate-800 dark:text-slate-200">{f.resolutionNote}</span>}
                {f.resolvedBy && (
                  <span className="block text-slate-600 dark:text-slate-400">
                    {f.resolvedBy}
                    {f.resolvedAt ? `, ${formatDateTime(f.resolvedAt)}` : ''}
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
