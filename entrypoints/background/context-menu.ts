import type { Browser } from 'webextension-polyfill';
import { safeParseOf } from '../../lib/core/parse';
import {
  captureAccountId,
  captureConfirmation,
  commitmentDraftFromSelection,
  flagDraftFromSelection,
  RISK_CATEGORY_MENU_LABELS,
} from '../../lib/core/capture';
import { defaultMadeBy } from '../../lib/core/capture/made-by';
import { RiskCategorySchema, type RiskCategory } from '../../lib/core/domain/risk-flag';
import type { Settings } from '../../lib/core/domain/settings';
import { userSiteMatchPatterns } from '../../lib/core/domain/user-site';
import { CHANNEL } from '../../lib/core/messages/channel';
import { CRM_MATCH_PATTERNS } from '../../lib/core/sites/matches';
import type { DataService } from '../../lib/data/service';
import type { SettingsStore } from '../../lib/data/settings-store';
import type { TabRecords } from './tab-records';

export const MENU_ROOT = 'seamline';
export const MENU_FLAG = 'seamline-flag';
export const MENU_FLAG_PREFIX = 'seamline-flag:';
export const MENU_COMMITMENT = 'seamline-commitment';
export const MENU_DASHBOARD = 'seamline-dashboard';
export const DASHBOARD_PATH = '/dashboard.html';

// Shown when the page has no content script to show the confirmation in.
const NOTIFICATION_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAAOklEQVR42u3OMQ0AAAgDsMnixz2qcEE4mlRA0zWvREhISEhISEhISEhISEhISEhISEhISEhISEjozgIuOm2m3GzRKwAAAABJRU5ErkJggg==';

/** What the browser reports for a menu click; a subset of contextMenus.OnClickData. */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  pageUrl?: string;
}

export interface MenuTab {
  id?: number;
  title?: string;
  url?: string;
}

export interface MenuCreateProperties {
  id: string;
  parentId?: string;
  title: string;
  contexts: ['selection'] | ['action'];
  documentUrlPatterns?: string[];
}

/**
 * The browser APIs menus need. The polyfill's `browser` fits; tests pass thin
 * fakes for the parts (menus, notifications) the fake browser lacks.
 */
export interface MenuApi {
  contextMenus: {
    create(props: MenuCreateProperties, callback?: () => void): unknown;
    removeAll(): Promise<void>;
    onClicked: { addListener(listener: (info: MenuClick, tab?: MenuTab) => void): void };
  };
  runtime: {
    lastError?: { message?: string } | null;
    getURL(path: string): string;
    onInstalled: { addListener(listener: () => void): void };
    onStartup: { addListener(listener: () => void): void };
  };
  tabs: { sendMessage(tabId: number, message: unknown): Promise<unknown>; create(props: { url: string }): Promise<unknown> };
  notifications?: { create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string }): Promise<string> };
}

export type MenuResult =
  | { saved: 'flag' | 'commitment'; id: string; accountId: string | null; confirmedBy: 'toast' | 'notification' | 'none' }
  | { saved: null; reason: string }
  | { saved: null; opened: 'dashboard' };

/** The menu tree; on CRM pages only unless the person opted in to every page. */
export function menuItems(settings: Pick<Settings, 'contextMenuOnAllPages' | 'userSites'>): MenuCreateProperties[] {
  // The person's own CRM sites count as CRM pages too.
  const patterns = [...new Set([...CRM_MATCH_PATTERNS, ...settings.userSites.flatMap(userSiteMatchPatterns)])];
  const scope = settings.contextMenuOnAllPages ? {} : { documentUrlPatterns: patterns };
  const item = (id: string, title: string, parentId?: string): MenuCreateProperties => ({
    id,
    title,
    contexts: ['selection'],
    ...(parentId ? { parentId } : {}),
    ...scope,
  });
  return [
    item(MENU_ROOT, 'Seamline'),
    item(MENU_FLAG, 'Flag deal risk', MENU_ROOT),
    ...RiskCategorySchema.options.map((c) => item(`${MENU_FLAG_PREFIX}${c}`, RISK_CATEGORY_MENU_LABELS[c], MENU_FLAG)),
    item(MENU_COMMITMENT, 'Record as commitment', MENU_ROOT),
    // On the toolbar button, wherever the person is.
    { id: MENU_DASHBOARD, title: 'Open the alignment dashboard', contexts: ['action'] },
  ];
}

function categoryOf(menuItemId: string | number): RiskCategory | null {
  const id = String(menuItemId);
  if (!id.startsWith(MENU_FLAG_PREFIX)) return null;
  const parsed = safeParseOf(RiskCategorySchema, id.slice(MENU_FLAG_PREFIX.length));
  return parsed.success ? parsed.data : null;
}

function sameOrigin(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !URL.canParse(a) || !URL.canParse(b)) return false;
  return new URL(a).origin === new URL(b).origin;
}

/**
 * Registers the Seamline context menus. Listeners are added synchronously so
 * a click that wakes the service worker is delivered. Returns the click
 * handler itself, which is what the browser calls.
 */
