import { defineBackground } from '#imports';
import { registerBadge, type BadgeApi } from '../lib/background/badge';
import { menuApiFrom, registerContextMenus } from '../lib/background/context-menu';
import { startBackground } from '../lib/background/main';
import { createGatedPort, installSettings } from '../lib/background/settings';
import { LocalStore } from '../lib/data/local';
import { registerPopupHandlers } from '../lib/background/popup-handlers';
import { browser } from '../lib/platform/browser';
import { nativePanelApi } from '../lib/platform/native-panel';
import { restrictLocalStorageToExtension } from '../lib/platform/storage-access';
import { createSettingsStore } from '../lib/platform/settings-store';

export default defineBackground(() => {
  void restrictLocalStorageToExtension();
  // Settings own the data source: calls wait at the gate until the stored
  // choice (local, or the team backend and its token) has been restored.
  const local = new LocalStore();
  const gate = createGatedPort();
  const settingsStore = createSettingsStore();
  const loadSettings = () => settingsStore.load().then((s) => s.settings);
  const bg = startBackground(browser, { port: gate.port, native: nativePanelApi(), loadSettings });
  installSettings({ api: browser, service: bg.service, pageHandlers: bg.pageHandlers, local, gate });

  // Capture menus, toolbar badge and popup requests.
  const menus = registerContextMenus(bg, menuApiFrom(browser), { loadSettings });
  registerBadge(bg, browser as unknown as BadgeApi, { loadSettings });
  registerPopupHandlers(bg, browser);
  // Native context menus cannot be clicked by browser automation; the
  // real-browser tests call the very handler the menu click runs, from the
  // service worker, which already holds every privilege this grants.
  (globalThis as { seamlineMenuClick?: typeof menus.onClicked }).seamlineMenuClick = menus.onClicked;
});
