import { defineBackground } from '#imports';
import { startBackground } from '../lib/background/main';
import { browser } from '../lib/platform/browser';
import { nativePanelApi } from '../lib/platform/native-panel';

export default defineBackground(() => {
  startBackground(browser, { native: nativePanelApi() });
});
