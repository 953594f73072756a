import type { Browser } from 'webextension-polyfill';
import { PanelModeSchema, type PanelMode } from '../domain/settings';
import { CHANNEL } from '../messaging/protocol';
import { sendToTab } from './router';

type Api = Pick<Browser, 'commands' | 'storage' | 'tabs' | 'runtime'>;

export interface NativePanelApi {
  /** Chrome's side panel; must be called while handling the user's gesture. */
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  /** Firefox's sidebar. */
  sidebarAction?: { toggle(): Promise<void> };
}

export async function readPanelMode(storage: Api['storage']): Promise<PanelMode> {
  const raw = (await storage.local.get('settings')).settings as { panelMode?: unknown } | undefined;
  const parsed = PanelModeSchema.safeParse(raw?.panelMode);
  return parsed.success ? parsed.data : 'injected';
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
export function registerCommands(api: Api, native: NativePanelApi): { ready: Promise<void> } {
  // The mode is cached because sidePanel.open must run inside the gesture,
  // before any await.
  let mode: PanelMode = 'injected';
  const ready = readPanelMode(api.storage).then((m) => {
    mode = m;
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'settings' in changes) void readPanelMode(api.storage).then((m) => (mode = m));
  });
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-panel' || !tab) return;
    void openPanel(api, native, tab, mode, true);
  });
  return { ready };
}
