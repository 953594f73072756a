import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser, Tabs } from 'webextension-polyfill';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/core/domain';
import { storage } from '#imports';
import { createSettingsStore } from '../../lib/data/settings-store';
import { registerCommands } from './commands';

// The real settings store on the fake browser's storage, as the service worker has it.
async function settingsWith(panelMode: Settings['panelMode']) {
  const store = createSettingsStore(storage);
  await store.save({ ...DEFAULT_SETTINGS, panelMode });
  return store;
}

// The fake browser has no `commands`; a minimal event stands in for it.
type CommandListener = (command: string, tab?: Tabs.Tab) => void;
const listeners: CommandListener[] = [];
const commands = {
  onCommand: { addListener: (l: CommandListener) => listeners.push(l) },
  trigger: (command: string, t: Tabs.Tab) => listeners.forEach((l) => l(command, t)),
};
const api = { ...fakeBrowser, commands } as unknown as Browser;
const tab = { id: 12, windowId: 1 } as Tabs.Tab;

describe('the toggle-panel shortcut', () => {
  let sent: unknown[];
  beforeEach(() => {
    fakeBrowser.reset();
    listeners.length = 0;
    sent = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (_id: number, m: unknown) => {
      sent.push(m);
      return undefined;
    });
  });

  it('toggles the injected panel on the tab by default', async () => {
    const sidePanel = { open: vi.fn(async () => undefined) };
    registerCommands(api, { sidePanel }, await settingsWith('injected'));
    commands.trigger('toggle-panel', tab);
    await vi.waitFor(() => expect(sent).toEqual([{ channel: 'seamline', type: 'toggle-panel' }]));
    expect(sidePanel.open).not.toHaveBeenCalled();
  });

  it('opens the browser’s own side panel when the person chose the native mode', async () => {
    const sidePanel = { open: vi.fn(async () => undefined) };
    await registerCommands(api, { sidePanel }, await settingsWith('native')).ready;
    commands.trigger('toggle-panel', tab);
    await vi.waitFor(() => expect(sidePanel.open).toHaveBeenCalledWith({ tabId: 12 }));
    expect(sent).toEqual([]);
  });

  it('follows a change of panel mode saved while the worker runs', async () => {
    const sidePanel = { open: vi.fn(async () => undefined) };
    await registerCommands(api, { sidePanel }, await settingsWith('injected')).ready;
    // Saved by the options page: another context's store, the same storage.
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, panelMode: 'native' });
    await vi.waitFor(() => {
      commands.trigger('toggle-panel', tab);
      expect(sidePanel.open).toHaveBeenCalledWith({ tabId: 12 });
    });
  });

  it('ignores other commands', async () => {
    registerCommands(api, {}, await settingsWith('injected'));
    commands.trigger('something-else', tab);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
  });
});
