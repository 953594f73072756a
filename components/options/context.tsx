import { createContext, useContext } from 'react';
import type { Settings } from '../../lib/core/domain/settings';
import type { PendingChoice, PendingSwitch, SettingsSnapshot } from '../../lib/core/messages/to-background';
import type { FieldErrors } from '../../lib/core/settings/form';
import type { OptionsApi } from './api';

// The options page's shared state, apart from the page that provides it so
// that sections can read it without importing the page (no import cycle).

export type SaveOutcome = { ok: true } | { ok: false; errors: FieldErrors; message?: string; pendingSwitch?: PendingSwitch };

export interface OptionsContextValue {
  api: OptionsApi;
  snapshot: SettingsSnapshot;
  /** Saves the settings in force with `patch` applied; the background validates the whole value again. */
  save(patch: Partial<Settings>, token?: string, pending?: PendingChoice): Promise<SaveOutcome>;
  refresh(): Promise<void>;
}

export const OptionsContext = createContext<OptionsContextValue | null>(null);

export function useOptions(): OptionsContextValue {
  const v = useContext(OptionsContext);
  if (!v) throw new Error('useOptions() needs <OptionsApp>');
  return v;
}
