import { defineUnlistedScript } from '#imports';
import { panelUi, PANEL_UI_GLOBAL } from './content/panel-ui';

// The injected panel's heavier half, which the content script imports from
// the extension the first time a page needs it (the panel opened, a notice
// shown): CRM pages where nobody does never load it. Modules a content
// script imports run in its isolated world, so this leaves the UI where that
// script finds it.
// Firefox's content script carries the UI itself (entrypoints/content/index.ts).
export default defineUnlistedScript({
  exclude: ['firefox'],
  main() {
    (globalThis as Record<string, unknown>)[PANEL_UI_GLOBAL] = panelUi;
  },
});
