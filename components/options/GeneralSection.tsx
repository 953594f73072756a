import { useState } from 'react';
import { PanelModeSchema, SettingsSchema } from '../../lib/core/domain/settings';
import { numberInput, validateForm, type FieldErrors } from '../../lib/core/settings/form';
import { Button } from '../ui';
import { Check, ErrorsContext, FormError, Input, Section, Select, Status } from './fields';
import { useOptions } from './context';

const GeneralSchema = SettingsSchema.pick({
  userName: true,
  panelMode: true,
  contextMenuOnAllPages: true,
  dueSoonDays: true,
});

export function GeneralSection() {
  const { snapshot, save } = useOptions();
  const s = snapshot.settings;
  const [draft, setDraft] = useState({
    userName: s.userName,
    panelMode: s.panelMode as string,
    contextMenuOnAllPages: s.contextMenuOnAllPages,
    dueSoonDays: String(s.dueSoonDays),
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');

  async function onSave() {
    const r = validateForm(GeneralSchema, {
      ...draft,
      dueSoonDays: numberInput(draft.dueSoonDays),
    });
    if (!r.ok) return setErrors(r.errors);
    const out = await save(r.value);
    setErrors(out.ok ? {} : out.errors);
    setStatus(out.ok ? 'Saved.' : '');
  }

  return (
    <Section id="general" title="General" intro="Who you are in Seamline and how the panel behaves.">
      <ErrorsContext.Provider value={errors}>
        <Input
          label="Your name"
          hint="Recorded as the author of commitments, flags and checklist answers you capture."
          path="userName"
          value={draft.userName}
          onChange={(e) => setDraft({ ...draft, userName: e.target.value })}
        />
        <Select
          label="Panel"
          path="panelMode"
          value={draft.panelMode}
          options={PanelModeSchema.options.map((v) => ({ value: v, label: v === 'injected' ? 'Inside the CRM page' : "Browser's side panel" }))}
          onChange={(e) => setDraft({ ...draft, panelMode: e.target.value })}
        />
        <div className="grid grid-cols-2 gap-3">
          <Input
            label="Commitments due soon within (days)"
            path="dueSoonDays"
            inputMode="numeric"
            value={draft.dueSoonDays}
            onChange={(e) => setDraft({ ...draft, dueSoonDays: e.target.value })}
          />
        </div>
        <Check
          label="Offer the capture menu on every page, not only CRM pages"
          checked={draft.contextMenuOnAllPages}
          onChange={(e) => setDraft({ ...draft, contextMenuOnAllPages: e.target.checked })}
        />
        <FormError />
        <div className="flex items-center gap-3">
          <Button variant="primary" onClick={() => void onSave()}>
            Save general settings
          </Button>
          {status && <Status>{status}</Status>}
        </div>
      </ErrorsContext.Provider>
    </Section>
  );
}
