import { useState } from 'react';
import {
  JOURNEY_STAGES,
  LIFECYCLE_STAGE_LABELS,
  LifecycleRulesSchema,
  type JourneyStage,
  type LifecycleRules,
  type StageCriterion,
} from '../../lib/core/domain/lifecycle';
import { validateForm } from '../../lib/core/settings/form';
import { Button } from '../ui';
import { useOptions, useSectionSave, useUnsaved } from './context';
import { ErrorsContext, FormError, Input, Section, Select, Status } from './fields';

type Kind = StageCriterion['kind'];
type Role = 'exit' | 'entry';

const KIND_OPTIONS: { value: Kind; label: string }[] = [
  { value: 'kickoff-held', label: 'Joint kickoff held' },
  { value: 'required-checklist-complete', label: 'Required checklist items complete' },
  { value: 'milestone-done', label: 'A milestone is done' },
  { value: 'renewal-within-days', label: 'Renewal within N days' },
];

const ROLE_WORDS: Record<Role, { title: string; add: string }> = {
  exit: { title: 'Exit criteria (the stage’s work is finished)', add: 'Add exit criterion' },
  entry: { title: 'Entry criteria (the stage may begin)', add: 'Add entry criterion' },
};

function criterionOf(kind: Kind, milestoneIds: readonly string[]): StageCriterion {
  const milestoneId = milestoneIds[0] ?? 'joint-kickoff';
  switch (kind) {
    case 'kickoff-held':
      return { kind, milestoneId: milestoneIds.includes('joint-kickoff') ? 'joint-kickoff' : milestoneId };
    case 'required-checklist-complete':
      return { kind };
    case 'milestone-done':
      return { kind, milestoneId };
    case 'renewal-within-days':
      return { kind, days: 120 };
  }
}

/**
 * When an account is ready to leave each stage of the journey, and when the
 * next one may begin. The panel suggests a move once both hold; a person
 * always confirms it.
 */
export function LifecycleRulesSection() {
  const { snapshot } = useOptions();
  const [rules, setRules] = useState<LifecycleRules>(snapshot.settings.lifecycleRules);
  useUnsaved('lifecycle', 'Lifecycle stages', JSON.stringify(rules) !== JSON.stringify(snapshot.settings.lifecycleRules));
  const { errors, status, submit } = useSectionSave('lifecycleRules');

  // Criteria name milestones by their stable id; offer every id a template
  // knows and any id a rule already uses, so nothing shown is silently changed.
  const templates = snapshot.settings.planTemplates;
  const titles = new Map<string, string>();
  for (const t of Object.values(templates)) for (const m of t.milestones) if (!m.archived && !titles.has(m.id)) titles.set(m.id, m.title);
  for (const stage of JOURNEY_STAGES)
    for (const c of [...rules[stage].entry, ...rules[stage].exit])
      if ('milestoneId' in c && !titles.has(c.milestoneId)) titles.set(c.milestoneId, `${c.milestoneId} (not in any template)`);
  const milestoneOptions = [...titles].map(([value, label]) => ({ value, label }));
  const milestoneIds = [...titles.keys()];

  const setList = (stage: JourneyStage, role: Role, list: StageCriterion[]) => setRules({ ...rules, [stage]: { ...rules[stage], [role]: list } });

  async function onSave() {
    await submit(validateForm(LifecycleRulesSchema, rules), 'Stage rules saved.');
  }

  return (
    <Section
      id="lifecycle"
      title="Lifecycle stages"
      intro="What each stage after closed-won needs before the panel suggests the next one. A stage without criteria is complete as soon as it is entered."
    >
      <ErrorsContext.Provider value={errors}>
        {JOURNEY_STAGES.map((stage) => (
          <fieldset key={stage} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
            <legend className="px-1 text-sm font-medium">{LIFECYCLE_STAGE_LABELS[stage]}</legend>
            {(['exit', 'entry'] as const).map((role) => {
              const list = rules[stage][role];
              return (
                <div key={role} className="mt-1">
                  <h3 className="text-xs font-semibold text-slate-700 dark:text-slate-300">{ROLE_WORDS[role].title}</h3>
                  {list.length === 0 && <p className="text-xs text-slate-600 dark:text-slate-400">None.</p>}
                  <ul className="mt-1 space-y-2">
                    {list.map((c, i) => {
                      const path = `${stage}.${role}[${i}]`;
                      const name = `${LIFECYCLE_STAGE_LABELS[stage]} ${role} criterion ${i + 1}`;
                      const replace = (next: StageCriterion) =>
                        setList(
                          stage,
                          role,
                          list.map((x, j) => (j === i ? next : x)),
                        );
                      return (
                        <li key={i} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2" aria-label={name}>
                          <Select
                            label="Criterion"
                            path={`${path}.kind`}
                            value={c.kind}
                            options={KIND_OPTIONS}
                            onChange={(e) => replace(criterionOf(e.target.value as Kind, milestoneIds))}
                          />
                          {'milestoneId' in c ? (
                            <Select
                              label="Milestone"
                              path={`${path}.milestoneId`}
                              value={c.milestoneId}
                              options={milestoneOptions}
                              onChange={(e) => replace({ ...c, milestoneId: e.target.value })}
                            />
                          ) : c.kind === 'renewal-within-days' ? (
                            <Input
                              label="Days before renewal"
                              path={`${path}.days`}
                              type="number"
                              min={1}
                              max={730}
                              step={1}
                              value={Number.isNaN(c.days) ? '' : String(c.days)}
                              onChange={(e) => replace({ ...c, days: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
                            />
                          ) : (
                            <span />
                          )}
                          <Button
                            variant="ghost"
                            aria-label={`Remove ${name}`}
                            onClick={() =>
                              setList(
                                stage,
                                role,
                                list.filter((_, j) => j !== i),
                              )
                            }
                          >
                            Remove
                          </Button>
                        </li>
                      );
                    })}
                  </ul>
                  <Button
                    className="mt-1"
                    aria-label={`${ROLE_WORDS[role].add} to ${LIFECYCLE_STAGE_LABELS[stage]}`}
                    onClick={() => setList(stage, role, [...list, criterionOf('milestone-done', milestoneIds)])}
                  >
                    {ROLE_WORDS[role].add}
                  </Button>
                </div>
              );
            })}
          </fieldset>
        ))}
        <FormError />
        <div className="flex items-center gap-2">
          <Button variant="primary" onClick={() => void onSave()}>
            Save stage rules
          </Button>
          {status && <Status>{status}</Status>}
        </div>
      </ErrorsContext.Provider>
    </Section>
  );
}
