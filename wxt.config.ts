import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import tailwindcss from '@tailwindcss/vite';
import { CRM_MATCH_PATTERNS } from './lib/core/sites/matches';

const OPTIONAL_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

// The open panel's code the Chrome content script imports on first use (entrypoints/panel-ui.ts); Firefox's carries it.
const panelUiFor = (browser: string) => (browser === 'firefox' ? [] : ['panel-ui.js']);

// public/icon/<size>.png, rendered from assets/icon.svg by `npm run icons`.
const ICONS = Object.fromEntries([16, 32, 48, 96, 128].map((size) => [size, `icon/${size}.png`]));
const TOOLBAR_ICONS = { 16: ICONS[16], 32: ICONS[32], 48: ICONS[48] };

/**
 * zod probes whether it may compile parsers with `new Function('')` unless
 * jitless is set. Seamline sets jitless before any schema exists
 * (lib/zod-jitless.ts), so the probe never runs, but Mozilla's validator
 * reads the code rather than what runs and reports it as eval. This removes
 * the probe's text from the bundle; the build fails if zod changes it.
 */
function withoutZodEvalProbe(): Plugin {
  const probe = /const F = Function;\s*new F\(""\);\s*return true;/;
  return {
    name: 'seamline:without-zod-eval-probe',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return null;
      if (!probe.test(code)) this.error(`zod's eval probe in ${id} has changed: update withoutZodEvalProbe in wxt.config.ts`);
      return { code: code.replace(probe, 'return false;'), map: null };
    },
  };
}

// The test build's public key, so its extension id is fixed
// (hlhckefjmpichjidnameglkdjllhliga): the managed-policy test names the
// extension in a browser policy file written before launch. Store builds get
// their id from the store.
const E2E_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxjqZOsVfqdAzTSYD5SPhFm9xMmBzjpCvxs6HxEOz5m433jk9ggAQ/ttqwgGR87JZ1MbbPTFm9BoF0XPfWDJGlQRgxQRwJRB1xsOn07F80WIqMUdhVosmPgGEjCx9vBSvQFJwoLGIbdA+dzDm+OlQzw8VapYeMi6XwVnoOlZu8Qyd8f5Tw4UHFYd7hmfB6gfDsBISRSWkMr0egQR9XOCaGKUWp+pTgsfL2bYuD+L0mNzCrONHCSIsRlAR7FLQkOL01XFRteYMucIzTFG/dlAlTjRTcFtF2oaRnoKA3IhWYoVD4tLP9Xj6up0zmbgkmr6dzGf4f0sttpBg3CZQnJ1HOwIDAQAB';

/**
 * Every CRM page loads the content script, and its budget (npm run bench) is
 * 6 KB gzip: WXT's content-script context (timers, a location watcher, a
 * logger) is replaced by the one the script uses (entrypoints/content/context.ts).
 */
function lightContentScriptContext(): Plugin {
  return {
    name: 'seamline:light-content-script-context',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id !== 'wxt/utils/content-script-context' || !importer?.includes('content-script-isolated-world-entrypoint')) return null;
      return resolve(import.meta.dirname, 'entrypoints/content/context.ts');
    },
  };
}

/**
 * The dashboard's entry sends its first request, then imports the page
 * (entrypoints/dashboard/main.tsx). Vite would start fetching the page's
 * chunks only when that import runs; listed in the HTML as modulepreloads,
 * they load and compile while the entry runs and the background answers.
 * Only for pages named here, whose first paint needs what they import at once.
 */
