import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS } from '../domain/crm-record';
import { DEFAULT_HEALTH_WEIGHTS, DEFAULT_ICP_PROFILE, DEFAULT_SETTINGS } from '../domain/defaults';
import { SettingsSchema, type Settings } from '../domain/settings';
import type { TeamSettings } from '../http-contract';
import { applyPolicy, effectiveSettings, keepOwnValues, PolicySchema, readPolicy } from './policy';

const personal: Settings = { ...DEFAULT_SETTINGS, userName: 'Dana', approvers: ['Dana'] };
const weights = { ...DEFAULT_HEALTH_WEIGHTS, adoption: 40 };
const icp = { ...DEFAULT_ICP_PROFILE, name: 'Mid-market logistics', fitThreshold: 70, fringeThreshold: 40 };
const levels = {
  enterprise: { kickoffBusinessDays: 5, firstResponseHours: 4, goLiveDays: 120 },
  'mid-market': { kickoffBusinessDays: 4, firstResponseHours: 8, goLiveDays: 60 },
  smb: { kickoffBusinessDays: 2, firstResponseHours: 24, goLiveDays: 30 },
};
const site = { type: 'domain', platform: 'salesforce', host: 'crm.acme.example' } as const;

describe('applyPolicy: each field', () => {
  const cases: Array<{ field: string; value: unknown; path: string; expect: (s: Settings) => unknown; want: unknown }> = [
    { field: 'healthWeights', value: weights, path: 'healthWeights', expect: (s) => s.healthWeights, want: weights },
    { field: 'icpProfile', value: icp, path: 'icpProfile', expect: (s) => s.icpProfile, want: icp },
    { field: 'icpProfile', value: JSON.stringify(icp), path: 'icpProfile', expect: (s) => s.icpProfile, want: icp },
    {
      field: 'handoffTemplate',
      value: { ...DEFAULT_SETTINGS.handoffTemplate, name: 'Org handoff' },
      path: 'handoffTemplate',
      expect: (s) => s.handoffTemplate.name,
      want: 'Org handoff',
    },
    { field: 'serviceLevels', value: levels, path: 'serviceLevels', expect: (s) => s.serviceLevels, want: levels },
    {
      field: 'enabledPlatforms',
      value: ['salesforce', 'hubspot'],
      path: 'disabledPlatforms',
      expect: (s) => s.disabledPlatforms,
      want: BUILTIN_PLATFORMS.filter((p) => p !== 'salesforce' && p !== 'hubspot'),
    },
    { field: 'userSites', value: [site], path: 'userSites', expect: (s) => s.userSites, want: [site] },
    { field: 'approvers', value: ['Lee', 'Sam'], path: 'approvers', expect: (s) => s.approvers, want: ['Lee', 'Sam'] },
  ];
  it.each(cases)('$field ($path) applies whole and is locked', ({ field, value, path, expect: read, want }) => {
    const out = applyPolicy(personal, { [field]: value });
    expect(read(out.settings)).toEqual(want);
    expect(out.locked).toEqual([{ path, by: 'organisation' }]);
    expect(out.problems).toEqual([]);
    expect(SettingsSchema.safeParse(out.settings).success).toBe(true);
    // Everything else stays the person's.
    expect(out.settings.userName).toBe('Dana');
  });

  it('sets the backend URL for a person in team mode and locks it', () => {
    const out = applyPolicy(
      { ...personal, dataSource: { kind: 'backend', url: 'https://old.example' } },
      { backendUrl: 'https://seamline.acme.example/' },
    );
    expect(out.settings.dataSource).toEqual({ kind: 'backend', url: 'https://seamline.acme.example' });
    expect(out.backendUrl).toBe('https://seamline.acme.example');
    expect(out.locked).toEqual([{ path: 'dataSource.url', by: 'organisation' }]);
  });

  it('leaves a person on local data there while local mode is allowed, with the URL ready and locked', () => {
    const out = applyPolicy(personal, { backendUrl: 'https://seamline.acme.example' });
    expect(out.settings.dataSource).toEqual({ kind: 'local' });
    expect(out.backendUrl).toBe('https://seamline.acme.example');
    expect(out.locked.map((l) => l.path)).toEqual(['dataSource.url']);
  });

  it('moves everyone to the backend when local mode is not allowed', () => {
    const out = applyPolicy(personal, { backendUrl: 'https://seamline.acme.example', localModeAllowed: false });
    expect(out.settings.dataSource).toEqual({ kind: 'backend', url: 'https://seamline.acme.example' });
    expect(out.locked.map((l) => l.path).sort()).toEqual(['dataSource.kind', 'dataSource.url']);
  });

  it('keeps a person’s own backend when local mode is not allowed and no URL is set', () => {
    const own = { ...personal, dataSource: { kind: 'backend' as const, url: 'https://own.example' } };
    const out = applyPolicy(own, { localModeAllowed: false });
    expect(out.settings.dataSource).toEqual(own.dataSource);
    expect(out.locked).toEqual([{ path: 'dataSource.kind', by: 'organisation' }]);
  });

  it('reports local mode disallowed with no backend to use, and changes nothing', () => {
    const out = applyPolicy(personal, { localModeAllowed: false });
    expect(out.settings).toEqual(personal);
    expect(out.locked).toEqual([]);
    expect(out.problems).toEqual([{ path: 'localModeAllowed', message: expect.stringContaining('no backend URL') }]);
  });

  it('passes the workspace on without changing settings', () => {
    const out = applyPolicy(personal, { workspace: 'acme' });
    expect(out.workspace).toBe('acme');
    expect(out.settings).toEqual(personal);
  });
});

