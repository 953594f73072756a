import '../../lib/zod-jitless';
import { defineBackground } from '#imports';
import { browser } from '../../lib/browser';
import { LocalStore } from '../../lib/data/local';
import { createSettingsStore } from '../../lib/data/settings-store';
import { nativePanelApi } from '../../lib/browser';
import type { BadgeApi } from './badge';
import { composeBackground } from './compose';
import { menuApiFrom } from './context-menu';
import { restrictLocalStorageToExtension } from './storage-access';

export default defineBackground(() => {
  const bg = composeBackground(browser, {
    restrictStorage: () => restrictLocalStorageToExtension(),
    local: new LocalStore(),
    settings: createSettingsStore(),
    native: nativePanelApi(),
    menuApi: menuApiFrom(browser),
    badgeApi: browser as unknown as BadgeApi,
  });
  // Native context menus cannot be clicked by browser automation. Builds for
  // the real-browser tests only (WXT_TEST_HOOKS) expose the very handler a
  // menu click runs; production bundles do not contain this line.
  if (import.meta.env.WXT_TEST_HOOKS === 'true') {
    (globalThis as { seamlineMenuClick?: typeof bg.menus.onClicked }).seamlineMenuClick = bg.menus.onClicked;
    // Likewise the alarm's run and a notification's click, which no automation can trigger.
    (globalThis as { seamlineReminders?: Pick<typeof bg.reminders, 'run' | 'open'> }).seamlineReminders = {
      run: bg.reminders.run,
      open: bg.reminders.open,
    };
  }
});
