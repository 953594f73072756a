import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { SettingsState, SettingsStore } from '../../lib/data/settings-store';
import '../../test/render';
import { preloadSettings, StoredSettingsProvider, useSettings, useSettingsError } from './settings';

function Probe() {
  const s = useSettings();
  const error = useSettingsError();
  return (
    <p>
      user={s.userName} dueSoon={s.dueSoonDays} error={error ?? 'none'}
    </p>
  );
}

function fakeStore(first: SettingsState) {
  let listener: ((s: SettingsState) => void) | null = null;
  const store: Pick<SettingsStore, 'load' | 'watch'> = {
    load: async () => first,
    watch: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  return { store, emit: (s: SettingsState) => listener?.(s) };
}

describe('StoredSettingsProvider', () => {
  it('waits for the stored settings, then follows changes made elsewhere', async () => {
    const { store, emit } = fakeStore({ settings: { ...DEFAULT_SETTINGS, userName: 'Dana' }, error: null });
    render(
      <StoredSettingsProvider store={store}>
        <Probe />
      </StoredSettingsProvider>,
    );
    expect(screen.queryByText(/user=/)).toBeNull();
    expect((await screen.findByText(/user=/)).textContent).toBe('user=Dana dueSoon=14 error=none');
    act(() => emit({ settings: { ...DEFAULT_SETTINGS, userName: 'Dana', dueSoonDays: 30 }, error: null }));
    expect(screen.getByText(/user=/).textContent).toBe('user=Dana dueSoon=30 error=none');
  });

  it('passes on why the saved settings are not in force', async () => {
    const { store } = fakeStore({ settings: DEFAULT_SETTINGS, error: { message: 'Saved settings could not be read.', problems: [] } });
    render(
      <StoredSettingsProvider store={store}>
        <Probe />
      </StoredSettingsProvider>,
    );
    expect((await screen.findByText(/user=/)).textContent).toContain('error=Saved settings could not be read.');
  });
});

describe('preloaded settings', () => {
  it('are shown from the first render once read, and follow changes made elsewhere', async () => {
    const { store, emit } = fakeStore({ settings: { ...DEFAULT_SETTINGS, userName: 'Dana' }, error: null });
    const preloaded = preloadSettings(store);
    await preloaded.ready;
    render(
      <StoredSettingsProvider preloaded={preloaded}>
        <Probe />
      </StoredSettingsProvider>,
    );
    expect(screen.getByText(/user=/).textContent).toBe('user=Dana dueSoon=14 error=none');
    act(() => emit({ settings: { ...DEFAULT_SETTINGS, userName: 'Dana', dueSoonDays: 30 }, error: null }));
    expect(screen.getByText(/user=/).textContent).toBe('user=Dana dueSoon=30 error=none');
  });

  it('wait for a read still on its way, and an unreadable store puts the defaults in force with the reason', async () => {
    const preloaded = preloadSettings({ load: () => Promise.reject(new Error('storage refused')), watch: () => () => undefined });
    render(
      <StoredSettingsProvider preloaded={preloaded}>
        <Probe />
      </StoredSettingsProvider>,
    );
    expect(screen.queryByText(/user=/)).toBeNull();
    expect((await screen.findByText(/user=/)).textContent).toMatch(/^user=Me dueSoon=14 error=Settings could not be read \(Error: storage refused\)/);
  });
});
