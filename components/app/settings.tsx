import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { Settings } from '../../lib/core/domain/settings';
import type { SettingsState, SettingsStore } from '../../lib/data/settings-store';
import { PanelSkeleton } from '../ui/Skeleton';

// Screens read settings only through useSettings(), so where settings come
// from (defaults in tests, extension storage in the product) is decided by
// the provider alone.
const SettingsContext = createContext<Settings>(DEFAULT_SETTINGS);
const SettingsErrorContext = createContext<string | null>(null);

export function SettingsProvider({ value, error = null, children }: { value: Settings; error?: string | null; children: ReactNode }) {
  return (
    <SettingsContext.Provider value={value}>
      <SettingsErrorContext.Provider value={error}>{children}</SettingsErrorContext.Provider>
    </SettingsContext.Provider>
  );
}

export function useSettings(): Settings {
  return useContext(SettingsContext);
}

/** Why the settings in force are not the saved ones (they could not be read), or null. */
export function useSettingsError(): string | null {
  return useContext(SettingsErrorContext);
}

/**
 * Settings from the extension's settings store, following changes made in the
 * options page. Children wait for the first read so nothing is recorded under
 * the default user name by mistake.
 */
export function StoredSettingsProvider({ store, children }: { store: Pick<SettingsStore, 'load' | 'watch'>; children: ReactNode }) {
  const [state, setState] = useState<SettingsState | null>(null);
  useEffect(() => {
    let live = true;
    const unwatch = store.watch((s) => live && setState(s));
    store.load().then(
      (s) => live && setState(s),
      (e: unknown) =>
        live &&
        setState({
          settings: DEFAULT_SETTINGS,
          error: { message: `Settings could not be read (${String(e)}); defaults are in force.`, problems: [] },
        }),
    );
    return () => {
      live = false;
      unwatch();
    };
  }, [store]);
  if (!state) return <PanelSkeleton label="Loading settings…" />;
  return (
    <SettingsProvider value={state.settings} error={state.error?.message ?? null}>
      {children}
    </SettingsProvider>
  );
}
