import { useState } from 'react';
import { SegmentSchema, type Segment } from '../../lib/core/domain/account';
import {
  addTemplateMilestone,
  archiveTemplateMilestone,
  PlanTemplatesSchema,
  restoreTemplateMilestone,
  updateTemplateMilestone,
  type DueRule,
  type PlanTemplateMilestone,
  type PlanTemplates,
} from '../../lib/core/domain/plan-template';
import { MILESTONE_OWNER_ROLE_LABELS, MilestoneOwnerRoleSchema } from '../../lib/core/domain/success-plan';
import { validateForm } from '../../lib/core/settings/form';
import { SEGMENT_LABELS } from '../shared/labels';
import { Badge, Button } from '../ui';
import { useOptions, useSectionSave, useUnsaved } from './context';
import { Area, Check, ErrorsContext, errorsWithin, FormError, Input, Section, Select, Status } from './fields';

type From = DueRule['from'];
type Unit = 'business-days' | 'calendar-days';

const FROM_OPTIONS: { value: From; label: string }[] = [
  { value: 'kickoff-sla', label: 'Kickoff service level' },
  { value: 'go-live-sla', label: 'Go-live service level' },
  { value: 'closed-won', label: 'From closed-won' },
  { value: 'kickoff', label: 'From the kickoff' },
  { value: 'renewal', label: 'From the renewal date' },
];
const UNIT_OPTIONS: { value: Unit; label: string }[] = [
  { value: 'business-days', label: 'Business days' },
  { value: 'calendar-days', label: 'Calendar days' },
];
const ROLE_OPTIONS = MilestoneOwnerRoleSchema.options.map((r) => ({ value: r, label: MILESTONE_OWNER_ROLE_LABELS[r] }));

/** Switching the rule keeps the offset already typed when both rules count days. */
function dueWith(previous: DueRule, from: From): DueRule {
  if (from === 'kickoff-sla' || from === 'go-live-sla') return { from };
  if ('offset' in previous) return { ...previous, from };
  return { from, offset: from === 'renewal' ? -30 : 30, unit: 'calendar-days' };
}

const NEW_MILESTONE: Omit<PlanTemplateMilestone, 'id' | 'title'> = {
  ownerRole: 'csm',
  due: { from: 'kickoff', offset: 30, unit: 'calendar-days' },
};

/**
 * The success-plan template of each segment. Milestone ids are fixed when a
 * milestone is added: plans already made, stage rules and the RACI refer to
 * them, so a removed milestone is archived and can be restored.
 */
