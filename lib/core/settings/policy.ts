import { z } from 'zod';
import { safeParseOf } from '../parse';
import { BUILTIN_PLATFORMS, BuiltinPlatformSchema } from '../domain/crm-record';
import { BackendUrlSchema, SettingsSchema, type Settings } from '../domain/settings';
import { fieldPath } from '../errors';
import { TeamSettingsSchema, type TeamSettings } from '../team';
import { SettingsProblemSchema, type SettingsProblem } from './migrations';

/**
 * Managed policy: what an organisation's IT sets for every seat through the
 * browser (Chrome/Edge `storage.managed`, Firefox's `3rdparty` policies), and
 * the team settings a workspace admin publishes on the backend. Both are laid
 * over the person's own settings: policy > team settings > the person's.
 *
 * Each policy value is validated with the schema of the setting it replaces,
 * on its own: a bad value is reported with its path and ignored whole, while
 * the other values still apply. A value is never half-applied.
 */

// Chrome's managed-storage schema cannot describe unions (an ICP rule's value,
// a user site's kind), so structured values may also arrive as JSON text.
function decodeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
const jsonOr = <S extends z.ZodType>(schema: S) => z.preprocess(decodeJson, schema);

const shape = SettingsSchema.shape;

export const POLICY_FIELDS = {
  backendUrl: BackendUrlSchema,
  // The workspace the organisation's backend tokens belong to; shown to the
  // person on the options page beside the data source.
  workspace: z.string().trim().min(1).max(200),
  icpProfile: jsonOr(shape.icpProfile),
  handoffTemplate: jsonOr(shape.handoffTemplate),
  healthWeights: jsonOr(shape.healthWeights),
  serviceLevels: jsonOr(shape.serviceLevels),
  // The built-in CRMs Seamline works on; the rest are turned off.
  enabledPlatforms: jsonOr(z.array(BuiltinPlatformSchema)),
  // Custom CRM domains and in-house tools, in place of the person's own.
  userSites: jsonOr(shape.userSites),
  approvers: jsonOr(shape.approvers),
  // false: the team backend is the only data source.
  localModeAllowed: z.boolean(),
} as const;

export type PolicyField = keyof typeof POLICY_FIELDS;

/** The whole policy, every value optional; used to check example and documented policies. */
export const PolicySchema = z.object(POLICY_FIELDS).partial().strict();
export type Policy = z.infer<typeof PolicySchema>;

/** Who fixed a setting: the organisation's policy, or the workspace's published team settings. */
export const LockSourceSchema = z.enum(['organisation', 'workspace']);
export type LockSource = z.infer<typeof LockSourceSchema>;

export const LockedFieldSchema = z.object({
  /** A settings path ("healthWeights", "dataSource.url"). */
  path: z.string(),
  by: LockSourceSchema,
});
export type LockedField = z.infer<typeof LockedFieldSchema>;

export const PolicyProblemSchema = SettingsProblemSchema;
export type PolicyProblem = SettingsProblem;

/** What the organisation and the workspace fix in the settings in force, and what was wrong with the policy. */
export const ManagedStateSchema = z.object({
  locked: z.array(LockedFieldSchema),
  problems: z.array(PolicyProblemSchema),
  /** The backend URL the organisation set, even while the person is on local data. */
  backendUrl: z.string().nullable(),
  workspace: z.string().nullable(),
  /** Who published the team settings in force, and when; null when none apply. */
  team: z.object({ updatedAt: z.string().nullable(), updatedBy: z.string().nullable() }).nullable(),
});
export type ManagedState = z.infer<typeof ManagedStateSchema>;

/** The settings paths each policy value fixes. */
const LOCKS: Record<Exclude<PolicyField, 'workspace' | 'backendUrl' | 'localModeAllowed'>, string> = {
  icpProfile: 'icpProfile',
  handoffTemplate: 'handoffTemplate',
  healthWeights: 'healthWeights',
  serviceLevels: 'serviceLevels',
  enabledPlatforms: 'disabledPlatforms',
  userSites: 'userSites',
  approvers: 'approvers',
};

export interface PolicyOutcome {
  settings: Settings;
  locked: LockedField[];
  problems: PolicyProblem[];
  /** The backend URL the organisation set, even while the person is on local data. */
  backendUrl: string | null;
  workspace: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the raw managed-storage value: each field is parsed on its own, a bad one reported and left out. */
export function readPolicy(raw: unknown): { policy: Policy; problems: PolicyProblem[] } {
  if (raw === undefined || raw === null) return { policy: {}, problems: [] };
  if (!isObject(raw)) return { policy: {}, problems: [{ path: '', message: 'the policy must be an object of named values' }] };
  const policy: Record<string, unknown> = {};
  const problems: PolicyProblem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in POLICY_FIELDS)) {
      problems.push({ path: key, message: 'not a Seamline policy name; ignored' });
      continue;
    }
    const parsed = safeParseOf(POLICY_FIELDS[key as PolicyField], value);
    if (parsed.success) policy[key] = parsed.data;
    else {
      // Every issue is listed so the admin can fix the value in one go.
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const path = fieldPath(issue.path, key);
        if (seen.has(path)) continue;
        seen.add(path);
        problems.push({ path, message: `${issue.message}; this policy value is ignored` });
      }
    }
  }
  return { policy: policy as Policy, problems };
}

