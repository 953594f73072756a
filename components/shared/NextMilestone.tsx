import type { Milestone } from '../../lib/core/domain/success-plan';
import { isMilestoneMissed, MILESTONE_OWNER_ROLE_LABELS, nextMilestone } from '../../lib/core/domain/success-plan';
import { useNow } from '../app/clock';
import { Badge, formatDate } from '../ui';

/** The plan's next milestone in one line: what, when, whose, and whether it is overdue. */
export function NextMilestoneLine({ milestones }: { milestones: readonly Milestone[] }) {
  const now = useNow();
  const next = nextMilestone(milestones);
  if (milestones.length === 0) return <p className="text-xs text-slate-600 dark:text-slate-400">No success plan yet.</p>;
  if (!next) return <p className="text-xs text-slate-800 dark:text-slate-200">Every milestone of the success plan is done.</p>;
  return (
    <p aria-label="Next milestone" className="flex flex-wrap items-center gap-1 text-xs text-slate-800 dark:text-slate-200">
      <span className="font-medium">Next milestone:</span>
      <span className="break-words">{next.title}</span>
      <span>
        {next.dueDate ? `due ${formatDate(next.dueDate)}` : 'no due date'} · {MILESTONE_OWNER_ROLE_LABELS[next.ownerRole]}
        {next.owner ? ` (${next.owner})` : ''}
      </span>
      {isMilestoneMissed(next, now) && <Badge tone="bad">Overdue</Badge>}
    </p>
  );
}