describe('applyPolicy: bad values are reported and ignored whole', () => {
  const bad: Array<{ policy: Record<string, unknown>; path: string }> = [
    { policy: { healthWeights: Object.fromEntries(Object.keys(weights).map((k) => [k, 0])) }, path: 'healthWeights' },
    { policy: { healthWeights: { ...weights, adoption: 150 } }, path: 'healthWeights.adoption' },
    { policy: { healthWeights: '{not json' }, path: 'healthWeights' },
    { policy: { icpProfile: { ...icp, fringeThreshold: 90 } }, path: 'icpProfile.fringeThreshold' },
    { policy: { serviceLevels: { ...levels, smb: { ...levels.smb, goLiveDays: 0 } } }, path: 'serviceLevels.smb.goLiveDays' },
    { policy: { enabledPlatforms: ['salesforce', 'myspace'] }, path: 'enabledPlatforms[1]' },
    { policy: { userSites: [{ type: 'domain', platform: 'salesforce', host: 'not a host' }] }, path: 'userSites[0].host' },
    { policy: { approvers: 'Lee' }, path: 'approvers' },
    { policy: { backendUrl: 'http://seamline.acme.example' }, path: 'backendUrl' },
    { policy: { localModeAllowed: 'no' }, path: 'localModeAllowed' },
    { policy: { colour: 'blue' }, path: 'colour' },
  ];
  it.each(bad)('$path', ({ policy, path }) => {
    const out = applyPolicy(personal, policy);
    expect(out.settings).toEqual(personal);
    expect(out.locked).toEqual([]);
    expect(out.problems.map((p) => p.path)).toContain(path);
    expect(out.problems.every((p) => p.message.length > 0)).toBe(true);
  });

  it('applies the good values of a partial, partly bad policy', () => {
    const out = applyPolicy(personal, { healthWeights: { ...weights, adoption: -1 }, approvers: ['Lee'], icpProfile: icp });
    expect(out.settings.healthWeights).toEqual(personal.healthWeights);
    expect(out.settings.approvers).toEqual(['Lee']);
    expect(out.settings.icpProfile).toEqual(icp);
    expect(out.locked.map((l) => l.path).sort()).toEqual(['approvers', 'icpProfile']);
    expect(out.problems.map((p) => p.path)).toEqual(['healthWeights.adoption']);
  });

  it('ignores a policy that is not an object', () => {
    expect(applyPolicy(personal, ['x']).problems).toEqual([{ path: '', message: expect.any(String) }]);
    expect(applyPolicy(personal, undefined)).toEqual({ settings: personal, locked: [], problems: [], backendUrl: null, workspace: null });
    expect(applyPolicy(personal, {}).locked).toEqual([]);
  });
});

