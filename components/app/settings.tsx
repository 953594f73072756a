import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
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

const unreadable = (e: unknown): SettingsState => ({
  settings: DEFAULT_SETTINGS,
  error: { message: `Settings could not be read (${String(e)}); defaults are in force.`, problems: [] },
});

/** Settings whose first read was started before anything rendered, and their changes since. */
export interface PreloadedSettings {
  /** The latest state read; null until the first read is done. */
  current(): SettingsState | null;
  /** Settles once the first read is done (it never rejects: unreadable settings are a state too). */
  ready: Promise<SettingsState>;
  subscribe(listener: (state: SettingsState) => void): () => void;
}

/**
 * Starts reading the settings now, and follows their changes from now on, so
 * a page can read them while its other first requests are on their way
 * instead of after its first render.
 */
export function preloadSettings(store: Pick<SettingsStore, 'load' | 'watch'>): PreloadedSettings {
  let current: SettingsState | null = null;
  const listeners = new Set<(state: SettingsState) => void>();
  const set = (state: SettingsState) => {
    current = state;
    for (const listener of listeners) listener(state);
  };
  store.watch(set);
  const ready = store.load().then(
    (state) => state,
    (e: unknown) => unreadable(e),
  );
  void ready.then(set);
  return {
    current: () => current,
    ready,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Settings from the extension's settings store, following changes made in the
 * options page. Children wait for the first read so nothing is recorded under
 * the default user name by mistake; settings read ahead (`preloaded`) are
 * shown from the first render.
 */
export function StoredSettingsProvider({
  store,
  preloaded,
  children,
}: ({ store: Pick<SettingsStore, 'load' | 'watch'>; preloaded?: undefined } | { store?: undefined; preloaded: PreloadedSettings }) & {
  children: ReactNode;
}) {
  if (preloaded) return <PreloadedSettingsProvider preloaded={preloaded}>{children}</PreloadedSettingsProvider>;
  return <LoadedSettingsProvider store={store}>{children}</LoadedSettingsProvider>;
}

function PreloadedSettingsProvider({ preloaded, children }: { preloaded: PreloadedSettings; children: ReactNode }) {
  const state = useSyncExternalStore(preloaded.subscribe, preloaded.current);
  return <SettingsStateProvider state={state}>{children}</SettingsStateProvider>;
}

function LoadedSettingsProvider({ store, children }: { store: Pick<SettingsStore, 'load' | 'watch'>; children: ReactNode }) {
  const [state, setState] = useState<SettingsState | null>(null);
  useEffect(() => {
    let live = true;
    const unwatch = store.watch((s) => live && setState(s));
    store.load().then(
      (s) => live && setState(s),
      (e: unknown) => live && setState(unreadable(e)),
    );
    return () => {
      live = false;
      unwatch();
    };
  }, [store]);
  return <SettingsStateProvider state={state}>{children}</SettingsStateProvider>;
}

function SettingsStateProvider({ state, children }: { state: SettingsState | null; children: ReactNode }) {
  if (!state) return <PanelSkeleton label="Loading settings…" />;
  return (
    <SettingsProvider value={state.settings} error={state.error?.message ?? null}>
      {children}
    </SettingsProvider>
  );
}
