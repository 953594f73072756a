import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRM_MATCH_PATTERNS } from '../lib/core/sites/matches';

// The production builds (npm run build, npm run zip:firefox), as published.
const CHROME = resolve('.output/chrome-mv3/manifest.json');
const FIREFOX = resolve('.output/firefox-mv2/manifest.json');

interface Manifest {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: Array<{ matches: string[] }>;
  web_accessible_resources?: Array<{ resources: string[]; matches?: string[]; use_dynamic_url?: boolean }> | string[];
}

const read = (path: string): Manifest => {
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build && npm run zip:firefox first`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
};

const OPTIONAL_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

const isHost = (permission: string) => permission.includes('://');
const apiPermissions = (m: Manifest) => (m.permissions ?? []).filter((p) => !isHost(p));

/**
 * What each browser shows at install for an API permission (Chrome's
 * permission messages; Firefox's are alike for these). `null`: none. A
 * permission missing here fails the test until someone looks up its warning.
 */
const INSTALL_WARNING: Record<string, string | null> = {
  storage: null,
  contextMenus: null,
  scripting: null,
  sidePanel: null,
  notifications: 'Display notifications',
  webNavigation: 'Read your browsing history',
  tabs: 'Read your browsing history',
  history: 'Read and change your browsing history',
  bookmarks: 'Read and change your bookmarks',
  clipboardRead: 'Read data you copy and paste',
  downloads: 'Manage your downloads',
  management: 'Manage your apps, extensions, and themes',
  cookies: null,
  activeTab: null,
  alarms: null,
};

/** The README's "Permissions" table: first column → the row's "what the user sees" cell. */
function readmePermissions(): Map<string, string> {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  const section = readme.split(/^## Permissions$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('README.md has no "## Permissions" section');
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) => l.split('|').map((c) => c.trim()));
  const table = new Map<string, string>();
  for (const [, what, , sees] of rows) {
    const names = [...(what ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const name of names) table.set(name, sees ?? '');
  }
  return table;
}

describe('permissions asked at install', () => {
  const chrome = read(CHROME);
  const firefox = read(FIREFOX);
  const table = readmePermissions();

  it('are exactly the ones the product needs, in both browsers', () => {
    expect(chrome.permissions).toEqual(['storage', 'contextMenus', 'notifications', 'alarms', 'scripting', 'sidePanel']);
    expect(apiPermissions(firefox)).toEqual(['storage', 'contextMenus', 'notifications', 'alarms', 'scripting']);
    // Host access at install is the CRM domains only (reading a record's fields
    // runs a script in the tab, which needs it); any other host is asked for
    // one at a time. Firefox's manifest lists hosts among its permissions.
    expect([...(chrome.host_permissions ?? [])].sort()).toEqual([...CRM_MATCH_PATTERNS].sort());
    expect(firefox.permissions!.filter(isHost).sort()).toEqual([...CRM_MATCH_PATTERNS].sort());
    expect(chrome.optional_host_permissions).toEqual(OPTIONAL_ORIGINS);
    expect(firefox.optional_permissions).toEqual(OPTIONAL_ORIGINS);
    for (const m of [chrome, firefox]) {
      expect([...new Set(m.content_scripts?.flatMap((c) => c.matches))].sort()).toEqual([...CRM_MATCH_PATTERNS].sort());
    }
  });

  it('carry no install warning the README does not justify, and the README states each warning as shown', () => {
    for (const permission of new Set([...apiPermissions(chrome), ...apiPermissions(firefox)])) {
      expect(Object.keys(INSTALL_WARNING), `install warning of ${permission} unknown: look it up and add it here`).toContain(permission);
      expect([...table.keys()], `README "Permissions" has no row for ${permission}`).toContain(permission);
      const warning = INSTALL_WARNING[permission];
      if (warning) expect(table.get(permission), `README row for ${permission}`).toContain(`"${warning}`);
      else expect(table.get(permission), `README row for ${permission}`).toBe('nothing');
    }
    // Content scripts and host permissions on the CRM domains are host access, which Chrome announces.
    expect(table.get('matches'), 'README row for the CRM host access').toContain('"Read and change your data on');
    expect(table.get('host_permissions'), 'README row for the CRM host access').toBe(table.get('matches'));
    for (const origin of OPTIONAL_ORIGINS) expect(table.has(origin), `README row for optional ${origin}`).toBe(true);
  });

  it('make the panel page web-accessible to the CRM domains only, and elsewhere only at the per-session address', () => {
    const war = chrome.web_accessible_resources as Array<{ resources: string[]; matches?: string[]; use_dynamic_url?: boolean }>;
    const panel = war.filter((w) => w.resources.includes('sidepanel.html'));
    const open = panel.filter((w) => !w.use_dynamic_url);
    expect(open.flatMap((w) => w.matches ?? []).sort()).toEqual([...CRM_MATCH_PATTERNS].sort());
  });
});
