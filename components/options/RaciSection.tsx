import { useState } from 'react';
import {
  RACI_ROLE_LABELS,
  RaciLetterSchema,
  RaciMatrixSchema,
  RaciRoleSchema,
  setRaciLetter,
  type RaciLetter,
  type RaciMatrix,
  type RaciRole,
} from '../../lib/core/domain/raci';
import { validateForm } from '../../lib/core/settings/form';
import { Button, focusRing } from '../ui';
import { useOptions, useSectionSave, useUnsaved } from './context';
import { Section, Status } from './fields';

const LETTER_WORDS: Record<RaciLetter, string> = { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' };
const NONE = '';
const CELL_OPTIONS = [{ value: NONE, label: '—' }, ...RaciLetterSchema.options.map((l) => ({ value: l, label: l }))];

/**
 * Who is Responsible, Accountable, Consulted and Informed for each activity.
 * Choosing A for a role takes it from the role that had it, so the grid never
 * holds two; clearing the only A is allowed while editing and refused on save.
 */
export function RaciSection() {
  const { snapshot } = useOptions();
  const [raci, setRaci] = useState<RaciMatrix>(snapshot.settings.raci);
  useUnsaved('raci', 'Who owns what (RACI)', JSON.stringify(raci) !== JSON.stringify(snapshot.settings.raci));
  const { errors, status, setStatus, submit } = useSectionSave('raci');

  function onCell(activityId: string, role: RaciRole, value: string) {
    const letter = value === NONE ? null : (value as RaciLetter);
    const activity = raci.activities.find((a) => a.id === activityId);
    const previous = RaciRoleSchema.options.find((r) => r !== role && activity?.assignments[r] === 'A');
    setRaci(setRaciLetter(raci, activityId, role, letter));
    setStatus(
      letter === 'A' && previous && activity
        ? `${activity.label}: Accountable moved from ${RACI_ROLE_LABELS[previous]} to ${RACI_ROLE_LABELS[role]}.`
        : '',
    );
  }

  async function onSave() {
    await submit(validateForm(RaciMatrixSchema, raci), 'RACI saved.');
  }

  return (
    <Section
      id="raci"
      title="Who owns what (RACI)"
      intro="R: Responsible (does the work), A: Accountable (answers for it, exactly one per activity), C: Consulted, I: Informed. The panel names the Responsible and Accountable people for the account's next step."
    >
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">RACI matrix: activities by role</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1 text-left text-xs font-medium text-slate-700 dark:text-slate-300">
                Activity
              </th>
              {RaciRoleSchema.options.map((role) => (
                <th key={role} scope="col" className="p-1 text-left text-xs font-medium text-slate-700 dark:text-slate-300">
                  {RACI_ROLE_LABELS[role]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {raci.activities.map((a, i) => {
              const error = errors[`activities[${i}].assignments`] ?? errors[`activities[${i}]`];
              const errorId = `raci-${a.id}-error`;
              return [
                <tr key={a.id} className="border-t border-slate-200 dark:border-slate-700">
                  <th scope="row" className="p-1 text-left font-medium">
                    {a.label}
                  </th>
                  {RaciRoleSchema.options.map((role) => {
                    const letter = a.assignments[role];
                    return (
                      <td key={role} className="p-1">
                        <select
                          aria-label={`${a.label}: ${RACI_ROLE_LABELS[role]}`}
                          title={letter ? LETTER_WORDS[letter] : 'No part'}
                          value={letter ?? NONE}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? errorId : undefined}
                          className={`w-14 rounded-md border bg-white px-1 py-1 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100 ${
                            error ? 'border-red-600 dark:border-red-400' : 'border-slate-300 dark:border-slate-600'
                          } ${focusRing}`}
                          onChange={(e) => onCell(a.id, role, e.target.value)}
                        >
                          {CELL_OPTIONS.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                      </td>
                    );
                  })}
                </tr>,
                error ? (
                  <tr key={`${a.id}-error`}>
                    <td colSpan={RaciRoleSchema.options.length + 1} className="px-1 pb-1">
                      <p id={errorId} role="alert" className="text-xs font-medium text-red-700 dark:text-red-300" data-field-error>
                        {error}
                      </p>
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      </div>
      {errors[''] && (
        <p role="alert" className="text-xs font-medium text-red-700 dark:text-red-300" data-field-error>
          {errors['']}
        </p>
      )}
      <div className="flex items-center gap-2">
        <Button variant="primary" onClick={() => void onSave()}>
          Save RACI
        </Button>
        {status && <Status>{status}</Status>}
      </div>
    </Section>
  );
}
