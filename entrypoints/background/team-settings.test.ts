import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { Role, TeamSettings, TeamSettingsReply } from '../../lib/core/http-contract';
import { createSettingsStore } from '../../lib/data/settings-store';
import { installTeamSettings, type TeamSettingsClient } from './team-settings';

const BACKEND = 'https://seamline.acme.example';
const TOKEN = 'sl_live_7f3a9c2e41b8d6f0a5e3c1b9d7f2e4a6';
const noPolicy = { read: async () => ({}), watch: () => () => undefined };

const PUBLISHED: TeamSettings = {
  icpProfile: { ...DEFAULT_SETTINGS.icpProfile, name: 'Team ICP' },
  handoffTemplate: { ...DEFAULT_SETTINGS.handoffTemplate, name: 'Team handoff' },
  healthWeights: { ...DEFAULT_SETTINGS.healthWeights, sponsor: 45 },
};

/** The backend's team settings route, in memory. */
function fakeClient(role: Role, initial: TeamSettings | null = PUBLISHED) {
  let current: TeamSettingsReply = { settings: initial, updatedAt: initial ? '2026-03-01T09:00:00.000Z' : null, updatedBy: initial ? 'Priya' : null };
  const puts: TeamSettings[] = [];
  const client: TeamSettingsClient = {
    get: async () => current,
    put: async (_url, _token, settings) => {
      puts.push(settings);
      current = { settings, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: 'Admin' };
      return current;
    },
    whoAmI: async () => ({ role, workspace: 'acme' }),
  };
  return {
    client,
    puts,
    publishElsewhere(settings: TeamSettings) {
      current = { settings, updatedAt: '2026-03-03T09:00:00.000Z', updatedBy: 'Priya' };
    },
  };
}

async function setup(role: Role, initial?: TeamSettings | null) {
  const store = createSettingsStore(storage, noPolicy);
  await store.save({ ...DEFAULT_SETTINGS, dataSource: { kind: 'backend', url: BACKEND } });
  const backend = fakeClient(role, initial);
  const team = installTeamSettings({ store, tokenItem: { getValue: async () => TOKEN }, client: backend.client });
  return { store, team, backend };
}

beforeEach(() => fakeBrowser.reset());

describe('team settings in the background', () => {
  it('a member receives the published settings, and every reader of the settings store works with them', async () => {
    const { store, team } = await setup('member');
    expect(await team.refreshTeamSettings()).toEqual({ ok: true });
    const state = await createSettingsStore(storage, noPolicy).load();
    expect(state.settings.icpProfile.name).toBe('Team ICP');
    expect(state.settings.healthWeights.sponsor).toBe(45);
    expect(state.managed?.team?.updatedBy).toBe('Priya');
    expect(await team.roleFor(BACKEND)).toBe('member');
    // The member's own values are still theirs underneath.
    expect((await store.teamSettings())?.settings).toEqual(PUBLISHED);
  });

  it('follows a change the admins publish when asked again (the live feed asks on a settings event)', async () => {
    const { team, backend } = await setup('member');
    await team.refreshTeamSettings();
    backend.publishElsewhere({ ...PUBLISHED, healthWeights: { ...PUBLISHED.healthWeights, sponsor: 5 } });
    await team.refreshTeamSettings();
    expect((await createSettingsStore(storage, noPolicy).load()).settings.healthWeights.sponsor).toBe(5);
  });

  it('keeps the copy last received while the backend cannot be reached', async () => {
    const { team, backend } = await setup('member');
    await team.refreshTeamSettings();
    backend.client.get = () => Promise.reject(new Error('offline'));
    expect(await team.refreshTeamSettings()).toEqual({ ok: false });
    expect((await createSettingsStore(storage, noPolicy).load()).settings.icpProfile.name).toBe('Team ICP');
  });

  it('an admin publishes their own three settings', async () => {
    const { store, team, backend } = await setup('admin', null);
    const own = {
      ...DEFAULT_SETTINGS,
      dataSource: { kind: 'backend' as const, url: BACKEND },
      healthWeights: { ...DEFAULT_SETTINGS.healthWeights, logins: 33 },
    };
    await store.save(own);
    expect(await team.publish()).toEqual({ ok: true });
    expect(backend.puts).toEqual([{ icpProfile: own.icpProfile, handoffTemplate: own.handoffTemplate, healthWeights: own.healthWeights }]);
    // The admin's own values stay in force for them: nothing is locked.
    expect((await store.load()).managed).toBeUndefined();
  });

  it('a member cannot publish', async () => {
    const { team, backend } = await setup('member');
    expect(await team.publish()).toEqual({ ok: false, message: 'Only a workspace admin can publish team settings.' });
    expect(backend.puts).toEqual([]);
  });

  it('reads nothing on local data', async () => {
    const store = createSettingsStore(storage, noPolicy);
    const backend = fakeClient('member');
    const team = installTeamSettings({ store, tokenItem: { getValue: async () => TOKEN }, client: backend.client });
    expect(await team.refreshTeamSettings()).toEqual({ ok: false });
    expect(await store.teamSettings()).toBeNull();
  });
});