/**
 * The settings in force under a policy: every valid policy value replaces the
 * person's, with the paths it fixes; every invalid one is reported and left out.
 */
export function applyPolicy(settings: Settings, raw: unknown): PolicyOutcome {
  const { policy, problems } = readPolicy(raw);
  const next: Settings = { ...settings };
  const locked: LockedField[] = [];
  const lock = (path: string) => locked.push({ path, by: 'organisation' });

  for (const [field, path] of Object.entries(LOCKS) as Array<[keyof typeof LOCKS, string]>) {
    const value = policy[field];
    if (value === undefined) continue;
    if (field === 'enabledPlatforms') {
      const enabled = new Set<string>(value as string[]);
      next.disabledPlatforms = BUILTIN_PLATFORMS.filter((p) => !enabled.has(p));
    } else {
      (next as Record<string, unknown>)[path] = value;
    }
    lock(path);
  }

  const url = policy.backendUrl ?? null;
  const localAllowed = policy.localModeAllowed !== false;
  if (url) lock('dataSource.url');
  if (!localAllowed) {
    const target = url ?? (settings.dataSource.kind === 'backend' ? settings.dataSource.url : null);
    if (target) {
      next.dataSource = { kind: 'backend', url: target };
      lock('dataSource.kind');
    } else {
      // Without a backend to use, forcing team mode would leave nothing in force.
      problems.push({ path: 'localModeAllowed', message: 'local mode is disallowed but no backend URL is set; this policy value is ignored' });
    }
  } else if (url && settings.dataSource.kind === 'backend') {
    next.dataSource = { kind: 'backend', url };
  }

  return { settings: next, locked, problems, backendUrl: url, workspace: policy.workspace ?? null };
}

/** The fields a workspace admin publishes for every member. */
export const TEAM_SETTINGS_FIELDS = ['icpProfile', 'handoffTemplate', 'healthWeights'] as const;

/** The team settings over the person's, each field fixed for the workspace. */
export function applyTeamSettings(settings: Settings, team: TeamSettings | null): { settings: Settings; locked: LockedField[] } {
  if (!team) return { settings, locked: [] };
  const parsed = safeParseOf(TeamSettingsSchema, team);
  if (!parsed.success) return { settings, locked: [] };
  const next: Settings = { ...settings };
  for (const f of TEAM_SETTINGS_FIELDS) (next as Record<string, unknown>)[f] = parsed.data[f];
  return { settings: next, locked: TEAM_SETTINGS_FIELDS.map((path) => ({ path, by: 'workspace' as const })) };
}

/**
 * Precedence in one place: the organisation's policy over the workspace's
 * team settings over the person's own. Team settings apply only in team mode
 * (`teamFor` says which backend they came from), judged on the data source the
 * policy leaves in force.
 */
export function effectiveSettings(
  personal: Settings,
  layers: { policy?: unknown; team?: { settings: TeamSettings; appliesTo: (s: Settings) => boolean } | null },
): PolicyOutcome {
  const policyOnly = applyPolicy(personal, layers.policy);
  const teamApplies = layers.team && policyOnly.settings.dataSource.kind === 'backend' && layers.team.appliesTo(policyOnly.settings);
  if (!teamApplies) return policyOnly;
  const withTeam = applyTeamSettings(personal, layers.team!.settings);
  const out = applyPolicy(withTeam.settings, layers.policy);
  const byPolicy = new Set(out.locked.map((l) => l.path));
  return { ...out, locked: [...out.locked, ...withTeam.locked.filter((l) => !byPolicy.has(l.path))] };
}

/**
 * Puts the person's own values back where a field is fixed, so a save never
 * stores a policy or team value as theirs: when the policy or the team
 * settings go away, the person's own choice is back in force. The data source
 * is stored as chosen; a fixed URL or team mode is laid over it on every read.
 */
export function keepOwnValues(input: unknown, own: Settings, locked: readonly LockedField[]): unknown {
  if (!isObject(input) || locked.length === 0) return input;
  const out: Record<string, unknown> = { ...input };
  for (const { path } of locked) if (!path.startsWith('dataSource.')) out[path] = own[path as keyof Settings];
  return out;
}
