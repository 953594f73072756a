import type { Browser } from 'webextension-polyfill';
import { safeParseOf } from '../../lib/core/parse';
import { CHANNEL } from '../../lib/core/messages/channel';
import type { CrmPlatform } from '../../lib/core/domain/crm-record';
import { PanelStateSchema, type ContentConfig } from '../../lib/core/messages/to-background';
import { RecheckReplySchema, type ToContentMessage } from '../../lib/core/messages/to-content';
import type { AccountContext } from '../../lib/core/model';
import { firstPaintOf } from '../../lib/core/messages/first-paint-of';
import type { HealthWeights } from '../../lib/core/domain/health-snapshot';
import type { DraftStore } from './drafts';
import type { FirstPaints } from './first-paints';
import type { Handlers } from './router';
import type { TabRecords } from './tab-records';

type Api = Pick<Browser, 'runtime' | 'tabs' | 'storage'>;

const panelKey = (platform: string) => `panel:${platform}`;

type PanelRequest = 'record-report' | 'frame-check' | 'draft-set' | 'panel-state-set' | 'tab-record' | 'panel-command' | 'open-panel';

/**
 * The injected panel's saved open state and width for each of `platforms`
 * that has one; a saved value that no longer parses is left out (the panel
 * then opens as it does the first time) and is replaced on the next change.
 */
export async function readPanelStates(api: Pick<Browser, 'storage'>, platforms: readonly string[]): Promise<ContentConfig['panelStates']> {
  const saved = await api.storage.local.get(platforms.map(panelKey));
  const states: ContentConfig['panelStates'] = {};
  for (const platform of platforms) {
    const parsed = safeParseOf(PanelStateSchema, saved[panelKey(platform)]);
    if (parsed.success) states[platform as CrmPlatform] = parsed.data;
  }
  return states;
}

export async function sendToTab(api: Pick<Browser, 'tabs'>, tabId: number, message: ToContentMessage): Promise<void> {
  try {
    await api.tabs.sendMessage(tabId, message);
  } catch {
    // A tab without our content script (not a CRM page) has no receiver; that is fine.
  }
}

export interface PanelDeps {
  tabs: TabRecords;
  drafts: DraftStore;
  firstPaints: FirstPaints;
  /**
   * An account's context from the local store, read by its key; undefined
   * when the team backend is the source (the frame asks it itself, so the
   * first answer never waits on the network).
   */
  localContext(accountId: string): Promise<AccountContext | null | undefined>;
  /** The person's health weights, with which the first paint scores the account as the panel does. */
  healthWeights(): Promise<HealthWeights>;
  now(): Date;
  /** Called after a tab's record (or its resolution) changed. */
  onTabRecordChanged(tabId: number): void;
}

/**
 * Tabs and their panels: what each tab's content script reports, the record
 * a panel or popup asks about, the injected panel's open state per platform,
 * and the panel commands the frame and the popup send.
 */
