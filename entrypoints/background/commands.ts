import type { Browser } from 'webextension-polyfill';
import { SETTINGS_STORAGE_KEY } from '../../lib/core/capture/settings';
import type { PanelMode, Settings } from '../../lib/core/domain/settings';
import { CHANNEL } from '../../lib/core/messages/protocol';
import { sendToTab } from './router';

type Api = Pick<Browser, 'commands' | 'storage' | 'tabs' | 'runtime'>;

export interface NativePanelApi {
  /** Chrome's side panel; must be called while handling the user's gesture. */
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  /** Firefox's sidebar; open() too must be called while handling the user's gesture. */
  sidebarAction?: { toggle(): Promise<void>; open(): Promise<void> };
}

/** Opens the panel the way the person chose: injected on the page, or the browser's own side panel. */
export async function openPanel(api: Api, native: NativePanelApi, tab: { id?: number; windowId?: number }, mode: PanelMode, toggle: boolean) {
  if (tab.id === undefined) return;
  if (mode === 'native') {
    if (native.sidePanel) await native.sidePanel.open({ tabId: tab.id });
    else if (native.sidebarAction) await native.sidebarAction.toggle();
    return;
  }
  await sendToTab(api, tab.id, { channel: CHANNEL, type: toggle ? 'toggle-panel' : 'open-panel' });
}

/** The keyboard shortcut (manifest `commands`, Alt+Shift+S by default). */
export function registerCommands(api: Api, native: NativePanelApi, loadSettings: () => Promise<Settings>): { ready: Promise<void> } {
  // The mode is cached because sidePanel.open must run inside the gesture,
  // before any await. Settings come through the settings store, so a stored
  // value that fails to parse gives the last good choice, as everywhere else.
  let mode: PanelMode = 'injected';
  const refresh = () =>
    loadSettings().then(
      (s) => {
        mode = s.panelMode;
      },
      () => undefined,
    );
  const ready = refresh();
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_STORAGE_KEY in changes) void refresh();
  });
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-panel' || !tab) return;
    void openPanel(api, native, tab, mode, true);
  });
  return { ready };
}