export function PlanTemplatesSection() {
  const { snapshot } = useOptions();
  const [templates, setTemplates] = useState<PlanTemplates>(snapshot.settings.planTemplates);
  useUnsaved('plan-templates', 'Success plan templates', JSON.stringify(templates) !== JSON.stringify(snapshot.settings.planTemplates));
  const [segment, setSegment] = useState<Segment>('enterprise');
  const [newTitle, setNewTitle] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const { errors, setErrors, status, submit } = useSectionSave('planTemplates');

  const t = templates[segment];
  const edit = (next: PlanTemplates[Segment]) => setTemplates({ ...templates, [segment]: next });
  const segmentErrors = errorsWithin(errors, segment);
  const segmentsWithErrors = SegmentSchema.options.filter((s) => Object.keys(errorsWithin(errors, s)).length > 0);

  async function onSave() {
    const r = validateForm(PlanTemplatesSchema, templates);
    if (!r.ok) {
      // The first segment with a mistake is shown, so the person sees what stopped the save.
      const first = SegmentSchema.options.find((s) => Object.keys(errorsWithin(r.errors, s)).length > 0);
      if (first) setSegment(first);
    }
    await submit(r, 'Plan templates saved.');
  }

  function onAdd() {
    const title = newTitle.trim();
    if (!title) return setErrors({ ...errors, 'new-milestone': 'enter the milestone title' });
    edit(addTemplateMilestone(t, { title, ...NEW_MILESTONE }));
    setNewTitle('');
    const { 'new-milestone': _gone, ...rest } = errors;
    setErrors(rest);
  }

  const archivedCount = t.milestones.filter((m) => m.archived).length;

  return (
    <Section
      id="plan-templates"
      title="Success plan templates"
      intro="The milestones a new success plan starts with, per segment. Due dates count from the account's closed-won, kickoff or renewal date; the kickoff and go-live follow the segment's service levels. Removing a milestone archives it, so plans already made keep their meaning."
    >
      <Select
        label="Segment"
        value={segment}
        options={SegmentSchema.options.map((s) => ({
          value: s,
          label: segmentsWithErrors.includes(s) ? `${SEGMENT_LABELS[s]} (has errors)` : SEGMENT_LABELS[s],
        }))}
        onChange={(e) => setSegment(e.target.value as Segment)}
      />
      <ErrorsContext.Provider value={segmentErrors}>
        <Input label="Template name" path="name" value={t.name} onChange={(e) => edit({ ...t, name: e.target.value })} />
        {archivedCount > 0 && (
          <Check
            label={`Show ${archivedCount} archived milestone${archivedCount === 1 ? '' : 's'}`}
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
          />
        )}
        <ol className="space-y-2" aria-label={`${SEGMENT_LABELS[segment]} milestones`}>
          {t.milestones.map((m, i) =>
            m.archived && !showArchived ? null : (
              <li
                key={m.id}
                className={`rounded border p-2 ${m.archived ? 'border-dashed border-slate-300 opacity-75' : 'border-slate-200 dark:border-slate-700'}`}
              >
                <fieldset className="space-y-2">
                  <legend className="sr-only">{m.title || m.id}</legend>
                  <div className="flex items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
                    <span>
                      id <code>{m.id}</code> {m.archived && <Badge tone="warn">archived</Badge>}
                    </span>
                    {m.archived ? (
                      <Button aria-label={`Restore "${m.title}"`} onClick={() => edit(restoreTemplateMilestone(t, m.id))}>
                        Restore
                      </Button>
                    ) : (
                      <Button variant="ghost" aria-label={`Remove "${m.title}"`} onClick={() => edit(archiveTemplateMilestone(t, m.id))}>
                        Remove
                      </Button>
                    )}
                  </div>
                  <div className="grid grid-cols-[2fr_1fr] gap-2">
                    <Input
                      label="Title"
                      path={`milestones[${i}].title`}
                      value={m.title}
                      onChange={(e) => edit(updateTemplateMilestone(t, m.id, { title: e.target.value }))}
                    />
                    <Select
                      label="Owner role"
                      path={`milestones[${i}].ownerRole`}
                      value={m.ownerRole}
                      options={ROLE_OPTIONS}
                      onChange={(e) => edit(updateTemplateMilestone(t, m.id, { ownerRole: e.target.value as PlanTemplateMilestone['ownerRole'] }))}
                    />
                  </div>
                  <DueRuleFields rule={m.due} path={`milestones[${i}].due`} onChange={(due) => edit(updateTemplateMilestone(t, m.id, { due }))} />
                  <Area
                    label="Help text"
                    path={`milestones[${i}].help`}
                    value={m.help ?? ''}
                    onChange={(e) => edit(updateTemplateMilestone(t, m.id, { help: e.target.value || undefined }))}
                  />
                </fieldset>
              </li>
            ),
          )}
        </ol>
        <FormError path="milestones" />
        <div className="grid grid-cols-[1fr_auto] items-end gap-2">
          <Input
            label="New milestone"
            error={errors['new-milestone']}
            value={newTitle}
            onChange={(e) => setNewTitle(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && onAdd()}
          />
          <Button onClick={onAdd}>Add milestone</Button>
        </div>
        <FormError />
      </ErrorsContext.Provider>
      {segmentsWithErrors.filter((s) => s !== segment).length > 0 && (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-300" data-field-error>
          Also fix:{' '}
          {segmentsWithErrors
            .filter((s) => s !== segment)
            .map((s) => SEGMENT_LABELS[s])
            .join(', ')}
          .
        </p>
      )}
      <div className="flex items-center gap-2">
        <Button variant="primary" onClick={() => void onSave()}>
          Save plan templates
        </Button>
        {status && <Status>{status}</Status>}
      </div>
    </Section>
  );
}

function DueRuleFields({ rule, path, onChange }: { rule: DueRule; path: string; onChange(rule: DueRule): void }) {
  return (
    <div className="grid grid-cols-3 gap-2">
      <Select
        label="Due"
        path={`${path}.from`}
        value={rule.from}
        options={FROM_OPTIONS}
        onChange={(e) => onChange(dueWith(rule, e.target.value as From))}
      />
      {'offset' in rule && (
        <>
          <Input
            label="Days (negative: before)"
            path={`${path}.offset`}
            type="number"
            min={-730}
            max={730}
            step={1}
            value={Number.isNaN(rule.offset) ? '' : String(rule.offset)}
            onChange={(e) => onChange({ ...rule, offset: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
          />
          <Select
            label="Counted in"
            path={`${path}.unit`}
            value={rule.unit}
            options={UNIT_OPTIONS}
            onChange={(e) => onChange({ ...rule, unit: e.target.value as Unit })}
          />
        </>
      )}
    </div>
  );
}
