import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { CRM_MATCH_PATTERNS } from './lib/core/sites/matches';

const OPTIONAL_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

// Match patterns come from the site registry so the manifest, the content
// script and the frame's web_accessible_resources can never disagree.
export default defineConfig({
  imports: false,
  // Builds for the real-browser tests (WXT_TEST_HOOKS=true) carry the hooks
  // those tests need and go to their own folder, so a production build never does.
  outDir: process.env.WXT_TEST_HOOKS === 'true' ? '.output-e2e' : '.output',
  modules: ['@wxt-dev/module-react'],
  vite: () => ({ plugins: [tailwindcss()] }),
  manifest: ({ browser }) => ({
    name: 'Seamline',
    description: 'Handoff context — health, commitments, checklist, ICP risk — on the CRM page you are on.',
    permissions: ['storage', 'contextMenus', 'notifications', 'webNavigation', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Backend origins and custom CRM domains are asked for one by one when
    // configured; nothing is granted up front beyond the CRM match patterns.
    optional_host_permissions: OPTIONAL_ORIGINS,
    ...(browser === 'firefox'
      ? {
          optional_permissions: OPTIONAL_ORIGINS,
          // Nothing is sent to Seamline's makers: data stays local or goes to
          // the team's own backend that the person configures.
          browser_specific_settings: {
            gecko: { id: 'seamline@seamline.app', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
    web_accessible_resources: [
      { resources: ['sidepanel.html'], matches: CRM_MATCH_PATTERNS },
      // Custom CRM domains and in-house tools are added at run time (options
      // page, behind their own host permission), and these matches are fixed
      // at install. Embedded anywhere else the frame is answered only for its
      // own tab, where no record was detected, so it shows no account data.
      { resources: ['sidepanel.html'], matches: ['https://*/*'] },
    ],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Show or hide the Seamline panel',
      },
    },
  }),
});
