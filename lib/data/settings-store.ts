import { storage, type WxtStorage } from '#imports';
import { safeParseOf } from '../core/parse';
import { z } from 'zod';
import { browser } from '../browser';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { SettingsSchema, type Settings } from '../core/domain/settings';
import { IsoDateTimeSchema } from '../core/domain/primitives';
import { RoleSchema, TeamSettingsSchema } from '../core/team';
import { validateForm, type FormResult } from '../core/settings/form';
import type { SettingsLoadError } from '../core/messages/to-background';
import { SETTINGS_MIGRATIONS, SETTINGS_VERSION, parseStoredSettings } from '../core/settings/migrations';
import { effectiveSettings, keepOwnValues, type ManagedState } from '../core/settings/policy';
import { canonicalBackendUrl } from '../core/sync';

export const SETTINGS_KEY = 'local:settings' as const;
// The copy that stays in force while the stored value cannot be read. It goes
// through the same migrations, so an update never turns it unreadable either.
export const LAST_GOOD_KEY = 'local:settingsLastGood' as const;
// Where builds before the token store kept the team-backend token. Read once
// to move it into the background's own database (lib/data/token-store.ts),
// then removed: content scripts can read storage.local in Firefox.
export const BACKEND_TOKEN_KEY = 'local:backendToken' as const;
// The team settings the workspace's admins published, as last received from
// the backend, with the backend they came from: they apply only there.
export const TEAM_SETTINGS_KEY = 'local:teamSettings' as const;

export const StoredTeamSettingsSchema = z.object({
  /** The backend's canonical URL. */
  url: z.string(),
  workspace: z.string().nullable(),
  /** The token's role there: an admin's own values stay in force (they are what the admin publishes). */
  role: RoleSchema.nullable(),
  /** Null until an admin publishes. */
  settings: TeamSettingsSchema.nullable(),
  updatedAt: IsoDateTimeSchema.nullable(),
  updatedBy: z.string().nullable(),
});
export type StoredTeamSettings = z.infer<typeof StoredTeamSettingsSchema>;

/** The browser's managed storage: the organisation's policy (read-only to the extension). */
export interface ManagedSource {
  read(): Promise<unknown>;
  /** Calls back when the policy changes; returns the unsubscribe. */
  watch(onChange: () => void): () => void;
}

/** Chrome/Edge managed storage, or Firefox's `3rdparty` policies, through the same API. */
export const browserManagedSource: ManagedSource = {
  async read() {
    // Firefox rejects when no policy names the add-on; Chrome answers {}.
    // Either way there is no policy to apply.
    return browser.storage.managed.get().catch(() => ({}));
  },
  watch(onChange) {
    const listener = (_changes: unknown, area: string) => {
      if (area === 'managed') onChange();
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  },
};

export interface SettingsState {
  /**
   * The settings in force: the stored value (or the last good one while the
   * stored value cannot be read), with the organisation's policy and the
   * workspace's team settings laid over it.
   */
  settings: Settings;
  /** Present when a policy or team settings exist: what they fix and what was wrong. */
  managed?: ManagedState;
  error: SettingsLoadError | null;
  /** False on a first run, when the defaults are in force because nothing was ever saved. */
  stored?: boolean;
}

export interface SettingsStore {
  load(): Promise<SettingsState>;
  /**
   * Validates and writes the person's own settings; nothing is written unless
   * the whole value is valid. Fields the policy or the team settings fix keep
   * the person's own value; load() gives the settings in force.
   */
  save(settings: unknown): Promise<FormResult<Settings>>;
  /** Keeps the person's stored settings, when readable, as the value in force should they become unreadable. */
  rememberGood(): Promise<void>;
  /** Called with the re-read state whenever the stored settings, the policy or the team settings change (in any extension context). */
  watch(listener: (state: SettingsState) => void): () => void;
  /** Keeps the team settings received from a backend (null forgets them). */
  setTeamSettings(team: StoredTeamSettings | null): Promise<void>;
  teamSettings(): Promise<StoredTeamSettings | null>;
}

export function createSettingsStore(store: WxtStorage = storage, managed: ManagedSource = browserManagedSource): SettingsStore {
  const item = store.defineItem<unknown>(SETTINGS_KEY, { version: SETTINGS_VERSION, migrations: SETTINGS_MIGRATIONS });
  const lastGood = store.defineItem<unknown>(LAST_GOOD_KEY, { version: SETTINGS_VERSION, migrations: SETTINGS_MIGRATIONS });
  const teamItem = store.defineItem<unknown>(TEAM_SETTINGS_KEY, { fallback: null });

  async function teamSettings(): Promise<StoredTeamSettings | null> {
    const parsed = safeParseOf(StoredTeamSettingsSchema, await teamItem.getValue());
    return parsed.success ? parsed.data : null;
  }

  /** The person's own settings with the policy and team settings over them. */
  async function layered(own: Omit<SettingsState, 'managed'>): Promise<SettingsState> {
    const [policy, team] = await Promise.all([managed.read().catch(() => ({})), teamSettings()]);
    const published = team?.settings && team.role !== 'admin' ? team.settings : null;
    const out = effectiveSettings(own.settings, {
      policy,
      team: published && {
        settings: published,
        appliesTo: (s) => s.dataSource.kind === 'backend' && URL.canParse(s.dataSource.url) && canonicalBackendUrl(s.dataSource.url) === team?.url,
      },
    });
    const teamInForce = out.locked.some((l) => l.by === 'workspace');
    const state: SettingsState = { ...own, settings: out.settings };
    if (out.locked.length || out.problems.length || out.backendUrl || out.workspace || teamInForce) {
      state.managed = {
        locked: out.locked,
        problems: out.problems,
        backendUrl: out.backendUrl,
        workspace: out.workspace,
        team: teamInForce && team ? { updatedAt: team.updatedAt, updatedBy: team.updatedBy } : null,
      };
    }
    return state;
  }

  async function fallback(): Promise<Settings> {
    const parsed = parseStoredSettings(await lastGood.getValue());
    return parsed.ok ? parsed.settings : DEFAULT_SETTINGS;
  }

  async function load(): Promise<SettingsState> {
    return layered(await loadOwn());
  }

  async function loadOwn(): Promise<SettingsState> {
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
    const [own, current] = await Promise.all([loadOwn(), load()]);
    const result = validateForm(SettingsSchema, keepOwnValues(input, own.settings, current.managed?.locked ?? []));
    if (!result.ok) return result;
    await item.setValue(result.value);
    await lastGood.setValue(result.value);
    return result;
  }

  function watch(listener: (state: SettingsState) => void): () => void {
    const reread = () => void load().then(listener, () => undefined);
    const stops = [item.watch(reread), teamItem.watch(reread), managed.watch(reread)];
    return () => stops.forEach((stop) => stop());
  }

  return {
    load,
    save,
    watch,
    async rememberGood() {
      const own = await loadOwn();
      if (own.stored && !own.error) await lastGood.setValue(own.settings);
    },
    teamSettings,
    setTeamSettings: async (team) => (team ? teamItem.setValue(team) : teamItem.removeValue()),
  };
}

/** The token where older builds stored it; only the token store's migration reads it. */
export function createTokenItem(store: WxtStorage = storage) {
  return store.defineItem<string | null>(BACKEND_TOKEN_KEY, { fallback: null });
}
