import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { DEFAULT_SETTINGS } from '../core/domain/defaults';
import { SETTINGS_VERSION, migrateSettings, parseStoredSettings } from '../core/settings/migrations';
import { createSettingsStore } from './settings-store';

const FIXTURES = join(__dirname, '..', 'core', 'settings', 'fixtures');
const read = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

// Writes a value as an older build would have left it: the raw object and the
// version WXT keeps in the "$" meta key (v1 builds wrote no meta at all).
async function storeRaw(value: unknown, version: number | null) {
  await fakeBrowser.storage.local.set({ settings: value, ...(version === null ? {} : { settings$: { v: version } }) });
}

beforeEach(() => fakeBrowser.reset());

describe('settings migrations: fixture → golden per stored version', () => {
  for (let v = 1; v <= SETTINGS_VERSION; v++) {
    it(`v${v} fixture migrates to its golden value (pure steps)`, () => {
      const migrated = parseStoredSettings(migrateSettings(read(`settings.v${v}.json`), v));
      expect(migrated).toEqual({ ok: true, settings: read(`settings.v${v}.golden.json`) });
    });

    it(`v${v} fixture migrates to its golden value through extension storage`, async () => {
      await storeRaw(read(`settings.v${v}.json`), v === 1 ? null : v);
      const state = await createSettingsStore(storage).load();
      expect(state).toEqual({ settings: read(`settings.v${v}.golden.json`), error: null, stored: true });
      // The upgraded value and its version are written back, so the next start does not migrate again.
      const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
      expect(stored.settings$).toEqual({ v: SETTINGS_VERSION });
      expect(parseStoredSettings(stored.settings)).toEqual({ ok: true, settings: read(`settings.v${v}.golden.json`) });
    });
  }

  it('a v1 URL that was saved but not switched on does not become the data source', () => {
    const v1 = { ...(read('settings.v1.json') as object), useBackend: false };
    const out = parseStoredSettings(migrateSettings(v1, 1));
    expect(out.ok && out.settings.dataSource).toEqual({ kind: 'local' });
  });

  it('a v1 backend on plain http to a remote host is reported after migrating, not replaced', async () => {
    await storeRaw({ ...(read('settings.v1.json') as object), backendUrl: 'http://seamline.acme-corp.example' }, null);
    const state = await createSettingsStore(storage).load();
    expect(state.error?.problems).toEqual([{ path: 'dataSource.url', message: expect.stringContaining('https://') }]);
    expect(state.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a version newer than this build', () => {
    expect(() => migrateSettings({}, SETTINGS_VERSION + 1)).toThrow(/newer/);
  });
});

describe('settings store', () => {
  it('starts from the defaults without an error when nothing is stored', async () => {
    expect(await createSettingsStore(storage).load()).toEqual({ settings: DEFAULT_SETTINGS, error: null, stored: false });
  });

  it('saves a valid value and reads it back', async () => {
    const store = createSettingsStore(storage);
    const next = { ...DEFAULT_SETTINGS, userName: 'Priya Raman', dueSoonDays: 7 };
    expect(await store.save(next)).toEqual({ ok: true, value: next });
    expect((await store.load()).settings).toEqual(next);
  });

  it('writes nothing when any field is invalid, and says which field', async () => {
    const store = createSettingsStore(storage);
    await store.save({ ...DEFAULT_SETTINGS, userName: 'Kept' });
    const bad = { ...DEFAULT_SETTINGS, userName: 'Changed', dataSource: { kind: 'backend', url: 'ftp://x.example' } };
    const result = await store.save(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(['dataSource.url']);
    expect((await store.load()).settings.userName).toBe('Kept');
  });

  it('keeps the last good settings in force and reports a stored value that does not parse', async () => {
    const store = createSettingsStore(storage);
    const good = { ...DEFAULT_SETTINGS, userName: 'Last Good' };
    await store.save(good);
    const broken = { ...good, dueSoonDays: 'soon' };
    await fakeBrowser.storage.local.set({ settings: broken });

    const state = await store.load();
    expect(state.settings).toEqual(good);
    expect(state.error?.problems).toEqual([{ path: 'dueSoonDays', message: expect.any(String) }]);
    // The unreadable value is left for the person to see and fix; it is not overwritten.
    expect((await fakeBrowser.storage.local.get('settings')).settings).toEqual(broken);
  });

  it('tells watchers the re-read state when another context saves', async () => {
    const store = createSettingsStore(storage);
    const seen: string[] = [];
    const stop = store.watch((s) => seen.push(s.settings.userName));
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, userName: 'Elsewhere' });
    await vi.waitFor(() => expect(seen).toContain('Elsewhere'));
    stop();
  });
});

/** A managed storage the test sets, as the browser's would be by an administrator. */
function fakeManaged(initial: unknown = {}) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    source: {
      read: async () => value,
      watch(onChange: () => void) {
        listeners.add(onChange);
        return () => listeners.delete(onChange);
      },
    },
    set(next: unknown) {
      value = next;
      for (const l of listeners) l();
    },
  };
}

const WEIGHTS = { ...DEFAULT_SETTINGS.healthWeights, adoption: 60 };
const BACKEND = 'https://seamline.acme.example';
const TEAM = {
  icpProfile: { ...DEFAULT_SETTINGS.icpProfile, name: 'Team ICP' },
  handoffTemplate: { ...DEFAULT_SETTINGS.handoffTemplate, name: 'Team handoff' },
  healthWeights: { ...DEFAULT_SETTINGS.healthWeights, support: 40 },
};

