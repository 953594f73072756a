import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_RULES, DEFAULT_PLAN_TEMPLATES, DEFAULT_RACI, DEFAULT_REMINDER_SETTINGS, DEFAULT_SETTINGS } from '../domain/defaults';
import { migrateSettings, migrateSettingsV2toV3, migrateSettingsV3toV4, parseStoredSettings } from './migrations';

// A v2 value as a v2 build saved it: the current settings with the single kickoff number.
function v2(kickoffSlaBusinessDays: unknown): Record<string, unknown> {
  const { serviceLevels: _s, planTemplates: _p, lifecycleRules: _l, raci: _r, reminders: _m, ...rest } = DEFAULT_SETTINGS;
  return { ...rest, kickoffSlaBusinessDays };
}

describe('settings v2 → v3', () => {
  it('makes the old kickoff SLA every segment’s kickoff SLA', () => {
    const out = parseStoredSettings(migrateSettings(v2(8), 2));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.settings.serviceLevels).toEqual({
      enterprise: { kickoffBusinessDays: 8, firstResponseHours: 4, goLiveDays: 90 },
      'mid-market': { kickoffBusinessDays: 8, firstResponseHours: 8, goLiveDays: 60 },
      smb: { kickoffBusinessDays: 8, firstResponseHours: 24, goLiveDays: 30 },
    });
    expect(out.settings).not.toHaveProperty('kickoffSlaBusinessDays');
  });

  it('starts plans, stage rules, RACI and reminders from the playbook, with reminders off', () => {
    const out = migrateSettingsV2toV3(v2(5)) as Record<string, unknown>;
    expect(out).toMatchObject({
      planTemplates: DEFAULT_PLAN_TEMPLATES,
      lifecycleRules: DEFAULT_LIFECYCLE_RULES,
      raci: DEFAULT_RACI,
      reminders: { ...DEFAULT_REMINDER_SETTINGS, enabled: false },
    });
  });

  it('reports a stored kickoff SLA that was never valid instead of replacing it', () => {
    const out = parseStoredSettings(migrateSettings(v2(0), 2));
    expect(out).toEqual({
      ok: false,
      problems: ['enterprise', 'mid-market', 'smb'].map((s) => ({ path: `serviceLevels.${s}.kickoffBusinessDays`, message: expect.any(String) })),
    });
  });

  it('leaves a value already in the v3 shape alone', () => {
    expect(migrateSettingsV2toV3(DEFAULT_SETTINGS)).toBe(DEFAULT_SETTINGS);
    expect(migrateSettingsV2toV3(null)).toBeNull();
  });
});

describe('settings v3 → v4', () => {
  const v3 = (): Record<string, unknown> => {
    const { userRole: _u, approvers: _a, csmCapacity: _c, ...rest } = DEFAULT_SETTINGS;
    return rest;
  };

  it('asks the role on first run, names no approvers and starts capacity at the playbook’s 8', () => {
    const out = parseStoredSettings(migrateSettings(v3(), 3));
    expect(out.ok && { userRole: out.settings.userRole, approvers: out.settings.approvers, csmCapacity: out.settings.csmCapacity }).toEqual({
      userRole: null,
      approvers: [],
      csmCapacity: 8,
    });
  });

  it('leaves a value already in the v4 shape alone, and reports a bad capacity instead of replacing it', () => {
    expect(migrateSettingsV3toV4(DEFAULT_SETTINGS)).toBe(DEFAULT_SETTINGS);
    expect(parseStoredSettings({ ...DEFAULT_SETTINGS, csmCapacity: 0 })).toEqual({
      ok: false,
      problems: [{ path: 'csmCapacity', message: expect.any(String) }],
    });
  });
});
