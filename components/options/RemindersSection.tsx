import { useState } from 'react';
import { ReminderSettingsSchema, type ReminderSettings } from '../../lib/core/domain/reminders';
import { numberInput, validateForm } from '../../lib/core/settings/form';
import { Button } from '../ui';
import { useOptions, useSectionSave, useUnsaved } from './context';
import { Check, ErrorsContext, FormError, Input, Section, Status } from './fields';

type Draft = Omit<ReminderSettings, 'kickoffWarningBusinessDays' | 'commitmentLeadDays'> & {
  kickoffWarningBusinessDays: string;
  commitmentLeadDays: string;
};

const toDraft = (r: ReminderSettings): Draft => ({
  ...r,
  kickoffWarningBusinessDays: String(r.kickoffWarningBusinessDays),
  commitmentLeadDays: String(r.commitmentLeadDays),
});

/**
 * Browser notifications for what needs doing: opt-in, held back during quiet
 * hours, or gathered into one digest a day.
 */
export function RemindersSection() {
  const { snapshot } = useOptions();
  const [draft, setDraft] = useState<Draft>(() => toDraft(snapshot.settings.reminders));
  useUnsaved('reminders', 'Reminders', JSON.stringify(draft) !== JSON.stringify(toDraft(snapshot.settings.reminders)));
  const { errors, status, submit } = useSectionSave('reminders');
  const off = !draft.enabled;

  async function onSave() {
    const r = validateForm(ReminderSettingsSchema, {
      ...draft,
      kickoffWarningBusinessDays: numberInput(draft.kickoffWarningBusinessDays),
      commitmentLeadDays: numberInput(draft.commitmentLeadDays),
    });
    await submit(r, (saved) => (saved.enabled ? 'Reminders saved and on.' : 'Reminders saved; they are off.'));
  }

  return (
    <Section
      id="reminders"
      title="Reminders"
      intro="Notifications from the browser for a milestone due tomorrow, a milestone missed, a kickoff about to miss its service level and a commitment due soon. They read the data Seamline already has; with a team backend, one request per check."
    >
      <ErrorsContext.Provider value={errors}>
        <Check label="Show reminders" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        <fieldset disabled={off} className="space-y-3 rounded-md border border-slate-200 p-3 disabled:opacity-60 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">What to remind of</legend>
          <ul className="list-disc pl-5 text-xs text-slate-700 dark:text-slate-300">
            <li>A milestone due tomorrow, and one that was missed.</li>
            <li>A commitment due soon (open or in progress).</li>
            <li>A joint kickoff about to miss the segment&apos;s service level.</li>
          </ul>
          <div className="grid grid-cols-2 gap-3">
            <Input
              label="Warn of the kickoff service level (business days before)"
              path="kickoffWarningBusinessDays"
              inputMode="numeric"
              value={draft.kickoffWarningBusinessDays}
              onChange={(e) => setDraft({ ...draft, kickoffWarningBusinessDays: e.target.value })}
            />
            <Input
              label="Remind of a commitment (days before it is due)"
              path="commitmentLeadDays"
              inputMode="numeric"
              value={draft.commitmentLeadDays}
              onChange={(e) => setDraft({ ...draft, commitmentLeadDays: e.target.value })}
            />
          </div>
        </fieldset>
        <fieldset disabled={off} className="space-y-2 rounded-md border border-slate-200 p-3 disabled:opacity-60 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Quiet hours</legend>
          <Check
            label="Hold reminders back during quiet hours"
            checked={draft.quietHours.enabled}
            onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, enabled: e.target.checked } })}
          />
          <div className="grid grid-cols-2 gap-3">
            <Input
              label="Quiet from"
              path="quietHours.start"
              type="time"
              disabled={!draft.quietHours.enabled}
              value={draft.quietHours.start}
              onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, start: e.target.value } })}
            />
            <Input
              label="Quiet until"
              path="quietHours.end"
              type="time"
              disabled={!draft.quietHours.enabled}
              value={draft.quietHours.end}
              onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, end: e.target.value } })}
            />
          </div>
        </fieldset>
        <fieldset disabled={off} className="space-y-2 rounded-md border border-slate-200 p-3 disabled:opacity-60 dark:border-slate-700">
          <legend className="px-1 text-sm font-medium">Daily digest</legend>
          <Check
            label="One notification a day listing everything, instead of one per reminder"
            checked={draft.digest.enabled}
            onChange={(e) => setDraft({ ...draft, digest: { ...draft.digest, enabled: e.target.checked } })}
          />
          <Input
            label="Digest time"
            path="digest.time"
            type="time"
            disabled={!draft.digest.enabled}
            value={draft.digest.time}
            onChange={(e) => setDraft({ ...draft, digest: { ...draft.digest, time: e.target.value } })}
          />
        </fieldset>
        <FormError />
        <div className="flex items-center gap-2">
          <Button variant="primary" onClick={() => void onSave()}>
            Save reminders
          </Button>
          {status && <Status>{status}</Status>}
        </div>
      </ErrorsContext.Provider>
    </Section>
  );
}
