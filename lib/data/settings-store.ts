import { storage, type WxtStorage } from '#imports';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { SettingsSchema, type Settings } from '../core/domain/settings';
import { validateForm, type FormResult } from '../core/settings/form';
import type { SettingsLoadError } from '../core/messages/to-background';
import { SETTINGS_MIGRATIONS, SETTINGS_VERSION, parseStoredSettings } from '../core/settings/migrations';

export const SETTINGS_KEY = 'local:settings' as const;
// The copy that stays in force while the stored value cannot be read. It goes
// through the same migrations, so an update never turns it unreadable either.
export const LAST_GOOD_KEY = 'local:settingsLastGood' as const;
// Where builds before the token store kept the team-backend token. Read once
// to move it into the background's own database (lib/data/token-store.ts),
// then removed: content scripts can read storage.local in Firefox.
export const BACKEND_TOKEN_KEY = 'local:backendToken' as const;

export interface SettingsState {
  /** The settings in force: the stored value, or the last good one while the stored value cannot be read. */
  settings: Settings;
  error: SettingsLoadError | null;
  /** False on a first run, when the defaults are in force because nothing was ever saved. */
  stored?: boolean;
}

export interface SettingsStore {
  load(): Promise<SettingsState>;
  /** Validates and writes; nothing is written unless the whole value is valid. */
  save(settings: unknown): Promise<FormResult<Settings>>;
  /** Keeps `settings` as the value in force should the stored one become unreadable. */
  rememberGood(settings: Settings): Promise<void>;
  /** Called with the re-read state whenever the stored settings change (in any extension context). */
  watch(listener: (state: SettingsState) => void): () => void;
}

export function createSettingsStore(store: WxtStorage = storage): SettingsStore {
  const item = store.defineItem<unknown>(SETTINGS_KEY, { version: SETTINGS_VERSION, migrations: SETTINGS_MIGRATIONS });
  const lastGood = store.defineItem<unknown>(LAST_GOOD_KEY, { version: SETTINGS_VERSION, migrations: SETTINGS_MIGRATIONS });

  async function fallback(): Promise<Settings> {
    const parsed = parseStoredSettings(await lastGood.getValue());
    return parsed.ok ? parsed.settings : DEFAULT_SETTINGS;
  }

  async function load(): Promise<SettingsState> {
    const raw = await item.getValue();
    // Nothing stored yet is a first run, not an error.
    if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, error: null, stored: false };
    const parsed = parseStoredSettings(raw);
    if (parsed.ok) return { settings: parsed.settings, error: null, stored: true };
    const meta = (await item.getMeta()) as { v?: number };
    const stale = typeof meta.v === 'number' && meta.v < SETTINGS_VERSION;
    return {
      stored: true,
      settings: await fallback(),
      error: {
        message: stale
          ? `Saved settings (version ${meta.v}) could not be upgraded to version ${SETTINGS_VERSION}. The last good settings stay in force until you save.`
          : 'Saved settings could not be read. The last good settings stay in force until you save.',
        problems: parsed.problems,
      },
    };
  }

  async function save(input: unknown): Promise<FormResult<Settings>> {
    const result = validateForm(SettingsSchema, input);
    if (!result.ok) return result;
    await item.setValue(result.value);
    await lastGood.setValue(result.value);
    return result;
  }

  function watch(listener: (state: SettingsState) => void): () => void {
    return item.watch(() => void load().then(listener, () => undefined));
  }

  return { load, save, watch, rememberGood: (s) => lastGood.setValue(s) };
}

/** The token where older builds stored it; only the token store's migration reads it. */
export function createTokenItem(store: WxtStorage = storage) {
  return store.defineItem<string | null>(BACKEND_TOKEN_KEY, { fallback: null });
}