function preloadFirstImports(pages: readonly string[]): Plugin {
  return {
    name: 'seamline:preload-first-imports',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = ctx.chunk;
        if (!entry || !ctx.bundle || !pages.some((page) => ctx.path.endsWith(`/${page}/index.html`))) return html;
        const files = new Set<string>();
        const add = (file: string) => {
          const chunk = ctx.bundle![file];
          if (files.has(file) || chunk?.type !== 'chunk') return;
          files.add(file);
          chunk.imports.forEach(add);
        };
        entry.dynamicImports.forEach(add);
        entry.imports.forEach((file) => files.delete(file));
        return [...files]
          .filter((file) => !html.includes(`/${file}"`))
          .map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

// Match patterns come from the site registry so the manifest, the content
// script and the frame's web_accessible_resources can never disagree.
export default defineConfig({
  imports: false,
  // Builds for the real-browser tests (WXT_TEST_HOOKS=true) carry the hooks
  // those tests need and go to their own folder, so a production build never does.
  outDir: process.env.WXT_TEST_HOOKS === 'true' ? '.output-e2e' : '.output',
  modules: ['@wxt-dev/module-react'],
  vite: () => ({
    plugins: [tailwindcss(), withoutZodEvalProbe(), lightContentScriptContext(), preloadFirstImports(['dashboard'])],
    // V8 keeps a script's source as a two-byte string when any character of it
    // is beyond Latin-1 (an em dash in a label is enough), which doubles what
    // every panel frame and the worker hold for the code's text.
    build: { rolldownOptions: { output: { charset: 'ascii' } } },
  }),
  manifest: ({ browser }) => ({
    name: 'Seamline',
    description: 'Handoff context — health, commitments, checklist, ICP risk — on the CRM page you are on.',
    icons: ICONS,
    // Each permission, why, and what it shows at install: README "Permissions"
    // (e2e/permissions.e2e.ts holds the built manifests to that table).
    permissions: ['storage', 'contextMenus', 'notifications', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Backend origins and custom CRM domains are asked for one by one when
    // configured; nothing is granted up front beyond the CRM match patterns.
    optional_host_permissions: OPTIONAL_ORIGINS,
    // The CRM hosts the content script runs on, so the panel can have the record's fields read there on request (scripting.executeScript).
    host_permissions: CRM_MATCH_PATTERNS,
    ...(browser === 'firefox'
      ? {
          // Firefox reads the same policy names from its enterprise policies
          // (policies.json, 3rdparty.Extensions) without a schema.
          optional_permissions: OPTIONAL_ORIGINS,
          // Nothing is sent to Seamline's makers: data stays local or goes to
          // the team's own backend that the person configures.
          // data_collection_permissions is read from Firefox 140 (the
          // current ESR) and Firefox for Android 142; older versions would
          // install without showing what the add-on collects.
          browser_specific_settings: {
            gecko: { id: 'seamline@seamline.app', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          // sidePanel.open, which opens the panel from the popup and shortcut.
          minimum_chrome_version: '116',
          // The organisation's policy (README "Roll out to a team"); Chrome validates it against this schema.
          storage: { managed_schema: 'managed-schema.json' },
          ...(process.env.WXT_TEST_HOOKS === 'true' ? { key: E2E_KEY } : {}),
        }),
    web_accessible_resources: [
      // panel-ui.js (Chrome): the open panel's and the notices' code, which the content script imports when first needed.
      { resources: ['sidepanel.html', ...panelUiFor(browser)], matches: CRM_MATCH_PATTERNS },
      // Custom CRM domains and in-house tools are added at run time (options
      // page, behind their own host permission), and these matches are fixed
      // at install: there the frame is loaded through the address Chrome
      // mints for each browser session (runtime.getURL gives it to the
      // content script), which no other site can know. Firefox's add-on
      // address is already random per install. Wherever it is framed, the
      // panel first asks the background whether the page around it is the
      // CRM page that framed it, and otherwise shows only "Not a CRM page".
      { resources: ['sidepanel.html', ...panelUiFor(browser)], matches: ['https://*/*'], use_dynamic_url: true },
    ],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Show or hide the Seamline panel',
      },
    },
  }),
  hooks: {
    // The toolbar button's icon, and the sidebar's (Firefox shows it in its
    // sidebar switcher); these keys exist only once the pages are known.
    'build:manifestGenerated': (_wxt, manifest) => {
      const m = manifest as Partial<Record<'action' | 'browser_action' | 'sidebar_action', { default_icon?: unknown; open_at_install?: boolean }>>;
      for (const key of ['action', 'browser_action', 'sidebar_action'] as const) {
        const entry = m[key];
        if (entry) entry.default_icon = TOOLBAR_ICONS;
      }
      // Firefox would open the sidebar on install by default; the panel
      // starts inside the CRM page, and the sidebar is an option people choose.
      if (m.sidebar_action) m.sidebar_action.open_at_install = false;
    },
  },
});