export function installPanelHandlers(api: Api, deps: PanelDeps) {
  const { tabs, drafts, firstPaints } = deps;

  // Resolution is deferred until someone looks: a person opening the panel or
  // popup is when a backend may be called.
  async function lookedAt(tabId: number) {
    const current = await tabs.get(tabId);
    if (current?.record && !current.resolution) return tabs.refresh(tabId);
    return current;
  }

  // Without the webNavigation permission (Chrome warns "Read your browsing
  // history" for it) the background learns only that a tab is loading or
  // done, not where it went. So it asks the tab's page which page it is: the
  // same page (an in-app navigation) re-checks its record itself; another
  // page, or none at all (the tab left for a site Seamline does not run on),
  // means the record held for the tab is of a page the tab has left.
  async function followNavigation(tabId: number) {
    const held = await tabs.pageOf(tabId);
    if (!held) return;
    const recheck: ToContentMessage = { channel: CHANNEL, type: 'recheck' };
    const answer: { page: string | null } | undefined = await api.tabs.sendMessage(tabId, recheck, { frameId: 0 }).then(
      (raw) => {
        const parsed = safeParseOf(RecheckReplySchema, raw);
        return parsed.success ? { page: parsed.data.page } : undefined;
      },
      // No receiver: no content script of ours in the tab's page any more.
      () => ({ page: null }),
    );
    if (!answer || answer.page === held) return;
    if (await tabs.leave(tabId, held)) {
      await firstPaints.drop(held).catch(() => undefined);
      deps.onTabRecordChanged(tabId);
    }
  }
  api.tabs.onUpdated.addListener((tabId, info) => {
    if (info.status) void followNavigation(tabId);
  });
  api.tabs.onRemoved.addListener((tabId) => {
    // Asked before the tab's record goes (the tab's queue keeps the order).
    void tabs.pageOf(tabId).then(
      (page) => (page ? firstPaints.drop(page) : undefined),
      () => undefined,
    );
    void tabs.forget(tabId);
    void drafts.forget(tabId);
  });

  const handlers: Pick<Handlers, PanelRequest> = {
    'record-report': async ({ href, record, page, seq }, { tabId }) => {
      if (tabId === undefined) return { ok: false };
      const { changed, stale } = await tabs.report(tabId, href, record, { page, seq });
      if (changed) {
        // Another record on the same page (an in-app navigation): the kept paint shows the last one.
        await firstPaints.drop(page).catch(() => undefined);
        deps.onTabRecordChanged(tabId);
      }
      return { ok: !stale };
    },
    // Only the page whose content script framed the panel knows the id it put
    // in the frame's address: a frame anywhere else (another site framing
    // the panel, or a frame inside the CRM page that is not ours) is told no.
    // The frame's first request is answered with what its first paint needs,
    // so a panel opened (or made again after its tab was hidden) shows the
    // account's heading and health without a round trip more.
    'frame-check': async ({ page }, { tabId }) => {
      if (tabId === undefined || (await tabs.pageOf(tabId)) !== page) return { crmPage: false };
      // Read beside the tab's record; without them the frame paints once its own code has loaded, as before.
      const weighing = deps.healthWeights().catch(() => null);
      const [tab, saved] = await Promise.all([lookedAt(tabId), drafts.get(tabId, page)]);
      const accountId = tab?.resolution?.status === 'linked' ? tab.resolution.accountId : undefined;
      const [value, weights] = await Promise.all([accountId === undefined ? undefined : deps.localContext(accountId), weighing]);
      const firstPaint = value && weights ? firstPaintOf(value, weights, deps.now()) : null;
      // Not waited for: the frame asking now has the answer itself.
      void firstPaints.keep(page, firstPaint).catch(() => undefined);
      return {
        crmPage: true,
        tab,
        context: accountId !== undefined && value !== undefined ? { source: 'local', accountId, value } : null,
        firstPaint,
        drafts: saved,
      };
    },
    'draft-set': async ({ page, field, value }, { tabId }) => {
      if (tabId === undefined || (await tabs.pageOf(tabId)) !== page) return { ok: false };
      await drafts.set(tabId, page, field, value);
      return { ok: true };
    },
    'panel-state-set': async ({ platform, open, width }) => {
      await api.storage.local.set({ [panelKey(platform)]: { open, width } });
      return { ok: true };
    },
    'tab-record': async ({ tabId: asked }, { role, tabId: own }) => {
      // The embedded frame is answered for its own tab, whatever it asks. A
      // top-level extension page in a tab (the popup opened as a page) names
      // the tab it is about, as the toolbar popup does.
      const tabId = role === 'panel-frame' ? own : (asked ?? own);
      if (tabId === undefined) return null;
      return lookedAt(tabId);
    },
    'panel-command': async ({ command, width }, { tabId }) => {
      if (tabId === undefined) return { ok: false };
      if (command === 'close') await sendToTab(api, tabId, { channel: CHANNEL, type: 'close-panel' });
      else if (width) await sendToTab(api, tabId, { channel: CHANNEL, type: 'resize-panel', width });
      return { ok: true };
    },
    // The popup asks for the injected panel, which lives in the tab's content
    // script; the browser's native side panel the popup opens itself (it needs the click).
    'open-panel': async ({ tabId }) => {
      try {
        await api.tabs.sendMessage(tabId, { channel: CHANNEL, type: 'open-panel' } satisfies ToContentMessage);
        return { ok: true };
      } catch {
        return { ok: false, reason: 'no-panel-on-tab' };
      }
    },
  };

  return { handlers };
}