describe('precedence: policy > team settings > the person', () => {
  const team: TeamSettings = {
    icpProfile: icp,
    handoffTemplate: { ...DEFAULT_SETTINGS.handoffTemplate, name: 'Team handoff' },
    healthWeights: weights,
  };
  const inTeam: Settings = { ...personal, dataSource: { kind: 'backend', url: 'https://seamline.acme.example' } };
  const layer = { settings: team, appliesTo: () => true };

  it('team settings replace the person’s three fields in team mode, locked for the workspace', () => {
    const out = effectiveSettings(inTeam, { team: layer });
    expect(out.settings.icpProfile).toEqual(icp);
    expect(out.settings.handoffTemplate.name).toBe('Team handoff');
    expect(out.settings.healthWeights).toEqual(weights);
    expect(out.locked).toEqual([
      { path: 'icpProfile', by: 'workspace' },
      { path: 'handoffTemplate', by: 'workspace' },
      { path: 'healthWeights', by: 'workspace' },
    ]);
  });

  it('a policy value wins over the team’s, and the field is the organisation’s', () => {
    const orgWeights = { ...weights, sponsor: 50 };
    const out = effectiveSettings(inTeam, { team: layer, policy: { healthWeights: orgWeights } });
    expect(out.settings.healthWeights).toEqual(orgWeights);
    expect(out.locked.filter((l) => l.path === 'healthWeights')).toEqual([{ path: 'healthWeights', by: 'organisation' }]);
    expect(out.settings.icpProfile).toEqual(icp);
  });

  it('a bad policy value leaves the team value in force', () => {
    const out = effectiveSettings(inTeam, { team: layer, policy: { healthWeights: { adoption: 'high' } } });
    expect(out.settings.healthWeights).toEqual(weights);
    expect(out.locked).toContainEqual({ path: 'healthWeights', by: 'workspace' });
    expect(out.problems[0]?.path).toMatch(/^healthWeights/);
  });

  it('team settings do not apply on local data, nor from another backend', () => {
    expect(effectiveSettings(personal, { team: layer }).settings).toEqual(personal);
    expect(effectiveSettings(inTeam, { team: { settings: team, appliesTo: () => false } }).settings).toEqual(inTeam);
  });

  it('team mode forced by policy brings the team settings in', () => {
    const out = effectiveSettings(personal, { team: layer, policy: { backendUrl: 'https://seamline.acme.example', localModeAllowed: false } });
    expect(out.settings.healthWeights).toEqual(weights);
  });
});

describe('keepOwnValues', () => {
  it('stores the person’s own value of a locked field, whatever the form sent', () => {
    const sent = { ...personal, healthWeights: weights, userName: 'Dana K' };
    const kept = keepOwnValues(sent, personal, [{ path: 'healthWeights', by: 'organisation' }]) as Settings;
    expect(kept.healthWeights).toEqual(personal.healthWeights);
    expect(kept.userName).toBe('Dana K');
  });
});

describe('the example policy in the docs', () => {
  it('parses with PolicySchema and applies without problems', () => {
    const chrome = JSON.parse(readFileSync(join(process.cwd(), 'docs/policy.example.json'), 'utf8')) as {
      '3rdparty': { extensions: Record<string, unknown> };
    };
    const entries = Object.values(chrome['3rdparty'].extensions);
    expect(entries).toHaveLength(1);
    const file = entries[0];
    const parsed = PolicySchema.safeParse(file);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(readPolicy(file).problems).toEqual([]);
  });
});
