import { defineBackground } from '#imports';
import { startBackground } from '../lib/background/main';
import { browser } from '../lib/platform/browser';

export default defineBackground(() => {
  startBackground(browser);
});
