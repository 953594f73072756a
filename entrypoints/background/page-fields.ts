import type { Browser } from 'webextension-polyfill';
import { safeParseOf } from '../../lib/core/parse';
import { PageFieldTextSchema, parsePageValues } from '../../lib/core/domain/page-values';
import type { Handlers } from './router';
import type { TabRecords } from './tab-records';

// Kept in step with entrypoints/page-fields.ts, which the background cannot
// import (it would pull the field maps into the service worker).
const REQUEST_KEY = 'seamlinePageFieldsRequest';
const SCRIPT = '/page-fields.js';

export type ScriptingApi = Pick<Browser, 'scripting'>;

/**
 * The record's fields as the tab's page shows them, read on request: the
 * field maps are injected into the tab for that one read (never with the
 * content script), return the page's text, and the text is parsed here.
 */
export function pageFieldsHandlers(api: ScriptingApi, tabs: Pick<TabRecords, 'get'>): Pick<Handlers, 'page-fields'> {
  return {
    'page-fields': async ({ tabId: asked }, { role, tabId: own }) => {
      const tabId = role === 'panel-frame' ? own : (asked ?? own);
      const current = tabId === undefined ? null : await tabs.get(tabId);
      if (tabId === undefined || !current?.record) return { ok: false, reason: 'no-record', message: 'This tab shows no CRM record.' };
      const { record, href } = current;
      const target = { tabId, frameIds: [0] };
      let raw: unknown;
      try {
        await api.scripting.executeScript({
          target,
          func: (key: string, request: unknown) => {
            (globalThis as Record<string, unknown>)[key] = request;
          },
          args: [REQUEST_KEY, { href, record: { platform: record.platform, objectType: record.objectType, kind: record.kind } }],
        });
        const [result] = await api.scripting.executeScript({ target, files: [SCRIPT] });
        raw = result?.result;
      } catch (e) {
        return {
          ok: false,
          reason: 'blocked',
          message: `The browser did not let Seamline read this page (${e instanceof Error ? e.message : String(e)}).`,
        };
      }
      if (raw === null || raw === undefined) return { ok: false, reason: 'moved', message: 'The page moved on before its fields were read.' };
      if (!safeParseOf(PageFieldTextSchema, raw).success) {
        return { ok: false, reason: 'blocked', message: 'The page’s fields came back in a form Seamline does not read.' };
      }
      return { ok: true, record, ...parsePageValues(raw) };
    },
  };
}
