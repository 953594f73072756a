import { defineConfig } from 'wxt';
import tailwindcss from '@tailwindcss/vite';
import { CRM_MATCH_PATTERNS } from './lib/sites/matches';

// Match patterns come from the site registry so the manifest, the content
// script and the frame's web_accessible_resources can never disagree.
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/module-react'],
  vite: () => ({ plugins: [tailwindcss()] }),
  manifest: ({ browser }) => ({
    name: 'Seamline',
    description: 'Handoff context — health, commitments, checklist, ICP risk — on the CRM page you are on.',
    permissions: ['storage', 'contextMenus', 'notifications', 'webNavigation', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    web_accessible_resources: [
      { resources: ['sidepanel.html'], matches: CRM_MATCH_PATTERNS },
    ],
    commands: {
      'toggle-panel': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Show or hide the Seamline panel',
      },
    },
  }),
});
