import { createContext, useContext, type ReactNode } from 'react';
import { DEFAULT_SETTINGS } from '../../lib/domain/defaults';
import type { Settings } from '../../lib/domain/settings';

// Screens read settings only through useSettings(), so moving the source to
// extension storage means changing what the provider is given, not the screens.
const SettingsContext = createContext<Settings>(DEFAULT_SETTINGS);

export function SettingsProvider({ value, children }: { value: Settings; children: ReactNode }) {
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): Settings {
  return useContext(SettingsContext);
}