describe('settings store: managed policy', () => {
  it('gives every reader the policy value, locked, with the person’s own value kept underneath', async () => {
    const managed = fakeManaged({ healthWeights: WEIGHTS, approvers: ['Lee'] });
    const store = createSettingsStore(storage, managed.source);
    await store.save({ ...DEFAULT_SETTINGS, userName: 'Dana' });

    const state = await store.load();
    expect(state.settings.healthWeights).toEqual(WEIGHTS);
    expect(state.settings.approvers).toEqual(['Lee']);
    expect(state.managed?.locked).toEqual([
      { path: 'healthWeights', by: 'organisation' },
      { path: 'approvers', by: 'organisation' },
    ]);
    // Another reader (the panel, the popup) of the same storage sees the same.
    expect((await createSettingsStore(storage, managed.source).load()).settings.healthWeights).toEqual(WEIGHTS);
    // The person's own value is stored, not the policy's.
    expect((await fakeBrowser.storage.local.get('settings')).settings).toMatchObject({ healthWeights: DEFAULT_SETTINGS.healthWeights });
  });

  it('saving a form that carries a locked value stores the person’s own; removing the policy brings it back', async () => {
    const managed = fakeManaged({ healthWeights: WEIGHTS });
    const store = createSettingsStore(storage, managed.source);
    const shown = (await store.load()).settings;
    expect((await store.save({ ...shown, userName: 'Dana' })).ok).toBe(true);
    expect((await store.load()).settings).toMatchObject({ userName: 'Dana', healthWeights: WEIGHTS });
    managed.set({});
    const after = await store.load();
    expect(after.settings.healthWeights).toEqual(DEFAULT_SETTINGS.healthWeights);
    expect(after.managed).toBeUndefined();
  });

  it('reports a bad policy value with its path and leaves the person’s value in force', async () => {
    const managed = fakeManaged({ healthWeights: { ...WEIGHTS, adoption: 'lots' }, backendUrl: BACKEND });
    const state = await createSettingsStore(storage, managed.source).load();
    expect(state.settings.healthWeights).toEqual(DEFAULT_SETTINGS.healthWeights);
    expect(state.managed?.problems).toEqual([{ path: 'healthWeights.adoption', message: expect.stringContaining('ignored') }]);
    expect(state.managed?.backendUrl).toBe(BACKEND);
    expect(state.managed?.locked).toEqual([{ path: 'dataSource.url', by: 'organisation' }]);
  });

  it('a policy that cannot be read is no policy', async () => {
    const store = createSettingsStore(storage, { read: () => Promise.reject(new Error('no managed storage')), watch: () => () => undefined });
    expect(await store.load()).toEqual({ settings: DEFAULT_SETTINGS, error: null, stored: false });
  });

  it('tells watchers when the policy changes', async () => {
    const managed = fakeManaged({});
    const store = createSettingsStore(storage, managed.source);
    const seen: number[] = [];
    const stop = store.watch((s) => seen.push(s.settings.healthWeights.adoption));
    managed.set({ healthWeights: WEIGHTS });
    await vi.waitFor(() => expect(seen).toContain(60));
    stop();
  });
});

describe('settings store: team settings', () => {
  const inTeam = { ...DEFAULT_SETTINGS, dataSource: { kind: 'backend' as const, url: BACKEND } };
  const received = (role: 'admin' | 'member', url = BACKEND) => ({
    url,
    workspace: 'acme',
    role,
    settings: TEAM,
    updatedAt: '2026-03-01T09:00:00.000Z',
    updatedBy: 'Priya',
  });

  it('a member in team mode works with the published values, locked for the workspace', async () => {
    const store = createSettingsStore(storage, fakeManaged().source);
    await store.save(inTeam);
    await store.setTeamSettings(received('member'));
    const state = await store.load();
    expect(state.settings.icpProfile.name).toBe('Team ICP');
    expect(state.settings.healthWeights).toEqual(TEAM.healthWeights);
    expect(state.managed?.locked.map((l) => `${l.path}:${l.by}`)).toEqual([
      'icpProfile:workspace',
      'handoffTemplate:workspace',
      'healthWeights:workspace',
    ]);
    expect(state.managed?.team).toEqual({ updatedAt: '2026-03-01T09:00:00.000Z', updatedBy: 'Priya' });
  });

  it('does not apply on local data, for another backend, or to an admin (whose own values are what they publish)', async () => {
    const store = createSettingsStore(storage, fakeManaged().source);
    await store.setTeamSettings(received('member'));
    expect((await store.load()).settings.icpProfile.name).toBe(DEFAULT_SETTINGS.icpProfile.name);
    await store.save(inTeam);
    await store.setTeamSettings(received('member', 'https://other.example'));
    expect((await store.load()).settings.icpProfile.name).toBe(DEFAULT_SETTINGS.icpProfile.name);
    await store.setTeamSettings(received('admin'));
    expect((await store.load()).managed).toBeUndefined();
  });

  it('the organisation’s policy wins over the team settings', async () => {
    const store = createSettingsStore(storage, fakeManaged({ healthWeights: WEIGHTS }).source);
    await store.save(inTeam);
    await store.setTeamSettings(received('member'));
    const state = await store.load();
    expect(state.settings.healthWeights).toEqual(WEIGHTS);
    expect(state.settings.icpProfile.name).toBe('Team ICP');
    expect(state.managed?.locked).toContainEqual({ path: 'healthWeights', by: 'organisation' });
    expect(state.managed?.locked).not.toContainEqual({ path: 'healthWeights', by: 'workspace' });
  });
});
