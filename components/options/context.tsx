import { createContext, useContext, useEffect, useState } from 'react';
import type { Settings } from '../../lib/core/domain/settings';
import type { PendingChoice, PendingSwitch, SettingsSnapshot } from '../../lib/core/messages/to-background';
import type { FieldErrors, FormResult } from '../../lib/core/settings/form';
import type { LockedField } from '../../lib/core/settings/policy';
import type { OptionsApi } from './api';
import { sectionErrors } from './fields';

// The options page's shared state, apart from the page that provides it so
// that sections can read it without importing the page (no import cycle).

export type SaveOutcome = { ok: true } | { ok: false; errors: FieldErrors; message?: string; pendingSwitch?: PendingSwitch };

export interface OptionsContextValue {
  api: OptionsApi;
  snapshot: SettingsSnapshot;
  /** Saves the settings in force with `patch` applied; the background validates the whole value again. */
  save(patch: Partial<Settings>, token?: string, pending?: PendingChoice): Promise<SaveOutcome>;
  refresh(): Promise<void>;
  /**
   * Each section keeps its own draft until it is saved, so saving one never
   * touches another's; a section says here whether it holds unsaved edits, and
   * the page warns before they are left behind.
   */
  setUnsaved(section: string, label: string, unsaved: boolean): void;
}

export const OptionsContext = createContext<OptionsContextValue | null>(null);

export function useOptions(): OptionsContextValue {
  const v = useContext(OptionsContext);
  if (!v) throw new Error('useOptions() needs <OptionsApp>');
  return v;
}

/** Who fixes a settings path (the organisation's policy or the workspace's admins), or null when the person may change it. */
export function lockOf(snapshot: SettingsSnapshot, path: string): LockedField | null {
  return snapshot.managed?.locked.find((l) => l.path === path) ?? null;
}

export function useLock(path: string): LockedField | null {
  return lockOf(useOptions().snapshot, path);
}

/** Reports a section's unsaved edits to the page (and clears them when it goes away). */
export function useUnsaved(section: string, label: string, unsaved: boolean): void {
  const { setUnsaved } = useOptions();
  useEffect(() => {
    setUnsaved(section, label, unsaved);
  }, [setUnsaved, section, label, unsaved]);
  useEffect(() => () => setUnsaved(section, label, false), [setUnsaved, section, label]);
}

/**
 * A section's save: its checked draft is saved (under `key`, or as a patch of
 * several settings when `key` is null), and the section keeps the field errors
 * and the status line that follow.
 */
export function useSectionSave(key: keyof Settings | null) {
  const { save } = useOptions();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  async function submit<T>(checked: FormResult<T>, saved: string | ((value: T) => string)): Promise<boolean> {
    setStatus('');
    if (!checked.ok) {
      setErrors(checked.errors);
      return false;
    }
    const out = await save((key ? { [key]: checked.value } : checked.value) as Partial<Settings>);
    if (!out.ok) {
      setErrors(key ? sectionErrors(out.errors, key) : out.errors);
      return false;
    }
    setErrors({});
    setStatus(typeof saved === 'string' ? saved : saved(checked.value));
    return true;
  }
  return { errors, setErrors, status, setStatus, submit };
}
