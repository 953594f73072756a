import { useState } from 'react';
import { PanelModeSchema, SettingsSchema, UserRoleSchema } from '../../lib/core/domain/settings';
import { USER_ROLE_LABELS } from '../shared/labels';
import { listInput, numberInput, validateForm } from '../../lib/core/settings/form';
import { Button } from '../ui';
import { Check, ErrorsContext, FormError, Input, LOCK_TEXT, Section, Select, Status } from './fields';
import { useLock, useOptions, useSectionSave, useUnsaved } from './context';

const GeneralSchema = SettingsSchema.pick({
  userName: true,
  userRole: true,
  panelMode: true,
  contextMenuOnAllPages: true,
  dueSoonDays: true,
  approvers: true,
  csmCapacity: true,
});

export function GeneralSection() {
  const { snapshot } = useOptions();
  const s = snapshot.settings;
  const savedDraft = {
    userName: s.userName,
    panelMode: s.panelMode as string,
    contextMenuOnAllPages: s.contextMenuOnAllPages,
    dueSoonDays: String(s.dueSoonDays),
    userRole: s.userRole ?? '',
    approvers: s.approvers.join(', '),
    csmCapacity: String(s.csmCapacity),
  };
  const [draft, setDraft] = useState(savedDraft);
  const approversLock = useLock('approvers');
  useUnsaved('general', 'General', JSON.stringify(draft) !== JSON.stringify(savedDraft));
  const { errors, status, submit } = useSectionSave(null);

  async function onSave() {
    const r = validateForm(GeneralSchema, {
      ...draft,
      dueSoonDays: numberInput(draft.dueSoonDays),
      userRole: draft.userRole === '' ? null : draft.userRole,
      approvers: listInput(draft.approvers),
      csmCapacity: numberInput(draft.csmCapacity),
    });
    await submit(r, 'Saved.');
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
          label="Your role"
          hint="A promise you capture is recorded as made by the account's AE unless you are the AE."
          path="userRole"
          value={draft.userRole}
          options={[{ value: '', label: 'Not said yet' }, ...UserRoleSchema.options.map((v) => ({ value: v, label: USER_ROLE_LABELS[v] }))]}
          onChange={(e) => setDraft({ ...draft, userRole: e.target.value })}
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
          <Input
            label="Accounts in onboarding per CSM"
            hint="The dashboard's capacity figure."
            path="csmCapacity"
            inputMode="numeric"
            value={draft.csmCapacity}
            onChange={(e) => setDraft({ ...draft, csmCapacity: e.target.value })}
          />
        </div>
        <Input
          label="Who may approve ICP exceptions"
          hint={
            approversLock
              ? `${LOCK_TEXT[approversLock.by]}.`
              : "Names, separated by commas, exactly as each person's own name is set here. With no one named, anyone may decide."
          }
          path="approvers"
          disabled={approversLock !== null}
          value={approversLock ? s.approvers.join(', ') : draft.approvers}
          onChange={(e) => setDraft({ ...draft, approvers: e.target.value })}
        />
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
