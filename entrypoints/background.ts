import { defineBackground } from '#imports';
import { startBackground } from '../lib/background/main';
import { createGatedPort, installSettings } from '../lib/background/settings';
import { LocalStore } from '../lib/data/local';
import { browser } from '../lib/platform/browser';
import { nativePanelApi } from '../lib/platform/native-panel';

export default defineBackground(() => {
  // Settings own the data source: calls wait at the gate until the stored
  // choice (local, or the team backend and its token) has been restored.
  const local = new LocalStore();
  const gate = createGatedPort();
  const bg = startBackground(browser, { port: gate.port, native: nativePanelApi() });
  installSettings({ api: browser, service: bg.service, pageHandlers: bg.pageHandlers, local, gate });
});
