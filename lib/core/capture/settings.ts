import { DEFAULT_SETTINGS } from '../domain/defaults';
import { SettingsSchema, type Settings } from '../domain/settings';

export const SETTINGS_STORAGE_KEY = 'settings';

export interface SettingsArea {
  get(key: string): Promise<Record<string, unknown>>;
}

/**
 * The one place menus, badge and popup read settings from. Missing settings
 * mean defaults; a stored value that does not parse is reported and the
 * defaults are used for this read only: the stored value is left as it is,
 * for the options page to show and repair.
 */
export async function readSettings(area: SettingsArea, onInvalid: (error: unknown) => void = () => undefined): Promise<Settings> {
  const raw = (await area.get(SETTINGS_STORAGE_KEY))[SETTINGS_STORAGE_KEY];
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  // Settings saved by an older version may lack newer fields; those take their defaults.
  const parsed = SettingsSchema.safeParse(typeof raw === 'object' && !Array.isArray(raw) ? { ...DEFAULT_SETTINGS, ...raw } : raw);
  if (parsed.success) return parsed.data;
  onInvalid(parsed.error);
  return DEFAULT_SETTINGS;
}