export function registerContextMenus(
  bg: { service: DataService; tabs: TabRecords },
  api: MenuApi,
  { settings: store }: { settings: Pick<SettingsStore, 'load' | 'watch'> },
) {
  const settings = async (): Promise<Settings> => (await store.load()).settings;

  // Creation is serialised: onInstalled, onStartup and a settings change can
  // arrive together, and interleaved removeAll/create pairs would collide on ids.
  let chain: Promise<void> = Promise.resolve();
  const rebuild = () => {
    chain = chain
      .then(async () => {
        const items = menuItems(await settings());
        await api.contextMenus.removeAll();
        for (const props of items) {
          // The callback reads lastError so a failed create is logged once instead of thrown unchecked.
          api.contextMenus.create(props, () => {
            const error = (api.runtime.lastError as { message?: string } | undefined)?.message;
            if (error) console.warn('Seamline: could not create menu', props.id, error);
          });
        }
      })
      .catch((e) => console.warn('Seamline: could not set up menus', e));
    return chain;
  };

  async function confirm(tabId: number | undefined, text: string): Promise<'toast' | 'notification' | 'none'> {
    if (tabId !== undefined && tabId >= 0) {
      try {
        await api.tabs.sendMessage(tabId, { channel: CHANNEL, type: 'toast', text });
        return 'toast';
      } catch {
        // No content script on this page (e.g. webmail): fall back to a notification.
      }
    }
    if (!api.notifications) return 'none';
    try {
      await api.notifications.create(`seamline-capture-${Date.now()}`, {
        type: 'basic',
        iconUrl: NOTIFICATION_ICON,
        title: 'Seamline',
        message: text,
      });
      return 'notification';
    } catch {
      return 'none';
    }
  }

  async function onClicked(info: MenuClick, tab?: MenuTab): Promise<MenuResult> {
    if (info.menuItemId === MENU_DASHBOARD) {
      await api.tabs.create({ url: api.runtime.getURL(DASHBOARD_PATH) });
      return { saved: null, opened: 'dashboard' };
    }
    const category = categoryOf(info.menuItemId);
    const isCommitment = info.menuItemId === MENU_COMMITMENT;
    if (!category && !isCommitment) return { saved: null, reason: 'not a capture menu item' };
    const { userName, userRole } = await settings();

    // The tab's record counts only while the tab still shows that site: with
    // menus on every page, a tab that left the CRM for webmail keeps its old
    // record until it is closed.
    let record = tab?.id !== undefined ? await bg.tabs.get(tab.id) : null;
    if (record && !sameOrigin(record.href, info.pageUrl ?? tab?.url)) record = null;
    // A record not yet resolved (a backend source defers it) is resolved now:
    // the person has asked for something to be saved against it.
    if (record?.record && !record.resolution && tab?.id !== undefined) record = await bg.tabs.refresh(tab.id);
    const accountId = captureAccountId(record?.resolution);

    const capture = { selectionText: info.selectionText ?? '', pageUrl: info.pageUrl ?? tab?.url, pageTitle: tab?.title };
    const account = accountId ? ((await bg.service.getAccountContext(accountId).catch(() => null))?.account ?? null) : null;
    let id: string;
    if (category) {
      const draft = flagDraftFromSelection(capture, category, accountId, userName);
      if (!draft) return { saved: null, reason: 'no text selected' };
      id = (await bg.service.createFlag(draft)).id;
    } else {
      // A promise on an account is the account's AE's unless the AE is capturing;
      // on no account yet, only an AE can say it was theirs.
      const madeBy = account ? defaultMadeBy({ userName, userRole }, account) : userRole === 'ae' ? userName : undefined;
      const draft = commitmentDraftFromSelection(capture, accountId, userName, madeBy);
      if (!draft) return { saved: null, reason: 'no text selected' };
      id = (await bg.service.createCommitment(draft)).id;
    }

    const text = captureConfirmation(category ? { type: 'flag', category } : { type: 'commitment' }, account?.name ?? null);
    const confirmedBy = await confirm(tab?.id, text);
    return { saved: category ? 'flag' : 'commitment', id, accountId, confirmedBy };
  }

  async function onClickedSafely(info: MenuClick, tab?: MenuTab): Promise<MenuResult> {
    try {
      return await onClicked(info, tab);
    } catch (e) {
      // Nothing was saved: say so where the person is looking rather than fail silently.
      const reason = e instanceof Error ? e.message : String(e);
      await confirm(tab?.id, `Seamline could not save this: ${reason}`);
      return { saved: null, reason };
    }
  }

  api.contextMenus.onClicked.addListener((info, tab) => void onClickedSafely(info, tab));
  api.runtime.onInstalled.addListener(() => void rebuild());
  api.runtime.onStartup.addListener(() => void rebuild());
  store.watch(() => void rebuild());

  return { onClicked: onClickedSafely, rebuild };
}

/** The real browser's APIs in the shape menus need. */
export function menuApiFrom(browser: Browser): MenuApi {
  return browser as unknown as MenuApi;
}
