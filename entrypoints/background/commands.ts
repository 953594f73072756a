import type { Browser } from 'webextension-polyfill';
import type { PanelMode } from '../../lib/core/domain/settings';
import type { NativePanelApi } from '../../lib/browser';
import type { SettingsStore } from '../../lib/data/settings-store';

export type { NativePanelApi };
import { CHANNEL } from '../../lib/core/messages/channel';
import { sendToTab } from './panel';

type Api = Pick<Browser, 'commands' | 'tabs'>;

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
export function registerCommands(api: Api, native: NativePanelApi, settings: Pick<SettingsStore, 'load' | 'watch'>): { ready: Promise<void> } {
  // The mode is cached because sidePanel.open must run inside the gesture,
  // before any await. Settings come through the settings store, so a stored
  // value that fails to parse gives the last good choice, as everywhere else.
  let mode: PanelMode = 'injected';
  const ready = settings.load().then(
    (s) => {
      mode = s.settings.panelMode;
    },
    () => undefined,
  );
  settings.watch((s) => {
    mode = s.settings.panelMode;
  });
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-panel' || !tab) return;
    void openPanel(api, native, tab, mode, true);
  });
  return { ready };
}
