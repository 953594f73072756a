import '../../lib/zod-jitless';
import { defineBackground } from '#imports';
import { registerBadge, type BadgeApi } from './badge';
import { menuApiFrom, registerContextMenus } from './context-menu';
import { startBackground } from './start';
import { createGatedPort, installSettings } from './settings';
import { LocalStore } from '../../lib/data/local';
import { registerPopupHandlers } from './popup-handlers';
import { browser } from '../../lib/browser';
import { nativePanelApi } from '../../lib/native-panel';
import { restrictLocalStorageToExtension } from './storage-access';
import { createSettingsStore } from '../../lib/data/settings-store';

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
