import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser, Tabs } from 'webextension-polyfill';
import { registerCommands } from './commands';

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
    registerCommands(api, { sidePanel });
    commands.trigger('toggle-panel', tab);
    await vi.waitFor(() => expect(sent).toEqual([{ channel: 'seamline', type: 'toggle-panel' }]));
    expect(sidePanel.open).not.toHaveBeenCalled();
  });

  it('opens the browser’s own side panel when the person chose the native mode', async () => {
    await fakeBrowser.storage.local.set({ settings: { panelMode: 'native' } });
    const sidePanel = { open: vi.fn(async () => undefined) };
    await registerCommands(api, { sidePanel }).ready;
    commands.trigger('toggle-panel', tab);
    await vi.waitFor(() => expect(sidePanel.open).toHaveBeenCalledWith({ tabId: 12 }));
    expect(sent).toEqual([]);
  });

  it('ignores other commands', async () => {
    registerCommands(api, {});
    commands.trigger('something-else', tab);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
  });
});
