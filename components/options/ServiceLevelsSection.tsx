import { useState } from 'react';
import { SegmentSchema, type Segment } from '../../lib/core/domain/account';
import type { ServiceLevel } from '../../lib/core/domain/service-levels';
import { SettingsSchema } from '../../lib/core/domain/settings';
import { numberInput, validateForm } from '../../lib/core/settings/form';
import { SEGMENT_LABELS } from '../shared/labels';
import { Button } from '../ui';
import { useLock, useOptions, useSectionSave, useUnsaved } from './context';
import { ErrorsContext, FormError, Input, Lockable, Section, Status } from './fields';

const ServiceLevelsForm = SettingsSchema.pick({ serviceLevels: true });
const FIELDS: Array<[keyof ServiceLevel, string]> = [
  ['kickoffBusinessDays', 'Joint kickoff within (business days)'],
  ['firstResponseHours', 'First response within (hours)'],
  ['goLiveDays', 'Go-live within (days)'],
];

type Draft = Record<Segment, Record<keyof ServiceLevel, string>>;

/** What the team promises each segment; the kickoff SLA and success-plan due dates follow it. */
export function ServiceLevelsSection() {
  const { snapshot } = useOptions();
  const levels = snapshot.settings.serviceLevels;
  const savedDraft = Object.fromEntries(
    SegmentSchema.options.map((seg) => [seg, Object.fromEntries(FIELDS.map(([k]) => [k, String(levels[seg][k])]))]),
  ) as Draft;
  const [draft, setDraft] = useState<Draft>(savedDraft);
  const lock = useLock('serviceLevels');
  useUnsaved('service-levels', 'Service levels', JSON.stringify(draft) !== JSON.stringify(savedDraft));
  const { errors, status, submit } = useSectionSave(null);

  async function onSave() {
    const serviceLevels = Object.fromEntries(
      SegmentSchema.options.map((seg) => [seg, Object.fromEntries(FIELDS.map(([k]) => [k, numberInput(draft[seg][k])]))]),
    );
    await submit(validateForm(ServiceLevelsForm, { serviceLevels }), 'Saved.');
  }

  return (
    <Section
      id="service-levels"
      title="Service levels"
      intro="What the team promises each segment. The kickoff SLA in the panel uses the account's segment."
    >
      <ErrorsContext.Provider value={errors}>
        <Lockable lock={lock}>
          {SegmentSchema.options.map((seg) => (
            <fieldset key={seg} className="grid grid-cols-3 gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
              <legend className="px-1 text-sm font-medium">{SEGMENT_LABELS[seg]}</legend>
              {FIELDS.map(([k, label]) => (
                <Input
                  key={k}
                  label={label}
                  path={`serviceLevels.${seg}.${k}`}
                  inputMode="numeric"
                  value={draft[seg][k]}
                  onChange={(e) => setDraft({ ...draft, [seg]: { ...draft[seg], [k]: e.target.value } })}
                />
              ))}
            </fieldset>
          ))}
          <FormError />
          <div className="flex items-center gap-3">
            <Button variant="primary" onClick={() => void onSave()}>
              Save service levels
            </Button>
            {status && <Status>{status}</Status>}
          </div>
        </Lockable>
      </ErrorsContext.Provider>
    </Section>
  );
}
