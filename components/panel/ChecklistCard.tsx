import type { AccountContext } from '../../lib/core/model';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import { kickoffSla, type KickoffSla } from '../../lib/core/domain/kickoff';
import { useNow } from '../app/clock';
import { useSettings } from '../app/settings';
import { ChecklistSections, useChecklistAnswers } from '../shared/Checklist';
import { Badge, Card, ErrorBanner, formatDate, Muted } from '../ui';
import { ProgressRing } from '../ui/ProgressRing';
import { CARD_ANCHORS } from './disclosure';

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

export function ChecklistCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const now = useNow();
  const template = settings.handoffTemplate;
  const { stored, answers, pending, save, error } = useChecklistAnswers(context);
  const completeness = checklistCompleteness(template, answers);
  const sla = kickoffSla(context.account, now, settings.serviceLevels);

  return (
    <Card title="Handoff checklist" anchor={CARD_ANCHORS.checklist}>
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
      {error != null && <ErrorBanner error={error} />}
      <ChecklistSections key={context.account.id} template={template} stored={stored} answers={answers} pending={pending} onSave={save} />
    </Card>
  );
}
