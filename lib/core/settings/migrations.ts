import { z } from 'zod';
import { safeParseOf } from '../parse';
import {
  DEFAULT_CSM_CAPACITY,
  DEFAULT_LIFECYCLE_RULES,
  DEFAULT_PLAN_TEMPLATES,
  DEFAULT_RACI,
  DEFAULT_REMINDER_SETTINGS,
  DEFAULT_SERVICE_LEVELS,
} from '../domain/defaults';
import { SettingsSchema, type Settings } from '../domain/settings';
import { fieldPath } from '../errors';

/**
 * Stored settings layouts, oldest first. Each step is a pure function of the
 * raw stored object: it reshapes, it never validates or fills in what the
 * person chose. Validation happens once, on the migrated value, so a value
 * that cannot be read is reported instead of quietly becoming the defaults.
 *
 * v1 kept the team backend as two flat fields, `useBackend` and `backendUrl`.
 *    A URL could then be stored without being used, and a backend could be
 *    "on" with no URL, which the panel had no honest way to show.
 * v2 replaces them with the `dataSource` union ({ kind: 'local' } or
 *    { kind: 'backend', url }).
 * v3 replaces the single `kickoffSlaBusinessDays` with `serviceLevels` per
 *    segment (each segment's kickoff SLA is the old number), and adds the
 *    success-plan templates, lifecycle stage rules, RACI matrix and reminder
 *    settings, which start from the playbook's defaults since no one had
 *    chosen anything for them yet.
 * v4 adds who the person is (`userRole`, null until they say, so the
 *    first-run page can ask), the ICP exception `approvers` (none named: the
 *    decision stays open to anyone, as before) and `csmCapacity` (the
 *    playbook's 8 accounts in onboarding per CSM, which the dashboard used as a
 *    fixed number until now). This is the shape SettingsSchema describes.
 */
export const SETTINGS_VERSION = 4;

type Raw = Record<string, unknown>;

export function migrateSettingsV1toV2(value: unknown): unknown {
  if (!isObject(value) || 'dataSource' in value) return value;
  const { useBackend, backendUrl, ...rest } = value;
  // A URL saved without `useBackend` was never in force: the data source stays
  // local and the URL is dropped, since v2 has nowhere to keep an unused URL.
  // `useBackend` with no URL is carried over as-is so validation reports it.
  const dataSource = useBackend === true ? { kind: 'backend', url: backendUrl } : { kind: 'local' };
  return { ...rest, dataSource };
}

export function migrateSettingsV2toV3(value: unknown): unknown {
  if (!isObject(value) || 'serviceLevels' in value) return value;
  const { kickoffSlaBusinessDays, ...rest } = value;
  // Carried over as stored, valid or not, so validation reports a bad value
  // against each segment instead of it quietly becoming the default.
  const withKickoff = (segment: keyof typeof DEFAULT_SERVICE_LEVELS) => ({
    ...DEFAULT_SERVICE_LEVELS[segment],
    kickoffBusinessDays: kickoffSlaBusinessDays,
  });
  return {
    ...rest,
    serviceLevels: { enterprise: withKickoff('enterprise'), 'mid-market': withKickoff('mid-market'), smb: withKickoff('smb') },
    planTemplates: DEFAULT_PLAN_TEMPLATES,
    lifecycleRules: DEFAULT_LIFECYCLE_RULES,
    raci: DEFAULT_RACI,
    reminders: DEFAULT_REMINDER_SETTINGS,
  };
}

export function migrateSettingsV3toV4(value: unknown): unknown {
  if (!isObject(value) || 'userRole' in value) return value;
  return { ...value, userRole: null, approvers: [], csmCapacity: DEFAULT_CSM_CAPACITY };
}

export const SETTINGS_MIGRATIONS: Record<number, (value: unknown) => unknown> = {
  2: migrateSettingsV1toV2,
  3: migrateSettingsV2toV3,
  4: migrateSettingsV3toV4,
};

/** Runs every step from `fromVersion` to the current one; what WXT's storage item does on start, for tests and tools. */
export function migrateSettings(value: unknown, fromVersion: number): unknown {
  if (fromVersion > SETTINGS_VERSION) throw new Error(`settings version ${fromVersion} is newer than this build understands (${SETTINGS_VERSION})`);
  let v = value;
  for (let n = fromVersion + 1; n <= SETTINGS_VERSION; n++) v = SETTINGS_MIGRATIONS[n]?.(v) ?? v;
  return v;
}

export const SettingsProblemSchema = z.object({
  /** A dotted path such as "icpProfile.rules[2].min", or "" for the whole value. */
  path: z.string(),
  message: z.string(),
});
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;

export type ParsedSettings = { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] };

export function parseStoredSettings(raw: unknown): ParsedSettings {
  const r = safeParseOf(SettingsSchema, raw);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, problems: r.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message })) };
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
