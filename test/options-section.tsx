import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { SettingsSchema, type Settings } from '../lib/core/domain/settings';
import type { SettingsSnapshot } from '../lib/core/messages/to-background';
import { validateForm } from '../lib/core/settings/form';
import type { OptionsApi } from '../components/options/api';
import { OptionsContext, type OptionsContextValue, type SaveOutcome } from '../components/options/context';

// Testing Library only cleans up by itself when test globals are on.
afterEach(() => cleanup());

/**
 * One options section on its own, with a save that behaves like the
 * background's: the whole settings value is validated again, and only a valid
 * one is kept. `saves` holds every value kept, in order.
 */
export function renderOptionsSection(section: ReactElement, { settings = DEFAULT_SETTINGS }: { settings?: Settings } = {}) {
  let snapshot: SettingsSnapshot = { settings, error: null, hasToken: false, source: 'local', sitesWithoutPermission: [] };
  const saves: Settings[] = [];
  const save = vi.fn(async (patch: Partial<Settings>): Promise<SaveOutcome> => {
    const r = validateForm(SettingsSchema, { ...snapshot.settings, ...patch });
    if (!r.ok) return { ok: false, errors: r.errors };
    saves.push(r.value);
    snapshot = { ...snapshot, settings: r.value };
    return { ok: true };
  });
  const value: OptionsContextValue = {
    api: {} as OptionsApi,
    get snapshot() {
      return snapshot;
    },
    save,
    refresh: async () => undefined,
    setUnsaved: () => undefined,
  };
  const user = userEvent.setup();
  render(<OptionsContext.Provider value={value}>{section}</OptionsContext.Provider>);
  const region = (name: string) => within(screen.getByRole('region', { name }));
  return { user, save, saves, region };
}
